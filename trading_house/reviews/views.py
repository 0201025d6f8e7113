"""The buyer's side: write a review of a received line, change it (60 days), report a review."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import limit_uploads
from trading_house.extensions import db
from trading_house.reviews import policies, services
from trading_house.reviews.blueprint import bp
from trading_house.reviews.forms import ReportForm, ReviewForm
from trading_house.reviews.models import ASPECTS, Review


def _stars_of(form: ReviewForm) -> services.Stars:
    return services.Stars(**{aspect: getattr(form, aspect).data for aspect in ASPECTS})


def _photos() -> list[bytes]:
    return [f.read() for f in request.files.getlist("photos") if f and f.filename]


@bp.route("/reviews/lines/<int:order_line_id>/write", methods=["GET", "POST"])
@login_required
@limit_uploads
def write_review(order_line_id: int):
    line = policies.buyer_line(current_user, order_line_id)
    verdict = policies.eligibility(current_user, line)
    if not verdict.allowed:
        flash(str(verdict.reason), "warning")
        return redirect(url_for("orders.order_detail", number=line.order.number))
    form = ReviewForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.write_review(current_user, line, _stars_of(form), form.text.data, _photos())
        if work.done:
            flash(_("Thank you: your review is published."), "success")
            return redirect(url_for("orders.order_detail", number=line.order.number))
    status = 422 if form.is_submitted() else 200
    return render_template("reviews/write.html", form=form, line=line, review=None), status


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def edit_review(review_id: int):
    review = policies.own_review(current_user, review_id)
    line = review.line
    if not policies.can_edit(current_user, review):
        flash(
            _("A review can be changed for 60 days after it was written; this one is older."),
            "warning",
        )
        return redirect(url_for("orders.order_detail", number=line.order.number))
    form = ReviewForm(obj=review)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.edit_review(current_user, review, _stars_of(form), form.text.data)
        if work.done:
            flash(_("Your review is updated."), "success")
            return redirect(url_for("orders.order_detail", number=line.order.number))
    status = 422 if form.is_submitted() else 200
    return render_template("reviews/write.html", form=form, line=line, review=review), status


@bp.route("/reviews/<int:review_id>/report", methods=["GET", "POST"])
@login_required
def report_review(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None or not review.is_published:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.report_review(current_user, review, form.reason.data, form.note.data)
        if work.done:
            flash(_("Thank you. A curator will look at this review."), "success")
            return _back_to(review)
    status = 422 if form.is_submitted() else 200
    return render_template("reviews/report.html", form=form, review=review), status


def _back_to(review: Review):
    if review.product is not None and review.product.is_published:
        return redirect(url_for("catalog.product_detail", slug=review.product.slug))
    return redirect(url_for("catalog.enterprise_page", slug=review.enterprise.slug))
