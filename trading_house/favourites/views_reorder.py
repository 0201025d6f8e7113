"""Reorder a past order at today's prices; monthly repeat orders and their drafts."""

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.favourites import placing, policies, reorder
from trading_house.favourites.blueprint import bp
from trading_house.favourites.forms import PlaceForm, PostForm, RepeatForm
from trading_house.favourites.models import RepeatOrder


def _place_form(terms) -> PlaceForm:
    return PlaceForm(idempotency_key=secrets.token_urlsafe(24), on_terms=terms.net_terms)


def _preview_page(order, repeat_form=None, status: int = 200, place_form=None, typed=None):
    terms = placing.terms_for(current_user)
    return (
        render_template(
            "favourites/reorder.html",
            title=_("Order %(number)s again", number=order.number),
            lines=reorder.preview(order, terms),
            terms=terms,
            place_form=place_form or _place_form(terms),
            place_action=url_for("favourites.place_reorder", number=order.number),
            typed=typed or {},
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
            terms=placing.Terms(),
            typed={},
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


@bp.post("/orders/<number>/reorder/place")
@login_required
def place_reorder(number: str):
    """A wholesale buyer orders the past order again at once, at the price list's prices."""
    order = policies.own_order(current_user, number)
    terms = placing.terms_for(current_user)
    form = PlaceForm()
    if not (
        form.validate_on_submit() and terms.wholesale and policies.can_reorder(current_user, order)
    ):
        form.form_errors.append(_("Please try again: the form had expired."))
        return _preview_page(order, place_form=form, status=422)
    lines = reorder.preview(order, terms)
    quantities, typed, problems = _typed_lines(lines)
    if problems:
        form.form_errors.extend(str(p) for p in problems)
        return _preview_page(order, place_form=form, typed=typed, status=422)
    with unit_of_work(form) as work:
        placed, created = placing.place(
            current_user,
            order,
            quantities,
            key=form.idempotency_key.data or "",
            on_terms=bool(form.on_terms.data),
            locale=current_locale(),
        )
    if not work.done:
        return _preview_page(order, place_form=form, typed=typed, status=422)
    _tell_placed(placed, created)
    return redirect(url_for("orders.order_detail", number=placed.number))


def _typed_lines(lines):
    """The typed quantity of each line that can be ordered (its old quantity when not typed)."""
    editable = [line for line in lines if line.product_id is not None and line.now_unit_idr]
    quantities = {line.product_id: line.quantity for line in editable if line.available}
    parsed, typed, problems = placing.typed_quantities(
        request.form, [line.product_id for line in editable], current_locale()
    )
    quantities.update(parsed)
    return quantities, typed, problems


def _tell_placed(order, created: bool) -> None:
    if not created:
        flash(
            _(
                "This was already ordered as %(number)s (in another tab or window). "
                "Nothing was ordered twice.",
                number=order.number,
            ),
            "info",
        )
    elif order.payment_method == placing.NET_TERMS_METHOD:
        flash(
            _(
                "Order %(number)s placed on net terms; the invoice is in your invoices.",
                number=order.number,
            ),
            "success",
        )
    else:
        flash(
            _("Order %(number)s placed: please pay it to start shipping.", number=order.number),
            "success",
        )


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


def _draft_page(draft, place_form=None, typed=None, status: int = 200):
    terms = placing.terms_for(current_user)
    return (
        render_template(
            "favourites/draft.html",
            draft=draft,
            lines=reorder.draft_lines(draft, terms),
            terms=terms,
            source=draft.repeat_order.source_order,
            order=None if draft.is_waiting else placing.order_of_draft(draft),
            place_form=place_form or _place_form(terms),
            form=PostForm(),
            typed=typed or {},
        ),
        status,
    )


@bp.get("/repeat-orders/drafts/<int:draft_id>")
@login_required
def draft_page(draft_id: int):
    """This month's draft: today's prices, the change against last time, quantities to edit."""
    return _draft_page(reorder.own_draft(current_user, draft_id))


@bp.post("/repeat-orders/drafts/<int:draft_id>/confirm")
@login_required
def confirm_draft(draft_id: int):
    """One "Confirm order": the draft becomes an order (net terms, or the payment page next)."""
    draft = reorder.own_draft(current_user, draft_id)
    form = PlaceForm()
    if not form.validate_on_submit():
        form.form_errors.append(_("Please try again: the form had expired."))
        return _draft_page(draft, form, status=422)
    quantities, typed, problems = _typed_lines(
        reorder.draft_lines(draft, placing.terms_for(current_user))
    )
    if problems:
        form.form_errors.extend(str(p) for p in problems)
        return _draft_page(draft, form, typed, 422)
    with unit_of_work(form) as work:
        placed, created = placing.confirm_draft(
            current_user,
            draft,
            quantities,
            on_terms=bool(form.on_terms.data),
            locale=current_locale(),
        )
    if not work.done:
        db.session.refresh(draft)
        return _draft_page(draft, form, typed, 422)
    _tell_placed(placed, created)
    return redirect(url_for("orders.order_detail", number=placed.number))


@bp.post("/repeat-orders/drafts/<int:draft_id>/skip")
@login_required
def skip_draft(draft_id: int):
    draft = reorder.own_draft(current_user, draft_id)
    if not PostForm().validate_on_submit():
        flash(_("Please try again: the form had expired."), "warning")
        return redirect(url_for("favourites.draft_page", draft_id=draft.id))
    with unit_of_work() as work:
        reorder.skip_draft(current_user, draft)
    if work.done:
        flash(_("This month's repeat order is skipped."), "success")
    return redirect(url_for("favourites.repeat_orders"))
