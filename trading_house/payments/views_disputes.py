"""Disputes, the trading house's side: the open disputes, the evidence, and the decision
(``/payments/admin/disputes``)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from trading_house.accounts.policies import staff_required
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import document_response
from trading_house.extensions import db
from trading_house.orders import disputes as order_disputes
from trading_house.orders.dispute_models import DISPUTE_OUTCOMES, Dispute
from trading_house.payments import disputes
from trading_house.payments.blueprint import bp
from trading_house.payments.forms import DisputeDecisionForm


def _dispute(dispute_id: int) -> Dispute:
    dispute = db.session.get(Dispute, dispute_id)
    if dispute is None:
        abort(404)
    return dispute


@bp.route("/admin/disputes")
@staff_required
def admin_disputes():
    return render_template("payments/admin/disputes.html", disputes=order_disputes.open_disputes())


@bp.route("/admin/disputes/<int:dispute_id>", methods=["GET", "POST"])
@staff_required
def admin_dispute(dispute_id: int):
    dispute = _dispute(dispute_id)
    form = DisputeDecisionForm()
    form.outcome.choices = [SelectChoice(k, v) for k, v in DISPUTE_OUTCOMES.items()]
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            disputes.decide_dispute(
                dispute,
                actor=current_user,
                outcome=form.outcome.data,
                note=form.note.data,
                refund_quantity=form.refund_quantity.data or 0,
            )
        if work.done:
            flash(_("The dispute is decided; the ledger follows."), "success")
            return redirect(url_for("payments.admin_disputes"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "payments/admin/dispute.html", dispute=dispute, order=dispute.line.order, form=form
    ), status


@bp.route("/admin/disputes/<int:dispute_id>/evidence")
@staff_required
def admin_dispute_evidence(dispute_id: int):
    dispute = _dispute(dispute_id)
    if dispute.evidence is None:
        abort(404)
    return document_response(dispute.evidence)
