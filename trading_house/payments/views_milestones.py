"""Orders paid in milestones: staff split an unpaid order and record each part as it arrives;
the buyer sees the parts with their transfer references (``/orders/<number>/milestones``)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.accounts.policies import staff_required
from trading_house.core.errors import NotFound
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.orders import policies as order_policies
from trading_house.payments import milestone_cards, milestones
from trading_house.payments.blueprint import bp
from trading_house.payments.forms import MilestonePaidForm, MilestonePlanForm
from trading_house.payments.milestone_models import PaymentMilestone
from trading_house.payments.providers import ManualTransfer


def _visible_order(number: str):
    try:
        return order_policies.visible_order(current_user, number)
    except NotFound:
        abort(404)


@bp.route("/orders/<number>/milestones")
@login_required
def order_milestones(number: str):
    """The buyer's view: each part, when it is due, its amount and transfer reference."""
    order = _visible_order(number)
    parts = milestones.milestones_of(order)
    if not parts:
        abort(404)
    return render_template(
        "payments/milestones.html",
        order=order,
        parts=parts,
        bank=ManualTransfer().bank_details(),
    )


def _milestone(milestone_id: int) -> PaymentMilestone:
    milestone = db.session.get(PaymentMilestone, milestone_id)
    if milestone is None:
        abort(404)
    return milestone


@bp.post("/milestones/<int:milestone_id>/card")
@login_required
def pay_part_by_card(milestone_id: int):
    """The buyer pays one part by card: the attempt is committed before Stripe hears of it,
    Stripe is asked with no transaction open, its answer kept in a short transaction."""
    milestone = _milestone(milestone_id)
    number = _visible_order(milestone.order.number).number
    back = url_for("payments.order_milestones", number=number)
    with unit_of_work() as work:  # 1. claim: the attempt, under our idempotency key
        checkout = milestone_cards.prepare(milestone, actor=current_user, locale=current_locale())
    if not work.done:
        return redirect(back)
    if checkout.checkout_url is None:
        checkout = milestone_cards.ask_stripe(checkout)  # 2. no transaction open meanwhile
        with unit_of_work() as work:  # 3. record Stripe's answer
            milestone_cards.record_reply(checkout)
        if not work.done:
            return redirect(back)
    if checkout.error is not None:
        flash(str(checkout.error), "danger")
        return redirect(back)
    assert checkout.checkout_url is not None  # Stripe answered with its session
    return redirect(checkout.checkout_url, code=303)


@bp.get("/milestones/<int:milestone_id>/card/return")
@login_required
def part_card_return(milestone_id: int):
    """Stripe sends the buyer back here. This proves nothing: only the webhook marks paid."""
    milestone = _milestone(milestone_id)
    order = _visible_order(milestone.order.number)
    if milestone.is_due:
        flash(
            _(
                "Thank you. We are waiting for Stripe to confirm the payment of part %(n)s; "
                "this page will show it as paid in a moment.",
                n=milestone.position,
            ),
            "info",
        )
    return redirect(url_for("payments.order_milestones", number=order.number))


def _staff_page(order, *, plan_form=None, paid_form=None, status=200):
    return render_template(
        "payments/admin/milestones.html",
        order=order,
        parts=milestones.milestones_of(order),
        to_refund=milestone_cards.to_refund(order),
        shares=milestones.refunds_of(order),
        plan_form=plan_form or MilestonePlanForm(),
        paid_form=paid_form or MilestonePaidForm(),
    ), status


@bp.route("/admin/orders/<number>/milestones", methods=["GET", "POST"])
@staff_required
def admin_milestones(number: str):
    order = _visible_order(number)
    form = MilestonePlanForm()
    if form.validate_on_submit():
        deposit = form.deposit_percent.data * 100
        with unit_of_work(form) as work:
            milestones.plan(
                order,
                [(deposit, "on_order"), (10000 - deposit, form.balance_due.data)],
                actor=current_user,
            )
        if work.done:
            flash(_("The order is split into milestones."), "success")
            return redirect(url_for("payments.admin_milestones", number=order.number))
    status = 422 if form.errors or form.form_errors else 200
    return _staff_page(order, plan_form=form, status=status)


@bp.route("/admin/milestones/<int:milestone_id>/paid", methods=["POST"])
@staff_required
def admin_milestone_paid(milestone_id: int):
    milestone = db.session.get(PaymentMilestone, milestone_id)
    if milestone is None:
        abort(404)
    order = milestone.order
    form = MilestonePaidForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            milestones.confirm(
                milestone,
                actor=current_user,
                method=form.method.data,
                received_reference=form.received_reference.data,
            )
        if work.done:
            flash(_("Milestone %(n)s is recorded as paid.", n=milestone.position), "success")
            return redirect(url_for("payments.admin_milestones", number=order.number))
    return _staff_page(order, paid_form=form, status=422)
