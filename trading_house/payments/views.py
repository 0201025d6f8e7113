"""Paying orders (bank transfer, Stripe Checkout), the Stripe webhook, and the trading
house's payment screens (Blueprint ``payments``). Ledger screens are in ``ledger_views``."""

import stripe
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.core.errors import DomainError, InvalidTransition, NotFound
from trading_house.core.templating import current_locale
from trading_house.core.tx import commit, rollback
from trading_house.core.uploads import document_response, limit_uploads
from trading_house.extensions import csrf, db, limiter, login_manager
from trading_house.orders import policies as order_policies
from trading_house.orders.models import Order
from trading_house.payments import services, stripe_provider, webhooks
from trading_house.payments.forms import ProofForm, RefundForm, RejectProofForm
from trading_house.payments.models import Payment, Refund
from trading_house.payments.providers import ManualTransfer, StripeCheckout

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.app_template_global()
def payment_panel(order) -> dict:
    """What the order page shows about paying: transfer instructions, proof state, card."""
    return {
        "transfer": ManualTransfer().instructions(order),
        "bank_payment": services.bank_payment(order),
        "card": StripeCheckout().available(),
        "proof_form": ProofForm(),
    }


def _order(number: str) -> Order:
    try:
        return order_policies.visible_order(current_user, number)
    except NotFound:
        abort(404)


def _own_order(number: str) -> Order:
    order = _order(number)
    if order.buyer_id != current_user.id:
        abort(404)
    return order


@bp.post("/orders/<number>/proof")
@login_required
@limit_uploads
def upload_proof(number: str):
    order = _own_order(number)
    form = ProofForm()
    if form.validate_on_submit():
        upload = form.proof.data
        try:
            services.submit_proof(
                order, upload.read(), upload.filename or "proof", actor=current_user
            )
            commit()
        except DomainError as exc:
            rollback()
            form.proof.errors = [exc.message]
        else:
            flash(_("Thank you. We will check your transfer and confirm it."), "success")
            return redirect(url_for("orders.order_detail", number=number))
    order = _own_order(number)
    panel = payment_panel(order)
    panel["proof_form"] = form
    return render_template("payments/proof_failed.html", order=order, panel=panel), 422


@bp.get("/orders/<number>/proof")
@login_required
def proof_file(number: str):
    order = _order(number)
    payment = services.bank_payment(order)
    if payment is None or payment.proof is None:
        abort(404)
    return document_response(payment.proof)


@bp.post("/orders/<number>/card")
@login_required
def pay_by_card(number: str):
    order = _own_order(number)
    try:
        payment = stripe_provider.start_checkout(order, actor=current_user, locale=current_locale())
        commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
        return redirect(url_for("orders.order_detail", number=number))
    return redirect(payment.checkout_url, code=303)


@bp.get("/orders/<number>/card/return")
@login_required
def card_return(number: str):
    """Stripe sends the buyer back here. This proves nothing: only the webhook marks paid."""
    order = _own_order(number)
    if order.status == "pending_payment":
        flash(
            _(
                "Thank you. We are waiting for Stripe to confirm your payment; this page "
                "will show it as paid in a moment."
            ),
            "info",
        )
    return redirect(url_for("orders.order_detail", number=number))


@bp.post("/stripe/webhook")
@csrf.exempt
@limiter.exempt
def stripe_webhook():
    """Stripe's calls. A bad signature or a stale timestamp is a 400 and changes nothing."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        return jsonify(error="webhooks are not configured"), 400
    try:
        event = stripe.Webhook.construct_event(
            request.get_data(), request.headers.get("Stripe-Signature"), secret
        )
    except (ValueError, stripe.SignatureVerificationError):
        return jsonify(error="invalid signature or payload"), 400
    try:
        outcome = webhooks.handle_event(event)
        commit()
    except IntegrityError:
        rollback()  # the same event, delivered twice at the same moment: the other one won
        outcome = "duplicate"
    except InvalidTransition:
        rollback()  # the order changed under us: Stripe retries later and we look again
        return jsonify(error="conflict, retry"), 409
    return jsonify(received=True, outcome=outcome)


# --- Trading-house screens -------------------------------------------------------------------


def require_admin() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.has_role("admin"):
        abort(403)


@bp.get("/admin/transfers")
def transfers():
    require_admin()
    waiting = db.session.scalars(
        select(Payment)
        .join(Order, Order.id == Payment.order_id)
        .where(Payment.status == "proof_submitted", Order.status == "pending_payment")
        .order_by(Payment.proof_uploaded_at)
    ).all()
    unpaid = db.session.scalars(
        select(Order)
        .where(Order.status == "pending_payment", Order.payment_method == "bank_transfer")
        .order_by(Order.id.desc())
        .limit(100)
    ).all()
    return render_template(
        "payments/admin/transfers.html",
        waiting=waiting,
        unpaid=unpaid,
        reject_form=RejectProofForm(),
    )


def _admin_order(number: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.number == number[:20]))
    if order is None:
        abort(404)
    return order


@bp.post("/admin/orders/<number>/confirm")
def confirm_transfer(number: str):
    require_admin()
    order = _admin_order(number)
    try:
        services.confirm_transfer(order, actor=current_user)
        commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
    else:
        flash(_("Payment of %(number)s confirmed.", number=number), "success")
    if request.form.get("next") == "order":
        return redirect(url_for("orders.admin_order", number=number))
    return redirect(url_for("payments.transfers"))


@bp.post("/admin/orders/<number>/reject")
def reject_proof(number: str):
    require_admin()
    order = _admin_order(number)
    form = RejectProofForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(_("Tell the buyer what is wrong with the proof."))
        services.reject_proof(order, actor=current_user, reason=form.reason.data)
        commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
    else:
        flash(_("The buyer was asked for a new proof."), "info")
    return redirect(url_for("payments.transfers"))


@bp.route("/admin/orders/<number>/refund", methods=["GET", "POST"])
def refund(number: str):
    require_admin()
    order = _admin_order(number)
    form = RefundForm()
    typed, errors = {}, {}
    if form.validate_on_submit():
        quantities = {}
        for line in order.lines:
            raw = request.form.get(f"line-{line.id}", "").strip()
            typed[line.id] = raw
            if raw:
                try:
                    quantities[line.id] = int(raw)
                except ValueError:
                    errors[line.id] = _("Enter a whole number.")
        if not errors:
            try:
                services.refund(
                    order,
                    actor=current_user,
                    quantities=quantities,
                    include_shipping=form.include_shipping.data,
                    reason=form.reason.data,
                )
                commit()
            except DomainError as exc:
                rollback()
                order = _admin_order(number)
                flash(str(exc.message), "danger")
            else:
                flash(_("Refund recorded for %(number)s.", number=number), "success")
                return redirect(url_for("orders.admin_order", number=number))
    refunds = db.session.scalars(select(Refund).where(Refund.order_id == order.id)).all()
    status = 422 if request.method == "POST" else 200
    return render_template(
        "payments/admin/refund.html",
        order=order,
        form=form,
        typed=typed,
        errors=errors,
        refunds=refunds,
        payment=services.succeeded_payment(order),
    ), status


@bp.post("/admin/orders/<number>/refund-all")
def refund_all(number: str):
    """Cancel a paid order: refund everything (stock of what never left returns)."""
    require_admin()
    order = _admin_order(number)
    reason = (request.form.get("reason") or "").strip() or _("Cancelled by the trading house")
    try:
        services.refund(order, actor=current_user, quantities=None, reason=reason)
        commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
    else:
        flash(_("Order %(number)s refunded in full.", number=number), "success")
    return redirect(url_for("orders.admin_order", number=number))


from trading_house.payments import ledger_views  # noqa: E402,F401  (routes)
