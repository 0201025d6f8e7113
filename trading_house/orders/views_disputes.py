"""Payment protection, the buyer's side: confirm receipt of a shipment, or report a problem
with a delivered line (``/orders/<number>/problem``)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from trading_house.core.errors import NotFound
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import limit_uploads
from trading_house.orders import disputes, policies
from trading_house.orders.blueprint import bp
from trading_house.orders.dispute_models import DISPUTE_REASONS
from trading_house.orders.forms import DisputeForm

bp.add_app_template_global(disputes.can_confirm_receipt)


def _own_order(number: str):
    try:
        order = policies.visible_order(current_user, number)
    except NotFound:
        abort(404)
    if order.buyer_id != current_user.id:
        abort(404)
    return order


def _form(order) -> DisputeForm:
    form = DisputeForm()
    delivered = [line for line in order.lines if disputes.is_disputable(line)]
    form.line_id.choices = [
        SelectChoice(line.id, f"{line.quantity} × {line.name}") for line in delivered
    ]
    form.reason.choices = [SelectChoice(k, v) for k, v in DISPUTE_REASONS.items()]
    return form


@bp.route("/orders/<number>/problem", methods=["GET", "POST"])
@login_required
@limit_uploads
def order_problem(number: str):
    """Open a dispute on a delivered line, with evidence; see the disputes of the order."""
    order = _own_order(number)
    form = _form(order)
    if form.validate_on_submit():
        upload = form.evidence.data
        evidence = (upload.read(), upload.filename or "evidence") if upload else None
        with unit_of_work(form) as work:
            disputes.open_dispute(
                order,
                disputes.own_line(order, form.line_id.data),
                actor=current_user,
                reason=form.reason.data,
                quantity=form.quantity.data,
                description=form.description.data,
                evidence=evidence,
            )
        if work.done:
            flash(
                _(
                    "Your dispute is open: the trading house will decide, and the seller is "
                    "not paid for this line until then."
                ),
                "success",
            )
            return redirect(url_for("orders.order_problem", number=order.number))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "orders/problem.html",
        order=order,
        form=form,
        disputes=disputes.disputes_of(order),
        window=disputes.window_days(),
        locale=current_locale(),
    ), status


@bp.route("/orders/<number>/shipments/<int:fulfilment_id>/received", methods=["POST"])
@login_required
def confirm_receipt(number: str, fulfilment_id: int):
    order = _own_order(number)
    fulfilment = next((f for f in order.fulfilments if f.id == fulfilment_id), None)
    if fulfilment is None:
        abort(404)
    with unit_of_work() as work:
        disputes.confirm_receipt(order, fulfilment, actor=current_user)
    if work.done:
        flash(_("Thank you: the seller can now be paid for this shipment."), "success")
    return redirect(url_for("orders.order_detail", number=order.number))
