"""The trading house decides a dispute; the ledger follows.

- refund: the disputed units are refunded (``services.refund``: the buyer's money back, the
  enterprise's ledger reversed, units that never left returned to stock);
- partial_refund: some of them (``refund_quantity``);
- replacement: no money moves; the seller sends the units again (a note on the order);
- rejected: no money moves.
The compare-and-set move open → decided lets one decision win; a second one is refused.
"""

from flask_babel import lazy_gettext as _l

from trading_house.accounts.policies import require_staff
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import transition
from trading_house.orders.dispute_models import DISPUTE_OUTCOMES, Dispute
from trading_house.orders.models import OrderEvent
from trading_house.payments import services


def decide_dispute(dispute: Dispute, *, actor, outcome: str, note: str, refund_quantity: int = 0):
    require_staff(actor)
    if outcome not in DISPUTE_OUTCOMES:
        raise DomainError(_l("Choose a decision from the list."), field="outcome")
    note = (note or "").strip()
    if len(note) < 5:
        raise DomainError(_l("Explain the decision to both sides in a sentence."), field="note")
    line = dispute.line
    if outcome == "refund":
        refund_quantity = min(dispute.quantity, line.remaining_quantity)
    elif outcome == "partial_refund":
        if not 1 <= refund_quantity <= min(dispute.quantity, line.remaining_quantity):
            raise DomainError(
                _l(
                    "Refund between 1 and %(n)s units.",
                    n=min(dispute.quantity, line.remaining_quantity),
                ),
                field="refund_quantity",
            )
    else:
        refund_quantity = 0
    transition(
        dispute,
        "decided",
        actor=actor,
        reason=outcome,
        outcome=outcome,
        decision_note=note[:4000],
        decided_by_id=actor.id,
        refunded_quantity=refund_quantity,
    )
    order = line.order
    if refund_quantity:
        services.refund(
            order,
            actor=actor,
            quantities={line.id: refund_quantity},
            reason=f"dispute: {note[:200]}",
        )
    else:
        order.events.append(
            OrderEvent(
                kind="note", actor_id=actor.id, note=f"dispute decided: {outcome}: {note[:200]}"
            )
        )
    return dispute
