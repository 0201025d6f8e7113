"""Curators moderate reported reviews: uphold (the review is hidden) or dismiss; restore."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import staff_required
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.reviews import queries, services
from trading_house.reviews.blueprint import bp
from trading_house.reviews.forms import ASPECT_LABELS, DecisionForm
from trading_house.reviews.models import REPORT_LIFECYCLE, ReportStatus, Review, ReviewReport


@bp.get("/staff/reviews/reports")
@staff_required
def report_queue():
    shown = request.args.get("status", ReportStatus.OPEN)
    if shown not in set(ReportStatus):
        shown = ReportStatus.OPEN
    return render_template(
        "reviews/staff_reports.html",
        aspect_labels=ASPECT_LABELS,
        reports=queries.report_queue(shown),
        shown=shown,
        statuses={s: REPORT_LIFECYCLE.label(s) for s in ReportStatus},
        form=DecisionForm(),
    )


@bp.post("/staff/reviews/reports/<int:review_report_id>/decide")
@staff_required
def decide_report(review_report_id: int):
    report = db.session.get(ReviewReport, review_report_id)
    if report is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit() and form.decision.data in ("uphold", "dismiss"):
        with unit_of_work(form) as work:
            services.decide_report(
                current_user,
                report,
                uphold=form.decision.data == "uphold",
                reason=form.reason.data or "",
            )
        if work.done:
            flash(
                _("The review is hidden.")
                if form.decision.data == "uphold"
                else _("The report is dismissed; the review stays."),
                "success",
            )
            return redirect(url_for("reviews.report_queue"))
    else:
        form.form_errors.append(_("Choose to hide the review or to dismiss the report."))
    return (
        render_template(
            "reviews/staff_reports.html",
            aspect_labels=ASPECT_LABELS,
            reports=queries.report_queue(ReportStatus.OPEN),
            shown=ReportStatus.OPEN,
            statuses={s: REPORT_LIFECYCLE.label(s) for s in ReportStatus},
            form=form,
        ),
        422,
    )


@bp.post("/staff/reviews/<int:review_id>/restore")
@staff_required
def restore_review(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    form = DecisionForm(decision="restore")
    with unit_of_work() as work:
        services.restore_review(current_user, review, reason=form.reason.data or "")
    if work.done:
        flash(_("The review is published again."), "success")
    return redirect(url_for("reviews.report_queue", status=ReportStatus.UPHELD))
