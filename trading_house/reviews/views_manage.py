"""The enterprise's side: the reviews of its products, and its one answer to each."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.uow import unit_of_work
from trading_house.orders.policies import enterprise_ids_of
from trading_house.reviews import policies, queries, services
from trading_house.reviews.blueprint import bp
from trading_house.reviews.forms import ASPECT_LABELS, AnswerForm


@bp.get("/manage/reviews")
@login_required
def my_reviews():
    ids = enterprise_ids_of(current_user)
    if not ids:
        abort(404)
    return render_template(
        "reviews/manage.html",
        aspect_labels=ASPECT_LABELS,
        reviews=queries.enterprise_reviews(ids),
        form=AnswerForm(),
    )


@bp.post("/manage/reviews/<int:review_id>/answer")
@login_required
def answer_review(review_id: int):
    review = policies.seller_review(current_user, review_id)
    form = AnswerForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.answer_review(current_user, review, form.text.data)
        if work.done:
            flash(_("Your answer is published under the review."), "success")
            return redirect(url_for("reviews.my_reviews"))
    ids = enterprise_ids_of(current_user)
    return (
        render_template(
            "reviews/manage.html",
            aspect_labels=ASPECT_LABELS,
            reviews=queries.enterprise_reviews(ids),
            form=form,
            failed_id=review.id,
        ),
        422,
    )
