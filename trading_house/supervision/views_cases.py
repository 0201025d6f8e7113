"""Special inspection pages: the list, opening a case, and one page per case where the team
diagnoses, recommends, agrees the recovery plan, visits and applies sanctions."""

from enum import StrEnum
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.accounts.models import User, UserRole
from trading_house.cooperatives.models import Cooperative
from trading_house.core import uploads
from trading_house.core.clock import business_today
from trading_house.core.errors import NotFound
from trading_house.core.forms import select_choices
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.supervision import cases
from trading_house.supervision import cases_policies as policies
from trading_house.supervision.blueprint import bp
from trading_house.supervision.case_models import CaseStatus, SpecialCase
from trading_house.supervision.cases_forms import (
    ClinicForm,
    FindingForm,
    MemberForm,
    MoveForm,
    NoteForm,
    OpenCaseForm,
    RecommendationForm,
    RecoveryForm,
    VisitPlanForm,
    VisitRecordForm,
)
from trading_house.supervision.cases_policies import NOT_FOUND
from trading_house.supervision.plan_models import Complaint


@bp.get("/kasus", endpoint="cases")
@login_required
def case_list():
    policies.require_division(current_user)
    rows = db.session.scalars(
        select(SpecialCase)
        .options(selectinload(SpecialCase.cooperative))
        .order_by((SpecialCase.status == CaseStatus.CLOSED), SpecialCase.opened_on.desc())
        .limit(500)
    ).all()
    readable = {case.id for case in rows if policies.can_read_case(current_user, case)}
    return render_template(
        "supervision/cases/list.html", cases=rows, readable=readable, today=business_today()
    )


def _open_form_choices(form: OpenCaseForm) -> None:
    form.cooperative_id.choices = select_choices(
        [("", "—")]
        + [
            (c.id, c.name)
            for c in db.session.execute(
                select(Cooperative.id, Cooperative.name).order_by(Cooperative.name)
            )
        ]
    )
    form.complaint_id.choices = select_choices(
        [("", "—")]
        + [
            (c.id, f"{c.cooperative.name} — {c.received_on.isoformat()} — {c.source}")
            for c in db.session.scalars(
                select(Complaint)
                .options(selectinload(Complaint.cooperative))
                .order_by(Complaint.received_on.desc())
                .limit(200)
            )
        ]
    )


@bp.route("/kasus/baru", methods=["GET", "POST"])
@login_required
def open_case():
    policies.require_division(current_user)
    form = OpenCaseForm()
    _open_form_choices(form)
    if form.validate_on_submit():
        cooperative = db.session.get(Cooperative, form.cooperative_id.data or 0)
        if cooperative is None:
            form.cooperative_id.errors = [_("Choose a cooperative from the list.")]
        else:
            with unit_of_work(form) as work:
                case = cases.open_case(
                    cooperative,
                    trigger=form.trigger.data,
                    note=form.note.data or "",
                    complaint_id=form.complaint_id.data,
                    actor=current_user,
                )
            if work.done:
                flash(_("Special inspection opened."), "success")
                return redirect(url_for("supervision.case_detail", case_id=case.id))
    status = 422 if form.is_submitted() else 200
    return render_template("supervision/cases/open.html", form=form), status


def _team_choices(case: SpecialCase) -> list[tuple]:
    seated = {m.user_id for m in case.members}
    people = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(("examiner", "curator")), User.active.is_(True))
        .order_by(User.display_name)
        .distinct()
    ).all()
    return select_choices(
        [("", "—")] + [(u.id, u.display_name) for u in people if u.id not in seated]
    )


class CaseForm(StrEnum):
    """The forms of a case page, by name (the template reads ``forms.<name>``)."""

    MEMBER = "member"
    FINDING = "finding"
    RECOMMENDATION = "recommendation"
    RECOVERY = "recovery"
    VISIT = "visit"
    RECORD_VISIT = "record_visit"
    SANCTION = "sanction"
    CLOSE = "close"


def _case_page(case: SpecialCase, status: int = 200, **failed):
    forms: dict[str, Any] = {
        CaseForm.MEMBER: MemberForm(formdata=None),
        CaseForm.FINDING: FindingForm(formdata=None),
        CaseForm.RECOMMENDATION: RecommendationForm(formdata=None),
        CaseForm.RECOVERY: RecoveryForm(
            formdata=None,
            plan=case.recovery_plan,
            agreed_on=case.recovery_agreed_on or business_today(),
        ),
        CaseForm.VISIT: VisitPlanForm(formdata=None),
        CaseForm.RECORD_VISIT: VisitRecordForm(formdata=None, visited_on=business_today()),
        CaseForm.SANCTION: NoteForm(formdata=None),
        CaseForm.CLOSE: NoteForm(formdata=None),
    }
    forms.update(failed)
    forms[CaseForm.MEMBER].user_id.choices = _team_choices(case)
    return (
        render_template(
            "supervision/cases/detail.html",
            case=case,
            forms=forms,
            can_work=policies.can_work(current_user, case),
            can_sign=policies.can_sign(current_user, case),
            can_open_clinic=policies.can_open_clinic(current_user, case),
            next_sanction=cases.next_sanction(case),
            examinations=cases.case_examinations(case),
            today=business_today(),
        ),
        status,
    )


@bp.get("/kasus/<int:case_id>")
@login_required
def case_detail(case_id: int):
    return _case_page(policies.get_case(current_user, case_id))


def _post(case: SpecialCase, key: str, form, action, message: str):
    """Validate ``form``, run ``action`` in a unit of work, redirect or re-render (422)."""
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            action()
        if work.done:
            flash(message, "success")
            return redirect(url_for("supervision.case_detail", case_id=case.id))
    return _case_page(case, 422, **{key: form})


@bp.post("/kasus/<int:case_id>/tim")
@login_required
def add_member(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_sign(current_user, case)
    form = MemberForm()
    form.user_id.choices = _team_choices(case)
    return _post(
        case,
        CaseForm.MEMBER,
        form,
        lambda: cases.add_member(case, form.user_id.data, actor=current_user),
        _("Added to the team."),
    )


@bp.post("/kasus/<int:case_id>/temuan")
@login_required
@uploads.limit_uploads
def add_finding(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_work(current_user, case)
    form = FindingForm()

    def action():
        upload = form.evidence.data
        evidence = None
        if upload is not None and upload.filename:
            evidence = (upload.read(), upload.filename)
        cases.add_finding(
            case, track=form.track.data, text=form.text.data, evidence=evidence, actor=current_user
        )

    return _post(case, CaseForm.FINDING, form, action, _("Finding recorded."))


@bp.get("/kasus/<int:case_id>/temuan/<int:finding_id>/bukti")
@login_required
def finding_evidence(case_id: int, finding_id: int):
    case = policies.get_case(current_user, case_id)
    finding = policies.get_finding(case, finding_id)
    if finding.evidence is None:
        raise NotFound(NOT_FOUND)
    return uploads.document_response(finding.evidence)


@bp.post("/kasus/<int:case_id>/rekomendasi")
@login_required
def add_recommendation(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_work(current_user, case)
    form = RecommendationForm()
    return _post(
        case,
        CaseForm.RECOMMENDATION,
        form,
        lambda: cases.add_recommendation(
            case,
            track=form.track.data,
            text=form.text.data,
            owner=form.owner.data,
            due_on=form.due_on.data,
            actor=current_user,
        ),
        _("Recommendation added."),
    )


@bp.post("/kasus/<int:case_id>/rekomendasi/<int:recommendation_id>/status")
@login_required
def move_recommendation(case_id: int, recommendation_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_work(current_user, case)
    recommendation = policies.get_recommendation(case, recommendation_id)
    form = MoveForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            cases.move_recommendation(recommendation, form.to.data, actor=current_user)
        if work.done:
            flash(_("Recommendation updated."), "success")
    return redirect(url_for("supervision.case_detail", case_id=case.id))


@bp.route(
    "/kasus/<int:case_id>/rekomendasi/<int:recommendation_id>/klinik", methods=["GET", "POST"]
)
@login_required
def recommendation_clinic(case_id: int, recommendation_id: int):
    """Open a clinic session (readiness) for the cooperative's seller profile."""
    case = policies.get_case(current_user, case_id)
    recommendation = policies.get_recommendation(case, recommendation_id)
    policies.require_open_clinic(current_user, case)
    form = ClinicForm(formdata=None, held_on=business_today(), advice=recommendation.text)
    if form.is_submitted():
        form = ClinicForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            cases.open_clinic_session(
                recommendation,
                held_on=form.held_on.data,
                topics=form.topics.data or [],
                advice=form.advice.data,
                actor=current_user,
            )
        if work.done:
            flash(_("Clinic session recorded."), "success")
            return redirect(url_for("supervision.case_detail", case_id=case.id))
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "supervision/cases/clinic.html", case=case, recommendation=recommendation, form=form
        ),
        status,
    )


@bp.post("/kasus/<int:case_id>/pemulihan")
@login_required
def agree_recovery(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_sign(current_user, case)
    form = RecoveryForm()
    return _post(
        case,
        CaseForm.RECOVERY,
        form,
        lambda: cases.agree_recovery(
            case, plan=form.plan.data, agreed_on=form.agreed_on.data, actor=current_user
        ),
        _("Recovery plan saved."),
    )


@bp.post("/kasus/<int:case_id>/kunjungan")
@login_required
def plan_visit(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_work(current_user, case)
    form = VisitPlanForm()
    return _post(
        case,
        CaseForm.VISIT,
        form,
        lambda: cases.plan_visit(case, planned_on=form.planned_on.data, actor=current_user),
        _("Visit planned."),
    )


@bp.post("/kasus/<int:case_id>/kunjungan/<int:visit_id>")
@login_required
def record_visit(case_id: int, visit_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_work(current_user, case)
    visit = policies.get_visit(case, visit_id)
    form = VisitRecordForm()
    return _post(
        case,
        CaseForm.RECORD_VISIT,
        form,
        lambda: cases.record_visit(
            visit, visited_on=form.visited_on.data, notes=form.notes.data, actor=current_user
        ),
        _("Visit recorded."),
    )


@bp.post("/kasus/<int:case_id>/sanksi")
@login_required
def apply_sanction(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_sign(current_user, case)
    form = NoteForm()
    return _post(
        case,
        CaseForm.SANCTION,
        form,
        lambda: cases.apply_next_sanction(case, note=form.note.data, actor=current_user),
        _("Sanction applied."),
    )


@bp.post("/kasus/<int:case_id>/pemeriksaan")
@login_required
def start_case_examination(case_id: int):
    """Open a special health examination for the case (examiners on the team, admins)."""
    case = policies.get_case(current_user, case_id)
    policies.require_sign(current_user, case)
    with unit_of_work() as work:
        exam = cases.start_examination(case, actor=current_user)
    if work.done:
        flash(_("Special examination opened."), "success")
        return redirect(url_for("supervision.worksheet", examination_id=exam.id))
    return redirect(url_for("supervision.case_detail", case_id=case.id))


@bp.post("/kasus/<int:case_id>/tutup")
@login_required
def close_case(case_id: int):
    case = policies.get_case(current_user, case_id)
    policies.require_sign(current_user, case)
    form = NoteForm()
    return _post(
        case,
        CaseForm.CLOSE,
        form,
        lambda: cases.close_case(case, note=form.note.data, actor=current_user),
        _("Special inspection closed."),
    )
