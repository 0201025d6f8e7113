"""Curator pages: the verification queue, one review screen per enterprise, the clinic, the
enterprise list and the provincial dashboard."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from trading_house.core.clock import utcnow
from trading_house.core.i18n import current_locale
from trading_house.core.pagination import Page, count_rows, parse_page
from trading_house.core.uow import unit_of_work
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import REGENCIES, regency_choices
from trading_house.extensions import db
from trading_house.readiness import charts, clinic, dashboard, exports, policies, services
from trading_house.readiness.blueprint import bp
from trading_house.readiness.formats import local_today
from trading_house.readiness.forms import ClinicSessionForm, ReviewForm
from trading_house.readiness.grades import GRADE_FILLS
from trading_house.readiness.models import GRADES, EnterpriseGrade
from trading_house.readiness.status import AnswerStatus

PER_PAGE = 50


@bp.get("/verification")
def verification_queue():
    """Enterprises with answers waiting, the longest-waiting first (as in the curation queue)."""
    policies.require_staff(current_user)
    regency = request.args.get("regency") if request.args.get("regency") in REGENCIES else None
    typed_age = parse_page(request.args.get("age"), default=0)
    age = typed_age if typed_age in services.QUEUE_AGES else None
    sort = "newest" if request.args.get("sort") == "newest" else "oldest"
    rows = services.verification_queue(regency=regency, older_than_days=age, sort=sort)
    page_number = parse_page(request.args.get("page"))
    page = Page(
        items=rows[(page_number - 1) * PER_PAGE : page_number * PER_PAGE],
        page=page_number,
        per_page=PER_PAGE,
        total=len(rows),
    )
    now = utcnow()
    waiting = {
        row.enterprise.id: format_timedelta(now - row.waiting_since, add_direction=False)
        for row in page.items
    }
    return render_template(
        "readiness/verification_queue.html",
        page=page,
        waiting=waiting,
        filters={"regency": regency, "age": age, "sort": sort},
        regencies=regency_choices(),
        ages=services.QUEUE_AGES,
        overdue=clinic.overdue_follow_ups(),
        today=local_today(),
    )


@bp.get("/verification/<int:enterprise_id>")
def verify_enterprise(enterprise_id: int, forms=None, status: int = 200):
    """One screen per enterprise: every waiting answer with its evidence, verify or reject."""
    policies.require_staff(current_user)
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    answers = services.answers_to_review(enterprise)
    forms = forms or {}
    for answer in answers:
        forms.setdefault(answer.id, ReviewForm(prefix=f"r{answer.id}", formdata=None))
    return render_template(
        "readiness/verify_enterprise.html",
        enterprise=enterprise,
        answers=answers,
        forms=forms,
        today=local_today(),
    ), status


@bp.post("/answers/<int:answer_id>/review")
def review(answer_id: int):
    answer = policies.reviewable_answer(current_user, answer_id)
    enterprise_id = answer.enterprise_id
    form = ReviewForm(prefix=f"r{answer_id}")
    if form.validate():
        decision = (
            AnswerStatus.VERIFIED
            if form.verify.data
            else AnswerStatus.REJECTED
            if form.reject.data
            else ""
        )
        with unit_of_work(form, flash_form_errors=True) as work:
            services.review_answer(answer, decision, actor=current_user, note=form.note.data)
        if work.done:
            verified = decision == AnswerStatus.VERIFIED
            message = _("Verified.") if verified else _("Rejected with your note.")
            flash(message, "success")
            return redirect(url_for("readiness.verify_enterprise", enterprise_id=enterprise_id))
    return verify_enterprise(enterprise_id, forms={answer_id: form}, status=400)


@bp.get("/enterprises")
def enterprises():
    """Every enterprise with its cached grade; search by name, filter by regency and grade."""
    policies.require_staff(current_user)
    query = (
        select(Enterprise, EnterpriseGrade)
        .outerjoin(EnterpriseGrade, EnterpriseGrade.enterprise_id == Enterprise.id)
        .order_by(Enterprise.name, Enterprise.id)
    )
    q = (request.args.get("q") or "").strip()[:100]
    if q:
        pattern = "%" + q.replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = query.where(or_(Enterprise.name.ilike(pattern), Enterprise.slug.ilike(pattern)))
    regency = request.args.get("regency")
    if regency in REGENCIES:
        query = query.where(Enterprise.regency_code == regency)
    grade = request.args.get("grade")
    if grade in GRADES:
        condition = EnterpriseGrade.grade == grade
        if grade == "D":
            condition = or_(condition, EnterpriseGrade.grade.is_(None))
        query = query.where(condition)
    total = count_rows(query)
    page = parse_page(request.args.get("page"))
    rows = db.session.execute(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template(
        "readiness/enterprises.html",
        page=Page(items=rows, page=page, per_page=PER_PAGE, total=total or 0),
        regencies=regency_choices(),
        grades=GRADES,
        q=q,
    )


@bp.route("/e/<int:enterprise_id>/clinic", methods=["GET", "POST"], endpoint="clinic")
def clinic_page(enterprise_id: int):
    """Clinic sessions of an enterprise: members read them, curators record new ones."""
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    is_staff = policies.is_staff(current_user)
    form = ClinicSessionForm() if is_staff else None
    if form is not None:
        targets = [("", _("— none (closed by hand) —"))] + clinic.follow_up_targets(
            enterprise, current_locale()
        )
        for entry in form.follow_ups:
            entry.form.item.choices = targets
    status = 200
    if request.method == "POST":
        policies.require_staff(current_user)
        if form is not None and form.validate():
            with unit_of_work(form) as work:
                clinic.record_session(
                    enterprise,
                    curator=current_user,
                    held_on=form.held_on.data,
                    topics=form.topics.data or [],
                    advice=form.advice.data,
                    follow_ups=[
                        (f.form.description.data, f.form.due_on.data, f.form.item.data)
                        for f in form.follow_ups
                    ],
                )
            if work.done:
                flash(_("Clinic session recorded."), "success")
                return redirect(url_for("readiness.clinic", enterprise_id=enterprise.id))
        status = 400
    elif form is not None and not form.held_on.data:
        form.held_on.data = local_today()
    return render_template(
        "readiness/clinic.html",
        enterprise=enterprise,
        sessions=clinic.sessions_for(enterprise),
        form=form,
        today=local_today(),
        can_mark=is_staff or policies.is_member(current_user, enterprise.id),
    ), status


@bp.post("/follow-ups/<int:follow_up_id>/done")
def follow_up_done(follow_up_id: int):
    follow_up = policies.follow_up_for(current_user, follow_up_id)
    with unit_of_work():
        clinic.mark_done(follow_up, actor=current_user)
    flash(_("Follow-up marked as done."), "success")
    target = request.form.get("next")
    if target == "dashboard" and policies.is_member(current_user, follow_up.session.enterprise_id):
        return redirect(url_for("enterprises.dashboard"))
    return redirect(url_for("readiness.clinic", enterprise_id=follow_up.session.enterprise_id))


@bp.get("/dashboard", endpoint="dashboard")
def provincial_dashboard():
    """The provincial office's numbers with SVG charts; every table downloads."""
    policies.require_staff(current_user)
    locale = current_locale()
    tables = {name: build(locale) for name, build in dashboard.TABLES.items()}
    return render_template(
        "readiness/dashboard.html", tables=tables, charts=_charts(tables), grades=GRADES
    )


def _grade_series(table, columns=GRADES):
    body = table.rows[:-1] if table.rows and table.rows[-1][0] == _("Total") else table.rows
    labels = [str(r[0]) for r in body]
    series = [(g, GRADE_FILLS[g], [r[1 + i] for r in body]) for i, g in enumerate(columns)]
    return labels, series


def _charts(tables) -> dict:
    result = {}
    for name in ("enterprises_by_regency", "products_by_category", "products_by_regency"):
        labels, series = _grade_series(tables[name])
        result[name] = charts.stacked_bars(tables[name].title, labels, series)
    labels, series = _grade_series(tables["grades_over_time"])
    result["grades_over_time"] = charts.stacked_columns(
        tables["grades_over_time"].title, labels, series
    )
    missing = tables["missing_items"]
    result["missing_items"] = charts.bars(
        missing.title, [str(r[0])[:32] for r in missing.rows], [r[4] for r in missing.rows]
    )
    activity = tables["clinic_activity"]
    result["clinic_activity"] = charts.stacked_columns(
        activity.title,
        [r[0] for r in activity.rows],
        [(_("Sessions"), "#7a2e1d", [r[1] for r in activity.rows])],
    )
    return result


@bp.get("/dashboard/<name>.<fmt>")
def dashboard_export(name: str, fmt: str):
    policies.require_staff(current_user)
    build = dashboard.TABLES.get(name)
    if build is None or fmt not in ("csv", "xlsx"):
        abort(404)
    table = build(current_locale())
    stamp = local_today().isoformat()
    if fmt == "csv":
        body, mimetype = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(table)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
