"""Order, fulfilment and consignment lifecycles (DESIGN.md §4): the tables and the one function
that moves each along them, writing an ``OrderEvent`` in the same transaction.

Nothing else assigns ``status``: a move the table does not allow raises ``InvalidTransition``.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.core.labels import status_label

ORDER_STATUSES = (
    "pending_payment",
    "paid",
    "processing",
    "shipped",
    "delivered",
    "completed",
    "cancelled",
    "refunded",
)
ORDER_KINDS = ("retail", "quotation", "sample")
FULFILMENT_STATUSES = ("pending", "packed", "shipped", "delivered", "cancelled")
CONSIGNMENT_STATUSES = ("open", "shipped", "arrived", "cancelled")

#: Allowed next states of an order. Only an unpaid order is cancelled; a paid one is refunded
#: (in full, which also returns the stock of whatever never shipped).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending_payment": frozenset({"paid", "cancelled"}),
    "paid": frozenset({"processing", "shipped", "refunded"}),
    "processing": frozenset({"shipped", "refunded"}),
    "shipped": frozenset({"delivered", "refunded"}),
    "delivered": frozenset({"completed", "refunded"}),
    "completed": frozenset({"refunded"}),
    "cancelled": frozenset(),
    "refunded": frozenset(),
}
FULFILMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"packed", "shipped", "cancelled"}),
    "packed": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset(),
    "cancelled": frozenset(),
}
CONSIGNMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"arrived"}),
    "arrived": frozenset(),
    "cancelled": frozenset(),
}


def sql_in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def can_transition(current: str, to: str, table=ORDER_TRANSITIONS) -> bool:
    return to in table.get(current, ())


def transition(order, to: str, *, actor=None, note: str = "", **data):
    """Move ``order`` to ``to``: check the table, set the status, append an event, flush.

    The order row carries a version; if another process changed it since we read it, the
    flush fails and we raise ``InvalidTransition`` instead of overwriting its change.
    """
    from trading_house.orders.models import OrderEvent

    current = order.status
    if not can_transition(current, to):
        raise InvalidTransition(
            _l(
                "An order that is %(current)s cannot become %(to)s.",
                current=status_label(current).lower(),
                to=status_label(to).lower(),
            )
        )
    order.status = to
    if to == "paid":
        order.paid_at = utcnow()
    order.events.append(
        OrderEvent(
            kind="status",
            from_status=current,
            to_status=to,
            actor_id=getattr(actor, "id", None),
            note=note,
            data=data,
        )
    )
    _flush_or_conflict()
    _notify_status(order, current, to)
    return order


def transition_fulfilment(fulfilment, to: str, *, actor=None, note: str = "", **data):
    """Move one enterprise's fulfilment along its own lifecycle, recording an order event."""
    from trading_house.orders.models import OrderEvent

    current = fulfilment.status
    if not can_transition(current, to, FULFILMENT_TRANSITIONS):
        raise InvalidTransition(
            _l(
                "A shipment that is %(current)s cannot become %(to)s.",
                current=status_label(current).lower(),
                to=status_label(to).lower(),
            )
        )
    fulfilment.status = to
    now = utcnow()
    if to == "packed":
        fulfilment.packed_at = now
    elif to == "shipped":
        fulfilment.shipped_at = now
    elif to == "delivered":
        fulfilment.delivered_at = now
    fulfilment.order.events.append(
        OrderEvent(
            kind="fulfilment",
            fulfilment_id=fulfilment.id,
            from_status=current,
            to_status=to,
            actor_id=getattr(actor, "id", None),
            note=note,
            data={"enterprise_id": fulfilment.enterprise_id, **data},
        )
    )
    _flush_or_conflict()
    return fulfilment


def transition_consignment(consignment, to: str, *, actor=None, note: str = ""):
    """Move a consignment along its lifecycle (an event on each of its orders)."""
    from trading_house.orders.models import OrderEvent

    current = consignment.status
    if not can_transition(current, to, CONSIGNMENT_TRANSITIONS):
        raise InvalidTransition(
            _l(
                "A consignment that is %(current)s cannot become %(to)s.",
                current=status_label(current).lower(),
                to=status_label(to).lower(),
            )
        )
    consignment.status = to
    for order in consignment.orders:
        order.events.append(
            OrderEvent(
                kind="consignment",
                from_status=current,
                to_status=to,
                actor_id=getattr(actor, "id", None),
                note=note,
                data={"consignment": consignment.number},
            )
        )
    _flush_or_conflict()
    return consignment


#: Notes the system writes on events (stored in English, as written) and what a reader sees in
#: their own language. A note typed by a person (a reason, a refund reason) is shown as typed.
SYSTEM_NOTES = {
    "proof uploaded": _l("Proof of transfer uploaded by the buyer"),
    "transfer received": _l("Transfer recorded"),
    "money returned": _l("Money returned to the buyer"),
    "Stripe Checkout": _l("Card payment started (Stripe Checkout)"),
    "card payment processing": _l("Card payment processing"),
    "Stripe amount mismatch": _l("The amount Stripe charged differs from the order total"),
    "sent to Stripe": _l("Refund sent to Stripe"),
    "card payment received for an order that is not awaiting payment: refund it": _l(
        "Card payment received for an order that is not awaiting payment: refund it"
    ),
}


def event_note(event) -> str:
    """The note of an order event in the reader's language (system notes are translated when
    shown, so staff working in English never leave English in an Indonesian buyer's history)."""
    from trading_house.core.money import Money
    from trading_house.core.templating import current_locale

    if event.kind == "shipping" and "shipping_minor" in (event.data or {}):
        amount = Money(int(event.data["shipping_minor"]), event.order.currency)
        return str(_l("Shipping quoted: %(amount)s", amount=amount.format(current_locale())))
    return str(SYSTEM_NOTES.get(event.note, event.note))


def add_event(order, kind: str, *, actor=None, note: str = "", fulfilment=None, **data):
    """Append a non-status event (payment, refund, shipping quote, note)."""
    from trading_house.orders.models import OrderEvent

    event = OrderEvent(
        kind=kind,
        actor_id=getattr(actor, "id", None),
        note=note,
        fulfilment_id=getattr(fulfilment, "id", None),
        data=data,
    )
    order.events.append(event)
    return event


def _flush_or_conflict() -> None:
    from trading_house.extensions import db

    try:
        db.session.flush()
    except StaleDataError as exc:
        raise InvalidTransition(
            _l("The order was changed by someone else meanwhile. Please reload and try again.")
        ) from exc


def _notify_status(order, current: str, to: str) -> None:
    from trading_house.orders.notifications import order_status_changed

    order_status_changed(order, current, to)
