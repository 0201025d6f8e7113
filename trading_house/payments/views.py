"""Paying orders (bank transfer, Stripe Checkout), the Stripe webhook, and the trading
house's payment screens (Blueprint ``payments``). Ledger screens are in ``views_ledger``."""

import stripe
from flask import (
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
from flask_login import current_user, fresh_login_required, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from trading_house.accounts.policies import admin_page_guard
from trading_house.core.errors import DomainError, InvalidTransition, NotFound
from trading_house.core.templating import current_locale
from trading_house.core.tx import commit, rollback
from trading_house.core.uploads import document_response, limit_uploads
from trading_house.extensions import csrf, db, limiter
from trading_house.orders import policies as order_policies
from trading_house.orders.models import Order
from trading_house.payments import receivers, services, stripe_provider, webhooks
from trading_house.payments.blueprint import bp
from trading_house.payments.forms import (
    ConfirmTransferForm,
    ProofForm,
    RefundForm,
    RejectProofForm,
    ReturnMoneyForm,
)
from trading_house.payments.models import Payment, Refund, TransferReceipt
from trading_house.payments.providers import ManualTransfer, StripeCheckout

receivers.connect()


@bp.app_template_global()
def payment_panel(order) -> dict:
    """What the order page shows about paying: transfer instructions, proof state, card."""
    return {
        "transfer": ManualTransfer().instructions(order),
        "bank_payment": services.bank_payment(order),
        "card": StripeCheckout().available(),
        "proof_form": ProofForm(),
    }


@bp.app_template_global()
def money_received(order, payment=None) -> services.MoneySummary:
    """What arrived for the order by bank transfer against what is due (buyer and staff pages):
    each transfer, and the state (partly paid, overpaid, money to return)."""
    return services.money_summary(order, payment)


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
        attempt = stripe_provider.prepare_checkout(order, locale=current_locale())
        commit()  # the attempt and its idempotency key are on record before Stripe hears of it
        if attempt.checkout_url is None:
            attempt = stripe_provider.ask_stripe(attempt)  # no transaction open meanwhile
            stripe_provider.record_reply(attempt, actor=current_user)
            commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
        return redirect(url_for("orders.order_detail", number=number))
    if attempt.error is not None:
        flash(str(attempt.error), "danger")
        return redirect(url_for("orders.order_detail", number=number))
    assert attempt.checkout_url is not None  # Stripe answered with its session (no error)
    return redirect(attempt.checkout_url, code=303)


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


#: Stripe's events are a few kilobytes; anything bigger is refused before it is parsed.
WEBHOOK_MAX_BYTES = 64 * 1024


@bp.post("/stripe/webhook")
@csrf.exempt
@limiter.exempt
def stripe_webhook():
    """Stripe's calls. A bad signature or a stale timestamp is a 400 and changes nothing."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        return jsonify(error="webhooks are not configured"), 400
    if (request.content_length or 0) > WEBHOOK_MAX_BYTES:
        return jsonify(error="payload too large"), 413
    request.max_content_length = WEBHOOK_MAX_BYTES  # also without a Content-Length header
    try:
        event = stripe.Webhook.construct_event(
            request.get_data(), request.headers.get("Stripe-Signature"), secret
        )
    except (ValueError, stripe.SignatureVerificationError):
        return jsonify(error="invalid signature or payload"), 400
    for _attempt in range(2):
        try:
            outcome = webhooks.handle_event(event)
            commit()
            return jsonify(received=True, outcome=outcome)
        except (IntegrityError, StaleDataError, InvalidTransition):
            # Another delivery changed the same payment or order at this moment (the same event
            # twice, or a different event of the same session): look again at what it committed.
            rollback()
    return jsonify(error="conflict, retry"), 409


# --- Trading-house screens -------------------------------------------------------------------


@bp.get("/admin/transfers")
def transfers():
    admin_page_guard()
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
        differences=services.open_differences(),
        unpaid=unpaid,
        reject_form=RejectProofForm(),
    )


def _admin_order(number: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.number == number[:20]))
    if order is None:
        abort(404)
    return order


@bp.route("/admin/orders/<number>/confirm", methods=["GET", "POST"])
def confirm_transfer(number: str):
    """Record a transfer that arrived: amount, proof or reason (a short or over payment shows)."""
    admin_page_guard()
    order = _admin_order(number)
    form = ConfirmTransferForm(order)
    if form.validate_on_submit():
        upload = form.proof.data
        try:
            services.confirm_transfer(
                order,
                actor=current_user,
                amount_minor=form.amount.data,
                proof=(upload.read(), upload.filename) if upload else None,
                reason=form.reason.data,
                seen_version=form.version.data,
            )
            commit()
        except services.AlreadyDone as exc:
            rollback()
            flash(str(exc.message), "warning")
            return redirect(url_for("payments.confirm_transfer", number=number))
        except DomainError as exc:
            rollback()
            order = _admin_order(number)
            getattr(form, exc.field or "amount").errors = [exc.message]
        else:
            flash(_("Transfer of %(number)s recorded.", number=number), "success")
            return redirect(url_for("orders.admin_order", number=number))
    return _transfer_page(order, form=form)


@bp.post("/admin/orders/<number>/return")
@fresh_login_required
def return_money(number: str):
    """Record money sent back to the buyer (an overpayment, or a cancelled order's transfer)."""
    admin_page_guard()
    order = _admin_order(number)
    form = ReturnMoneyForm(order)
    if form.validate_on_submit():
        try:
            services.record_return(
                order,
                actor=current_user,
                amount_minor=form.amount.data,
                reference=form.reference.data,
                seen_version=form.version.data,
            )
            commit()
        except services.AlreadyDone as exc:
            rollback()
            flash(str(exc.message), "warning")
            return redirect(url_for("payments.confirm_transfer", number=number))
        except DomainError as exc:
            rollback()
            order = _admin_order(number)
            getattr(form, exc.field or "amount").errors = [exc.message]
        else:
            flash(_("Money returned to the buyer is recorded."), "success")
            return redirect(url_for("payments.confirm_transfer", number=number))
    return _transfer_page(order, return_form=form)


def _transfer_page(order: Order, *, form=None, return_form=None):
    """The order's transfers: the form to record one, and the one to record money returned."""
    payment = services.bank_payment(order)
    version = payment.version if payment else 0
    sent = request.method == "POST"
    if form is None:
        form = ConfirmTransferForm(order, formdata=None)
    if return_form is None:
        return_form = ReturnMoneyForm(order, formdata=None)
    for each in (form, return_form):
        if not (sent and each.errors):
            each.version.data = version
    return render_template(
        "payments/admin/confirm.html",
        order=order,
        payment=payment,
        form=form,
        return_form=return_form,
        state=services.money_state(payment, order),
    ), (422 if sent else 200)


@bp.get("/admin/receipts/<int:receipt_id>/proof")
def receipt_proof(receipt_id: int):
    """The proof kept with a recorded transfer (the buyer's or one staff uploaded)."""
    admin_page_guard()
    receipt = db.session.get(TransferReceipt, receipt_id)
    if receipt is None or receipt.proof is None:
        abort(404)
    return document_response(receipt.proof)


@bp.post("/admin/orders/<number>/reject")
def reject_proof(number: str):
    admin_page_guard()
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
@fresh_login_required
def refund(number: str):
    admin_page_guard()
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
            done = _refund(
                order,
                quantities=quantities,
                include_shipping=form.include_shipping.data,
                reason=form.reason.data,
            )
            if done:
                return redirect(url_for("orders.admin_order", number=number))
            order = _admin_order(number)
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
@fresh_login_required
def refund_all(number: str):
    """Cancel a paid order: refund everything (stock of what never left returns)."""
    admin_page_guard()
    order = _admin_order(number)
    reason = (request.form.get("reason") or "").strip() or _("Cancelled by the trading house")
    _refund(order, quantities=None, reason=reason)
    return redirect(url_for("orders.admin_order", number=number))


def _record_answer(card, answer) -> Refund:
    """Keep Stripe's answer; if the order changed meanwhile (a seller shipped, a webhook),
    look again once: the money has moved at Stripe, so the answer must not be lost."""
    try:
        record = services.finish_card_refund(card, answer, actor=current_user)
        commit()
    except InvalidTransition:  # the order's version moved under us
        rollback()
        record = services.finish_card_refund(card, answer, actor=current_user)
        commit()
    return record


def _refund(order: Order, **choice) -> bool:
    """Refund and say how it went. A card refund is claimed and committed first, then sent to
    Stripe with no transaction open, then its answer recorded: three short steps."""
    number = order.number
    try:
        record, card = services.refund(order, actor=current_user, **choice)
        commit()
        if card is not None:
            answer = stripe_provider.ask_refund(card)
            record = _record_answer(card, answer)
    except services.AlreadyDone as exc:
        rollback()
        flash(str(exc.message), "warning")
        return False
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
        return False
    if record.status == "failed":
        flash(str(answer.message), "danger")
        return False
    if card is not None and card.resumed:
        flash(
            _(
                "An earlier card refund that Stripe had not confirmed was sent again and is "
                "now recorded. Check the order before refunding more."
            ),
            "warning",
        )
        return True
    flash(_("Refund recorded for %(number)s.", number=number), "success")
    return True
