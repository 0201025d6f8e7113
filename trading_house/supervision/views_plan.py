"""The division's plan pages: the yearly plan ranked by risk, examiners' capacities,
complaints, and the admin's settings (pooled-deal minimum, sanction ladder)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from trading_house.accounts.models import User
from trading_house.accounts.policies import require_admin
from trading_house.cooperatives.models import Cooperative
from trading_house.core.clock import business_today
from trading_house.core.errors import NotFound
from trading_house.core.forms import select_choices
from trading_house.core.pagination import Page, parse_page
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.supervision import cases, plan_settings
from trading_house.supervision import cases_policies as policies
from trading_house.supervision import plan as plans
from trading_house.supervision.blueprint import bp
from trading_house.supervision.case_models import SanctionStep
from trading_house.supervision.cases_policies import NOT_FOUND
from trading_house.supervision.plan_forms import (
    AssignForm,
    BuildPlanForm,
    CapacityForm,
    ComplaintForm,
    SanctionStepForm,
    SettingsForm,
)
from trading_house.supervision.plan_models import Complaint, PlanEntry
from trading_house.supervision.risk import reason_text

PER_PAGE = 50


@bp.app_template_global()
def cooperative_health(enterprise):
    """Predicate and certificate validity of a cooperative seller (public page), or None."""
    return plan_settings.public_health(enterprise)


@bp.app_template_global()
def supervision_reason(reason: dict) -> str:
    return reason_text(reason.get("code", ""), reason.get("data") or {})


def _year() -> int:
    years = plans.plan_years()
    year = parse_page(request.args.get("year"), default=years[0])
    return year if year in years else years[0]


def _examiner_choices() -> list[tuple]:
    return select_choices(
        [("", _("Uncovered"))] + [(u.id, u.display_name) for u in plans.examiners()]
    )


@bp.get("/rencana", endpoint="plan")
@login_required
def plan_page(build_form=None, status=200):
    """The plan of a year: ranked cooperatives, their examiner, what is left uncovered."""
    policies.require_division(current_user)
    year = _year()
    plan = plans.plan_for(year)
    show = request.args.get("show")
    page = None
    if plan is not None:
        query = select(PlanEntry).where(PlanEntry.plan_id == plan.id)
        if show == "uncovered":
            query = query.where(PlanEntry.examiner_id.is_(None))
        elif show == "mine":
            query = query.where(PlanEntry.examiner_id == current_user.id)
        total = db.session.scalar(query.with_only_columns(func.count()).order_by(None)) or 0
        number = parse_page(request.args.get("page"))
        items = db.session.scalars(
            query.options(selectinload(PlanEntry.cooperative), selectinload(PlanEntry.examiner))
            .order_by(PlanEntry.rank)
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        ).all()
        page = Page(items=items, page=number, per_page=PER_PAGE, total=total)
    counts = (
        db.session.execute(
            select(func.count(), func.count(PlanEntry.examiner_id)).where(
                PlanEntry.plan_id == plan.id
            )
        ).one()
        if plan is not None
        else (0, 0)
    )
    entries, uncovered = counts[0], counts[0] - counts[1]
    assign_form = AssignForm()
    assign_form.examiner_id.choices = _examiner_choices()
    return (
        render_template(
            "supervision/plan/plan.html",
            year=year,
            years=plans.plan_years(),
            plan=plan,
            page=page,
            show=show,
            entries=entries,
            uncovered=uncovered,
            workloads=plans.workloads(plan),
            build_form=build_form or BuildPlanForm(year=year),
            assign_form=assign_form,
            is_admin=current_user.has_role("admin"),
        ),
        status,
    )


@bp.post("/rencana/susun")
@login_required
def build_plan():
    require_admin(current_user)
    form = BuildPlanForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            plan = plans.build_plan(form.year.data, actor=current_user)
        if work.done:
            flash(_("The plan for %(year)s is built.", year=plan.year), "success")
            return redirect(url_for("supervision.plan", year=plan.year))
    return plan_page(build_form=form, status=422)


@bp.post("/rencana/entri/<int:entry_id>")
@login_required
def assign_entry(entry_id: int):
    require_admin(current_user)
    entry = db.session.get(PlanEntry, entry_id)
    if entry is None:
        raise NotFound(NOT_FOUND)
    form = AssignForm()
    form.examiner_id.choices = _examiner_choices()
    year = entry.plan.year
    if form.validate_on_submit():
        with unit_of_work() as work:
            plans.assign_entry(entry, form.examiner_id.data, actor=current_user)
        if work.done:
            flash(_("Assignment saved."), "success")
    else:
        flash(_("Choose an examiner from the list."), "danger")
    return redirect(url_for("supervision.plan", year=year))


@bp.get("/pemeriksa", endpoint="examiners")
@login_required
def examiners_page(failed=None, status=200):
    require_admin(current_user)
    plan = plans.plan_for(business_today().year)
    forms = {
        w.examiner.id: CapacityForm(formdata=None, capacity=w.capacity)
        for w in plans.workloads(plan)
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return (
        render_template(
            "supervision/plan/examiners.html", workloads=plans.workloads(plan), forms=forms
        ),
        status,
    )


@bp.post("/pemeriksa/<int:user_id>")
@login_required
def set_capacity(user_id: int):
    require_admin(current_user)
    examiner = db.session.get(User, user_id)
    if examiner is None or not plans.is_active_examiner(examiner):
        raise NotFound(NOT_FOUND)
    form = CapacityForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            plans.set_capacity(examiner, form.capacity.data, actor=current_user)
        if work.done:
            flash(_("Capacity saved."), "success")
            return redirect(url_for("supervision.examiners"))
    return examiners_page(failed=(examiner.id, form), status=422)


def _cooperative_choices() -> list[tuple]:
    rows = db.session.execute(select(Cooperative.id, Cooperative.name).order_by(Cooperative.name))
    return select_choices([("", "—")] + [(cid, name) for cid, name in rows])


@bp.get("/pengaduan", endpoint="complaints")
@login_required
def complaints_page(form=None, status=200):
    policies.require_division(current_user)
    if form is None:
        form = ComplaintForm(formdata=None, received_on=business_today())
    form.cooperative_id.choices = _cooperative_choices()
    complaints = db.session.scalars(
        select(Complaint)
        .options(selectinload(Complaint.cooperative))
        .order_by(Complaint.received_on.desc(), Complaint.id.desc())
        .limit(200)
    ).all()
    return (
        render_template("supervision/plan/complaints.html", form=form, complaints=complaints),
        status,
    )


@bp.post("/pengaduan")
@login_required
def log_complaint():
    policies.require_division(current_user)
    form = ComplaintForm()
    form.cooperative_id.choices = _cooperative_choices()
    if form.validate_on_submit():
        cooperative = db.session.get(Cooperative, form.cooperative_id.data or 0)
        if cooperative is None:
            form.cooperative_id.errors = [_("Choose a cooperative from the list.")]
            return complaints_page(form=form, status=422)
        with unit_of_work(form) as work:
            cases.log_complaint(
                cooperative,
                received_on=form.received_on.data,
                source=form.source.data,
                summary=form.summary.data,
                actor=current_user,
            )
        if work.done:
            flash(_("Complaint logged."), "success")
            return redirect(url_for("supervision.complaints"))
    return complaints_page(form=form, status=422)


@bp.get("/pengaturan", endpoint="settings")
@login_required
def settings_page(form=None, step_form=None, status=200):
    require_admin(current_user)
    current = plan_settings.current_settings()
    if form is None:
        form = SettingsForm(
            formdata=None,
            pool_min_predicate=(current.pool_min_predicate if current else None) or "",
        )
    return (
        render_template(
            "supervision/plan/settings.html",
            form=form,
            step_form=step_form or SanctionStepForm(formdata=None),
            ladder=plan_settings.ladder(),
        ),
        status,
    )


@bp.post("/pengaturan")
@login_required
def save_settings():
    require_admin(current_user)
    form = SettingsForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            plan_settings.save_division_settings(
                pool_min_predicate=form.pool_min_predicate.data, actor=current_user
            )
        if work.done:
            flash(_("Settings saved."), "success")
            return redirect(url_for("supervision.settings"))
    return settings_page(form=form, status=422)


@bp.post("/pengaturan/sanksi")
@login_required
def add_sanction_step():
    require_admin(current_user)
    form = SanctionStepForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            plan_settings.add_step(
                kind=form.kind.data,
                title=form.title.data,
                response_days=form.response_days.data,
                actor=current_user,
            )
        if work.done:
            flash(_("Step added to the ladder."), "success")
            return redirect(url_for("supervision.settings"))
    return settings_page(step_form=form, status=422)


@bp.post("/pengaturan/sanksi/<int:step_id>/hapus")
@login_required
def remove_sanction_step(step_id: int):
    require_admin(current_user)
    step = db.session.get(SanctionStep, step_id)
    if step is None:
        raise NotFound(NOT_FOUND)
    with unit_of_work() as work:
        plan_settings.remove_last_step(step, actor=current_user)
    if work.done:
        flash(_("Step removed."), "success")
    return redirect(url_for("supervision.settings"))
