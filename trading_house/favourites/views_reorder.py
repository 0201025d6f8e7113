"""Reorder a past order at today's prices; monthly repeat orders and their drafts."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.favourites import policies, reorder
from trading_house.favourites.blueprint import bp
from trading_house.favourites.forms import PostForm, RepeatForm
from trading_house.favourites.models import RepeatOrder


def _preview_page(order, repeat_form=None, status: int = 200):
    return (
        render_template(
            "favourites/reorder.html",
            title=_("Order %(number)s again", number=order.number),
            lines=reorder.preview(order),
            action=url_for("favourites.reorder_order", number=order.number),
            back=url_for("orders.order_detail", number=order.number),
            order=order,
            form=PostForm(),
            repeat_form=repeat_form or RepeatForm(),
            can_reorder=policies.can_reorder(current_user, order),
        ),
        status,
    )


def _quotation_page(quotation, status: int = 200):
    return (
        render_template(
            "favourites/reorder.html",
            title=_("Quotation %(number)s again", number=quotation.number or quotation.id),
            lines=reorder.quotation_preview(quotation),
            action=url_for("favourites.reorder_quotation", quotation_id=quotation.id),
            back=url_for("inquiries.thread", inquiry_id=quotation.inquiry_id),
            order=None,
            form=PostForm(),
            can_reorder=True,
        ),
        status,
    )


@bp.get("/quotations/<int:quotation_id>/reorder")
@login_required
def reorder_quotation_preview(quotation_id: int):
    return _quotation_page(policies.own_quotation(current_user, quotation_id))


@bp.post("/quotations/<int:quotation_id>/reorder")
@login_required
def reorder_quotation(quotation_id: int):
    quotation = policies.own_quotation(current_user, quotation_id)
    if not PostForm().validate_on_submit():
        flash(_("Please try again: the form had expired."), "warning")
        return _quotation_page(quotation, 422)
    with unit_of_work() as work:
        added, left_out = reorder.reorder_quotation_into_cart(current_user, quotation)
    if not work.done:
        return _quotation_page(quotation, 422)
    _tell_what_was_added(added, left_out)
    return redirect(url_for("orders.cart"))


@bp.get("/orders/<number>/reorder")
@login_required
def reorder_preview(number: str):
    return _preview_page(policies.own_order(current_user, number))


@bp.post("/orders/<number>/reorder")
@login_required
def reorder_order(number: str):
    order = policies.own_order(current_user, number)
    form = PostForm()
    if not (form.validate_on_submit() and policies.can_reorder(current_user, order)):
        flash(_("Only a paid order of yours can be ordered again."), "warning")
        return _preview_page(order, status=422)
    with unit_of_work() as work:
        added, left_out = reorder.reorder_into_cart(current_user, order)
    if not work.done:
        return _preview_page(order, status=422)
    _tell_what_was_added(added, left_out)
    return redirect(url_for("orders.cart"))


def _tell_what_was_added(added, left_out) -> None:
    flash(
        ngettext(
            "%(num)s product is in your cart at today's price.",
            "%(num)s products are in your cart at today's prices.",
            len(added),
        ),
        "success",
    )
    if left_out:
        flash(
            ngettext(
                "%(num)s product could not be added (sold out or no longer listed).",
                "%(num)s products could not be added (sold out or no longer listed).",
                len(left_out),
            ),
            "warning",
        )


@bp.post("/orders/<number>/repeat")
@login_required
def start_repeat(number: str):
    order = policies.own_order(current_user, number)
    form = RepeatForm()
    if form.validate_on_submit() and policies.can_reorder(current_user, order):
        with unit_of_work(form) as work:
            repeat = reorder.start_repeat(current_user, order, form.day_of_month.data)
        if work.done:
            flash(
                _(
                    "Repeat order set: on %(date)s a draft at that day's prices waits for you.",
                    date=repeat.next_run_on.isoformat(),
                ),
                "success",
            )
            return redirect(url_for("favourites.repeat_orders"))
    elif form.is_submitted() and not policies.can_reorder(current_user, order):
        form.form_errors.append(_("Only a paid order of yours can be repeated."))
    return _preview_page(order, form, 422)


@bp.get("/repeat-orders")
@login_required
def repeat_orders():
    return render_template(
        "favourites/repeats.html", repeats=reorder.repeats_of(current_user), form=PostForm()
    )


@bp.post("/repeat-orders/<int:repeat_id>/stop")
@login_required
def stop_repeat(repeat_id: int):
    repeat = db.session.get(RepeatOrder, repeat_id)
    if repeat is None or repeat.buyer_id != current_user.id:
        abort(404)
    if PostForm().validate_on_submit():
        with unit_of_work() as work:
            reorder.stop_repeat(current_user, repeat)
        if work.done:
            flash(_("Repeat order stopped."), "success")
    return redirect(url_for("favourites.repeat_orders"))


@bp.post("/repeat-orders/drafts/<int:draft_id>/<decision>")
@login_required
def decide_draft(draft_id: int, decision: str):
    if decision not in ("confirm", "skip"):
        abort(404)
    draft = reorder.own_draft(current_user, draft_id)
    if not PostForm().validate_on_submit():
        flash(_("Please try again: the form had expired."), "warning")
        return redirect(url_for("favourites.repeat_orders"))
    with unit_of_work() as work:
        if decision == "confirm":
            reorder.confirm_draft(current_user, draft)
        else:
            reorder.skip_draft(current_user, draft)
    if work.done and decision == "confirm":
        flash(
            _("The products are in your cart at this month's prices: check out to order."),
            "success",
        )
        return redirect(url_for("orders.cart"))
    if work.done:
        flash(_("This month's repeat order is skipped."), "success")
    return redirect(url_for("favourites.repeat_orders"))
