"""Order, fulfilment and consignment lifecycles (DESIGN.md §4, ``core/lifecycle.py``): their
statuses, tables and how a move is recorded — an ``OrderEvent`` in the same transaction, the
order area's own history, so no move goes unrecorded.

Nothing else assigns ``status``: a move the table does not allow raises ``InvalidTransition``;
a move another transaction made first raises ``StaleTransition`` (compare-and-set).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from trading_house.core import lifecycle
from trading_house.core.errors import InvalidTransition
from trading_house.core.labels import register_status_labels, status_label


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class OrderKind(StrEnum):
    RETAIL = "retail"
    QUOTATION = "quotation"
    SAMPLE = "sample"


class FulfilmentStatus(StrEnum):
    PENDING = "pending"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class ConsignmentStatus(StrEnum):
    OPEN = "open"
    SHIPPED = "shipped"
    ARRIVED = "arrived"
    CANCELLED = "cancelled"


ORDER_STATUSES = tuple(OrderStatus)
ORDER_KINDS = tuple(OrderKind)
FULFILMENT_STATUSES = tuple(FulfilmentStatus)
CONSIGNMENT_STATUSES = tuple(ConsignmentStatus)

#: Allowed next states of an order. Only an unpaid order is cancelled; a paid one is refunded
#: (in full, which also returns the stock of whatever never shipped).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset(
        {OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.REFUNDED}
    ),
    OrderStatus.PROCESSING: frozenset({OrderStatus.SHIPPED, OrderStatus.REFUNDED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.REFUNDED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED, OrderStatus.REFUNDED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
FULFILMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    FulfilmentStatus.PENDING: frozenset(
        {FulfilmentStatus.PACKED, FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED}
    ),
    FulfilmentStatus.PACKED: frozenset({FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED}),
    FulfilmentStatus.SHIPPED: frozenset({FulfilmentStatus.DELIVERED}),
    FulfilmentStatus.DELIVERED: frozenset(),
    FulfilmentStatus.CANCELLED: frozenset(),
}
CONSIGNMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ConsignmentStatus.OPEN: frozenset({ConsignmentStatus.SHIPPED, ConsignmentStatus.CANCELLED}),
    ConsignmentStatus.SHIPPED: frozenset({ConsignmentStatus.ARRIVED}),
    ConsignmentStatus.ARRIVED: frozenset(),
    ConsignmentStatus.CANCELLED: frozenset(),
}


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


def _record_order_move(order, from_status, to_status, *, actor, reason, data):
    """An order's move is a ``status`` event of the order."""
    from trading_house.orders.models import OrderEvent

    event = OrderEvent(
        kind="status",
        from_status=from_status,
        to_status=to_status,
        actor_id=_actor_id(actor),
        note=reason or "",
        data=data,
    )
    order.events.append(event)
    _flush_or_conflict()
    return event


def _record_fulfilment_move(fulfilment, from_status, to_status, *, actor, reason, data):
    """A fulfilment's move is a ``fulfilment`` event of its order."""
    from trading_house.orders.models import OrderEvent

    event = OrderEvent(
        kind="fulfilment",
        fulfilment_id=fulfilment.id,
        from_status=from_status,
        to_status=to_status,
        actor_id=_actor_id(actor),
        note=reason or "",
        data={"enterprise_id": fulfilment.enterprise_id, **data},
    )
    fulfilment.order.events.append(event)
    _flush_or_conflict()
    return event


def _record_consignment_move(consignment, from_status, to_status, *, actor, reason, data):
    """A consignment's move is a ``consignment`` event on each of its orders."""
    from trading_house.orders.models import OrderEvent

    events = []
    for order in consignment.orders:
        event = OrderEvent(
            kind="consignment",
            from_status=from_status,
            to_status=to_status,
            actor_id=_actor_id(actor),
            note=reason or "",
            data={"consignment": consignment.number},
        )
        order.events.append(event)
        events.append(event)
    _flush_or_conflict()
    return events


def _notify_status(order, current: str, to: str, *, actor=None) -> None:
    from trading_house.orders.notifications import order_status_changed

    order_status_changed(order, current, to)


#: Labels of the order and fulfilment statuses.
LABELS = {
    "pending": _l("Pending"),
    "pending_payment": _l("Awaiting payment"),
    "paid": _l("Paid"),
    "processing": _l("Processing"),
    "packed": _l("Packed"),
    "shipped": _l("Shipped"),
    "delivered": _l("Delivered"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "refunded": _l("Refunded"),
}


def _labels(statuses) -> dict[str, object]:
    return dict(register_status_labels({s.value: LABELS[s.value] for s in statuses}))


ORDER_LIFECYCLE = lifecycle.Lifecycle(
    name="order",
    statuses=OrderStatus,
    table=ORDER_TRANSITIONS,
    record=_record_order_move,
    stamps={OrderStatus.PAID: "paid_at"},
    labels=_labels(OrderStatus),
    after=[_notify_status],
)
FULFILMENT_LIFECYCLE = lifecycle.Lifecycle(
    name="fulfilment",
    statuses=FulfilmentStatus,
    table=FULFILMENT_TRANSITIONS,
    record=_record_fulfilment_move,
    stamps={
        FulfilmentStatus.PACKED: "packed_at",
        FulfilmentStatus.SHIPPED: "shipped_at",
        FulfilmentStatus.DELIVERED: "delivered_at",
    },
    labels=_labels(FulfilmentStatus),
)
CONSIGNMENT_LIFECYCLE = lifecycle.Lifecycle(
    name="consignment",
    statuses=ConsignmentStatus,
    table=CONSIGNMENT_TRANSITIONS,
    record=_record_consignment_move,
    labels={
        ConsignmentStatus.OPEN: _l("Being prepared"),
        ConsignmentStatus.SHIPPED: _l("Shipped"),
        ConsignmentStatus.ARRIVED: _l("Arrived"),
        ConsignmentStatus.CANCELLED: _l("Cancelled"),
    },
)


def sql_in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _move(chosen: lifecycle.Lifecycle, obj, to: str, refusal, *, actor, note: str, data=None):
    """Refuse a move the table forbids with the area's own words, then ``core.lifecycle``."""
    _refuse_unless(chosen, obj, to, refusal)
    with _conflict_refused():
        lifecycle.transition(obj, to, actor=actor, reason=note, data=data)
    return obj


def transition_order(order, to: str, *, actor=None, note: str = "", **data):
    """Move ``order`` to ``to`` (``core.lifecycle.transition``): a ``status`` event with
    ``note`` and ``data``, the buyer told. Returns the order."""
    refusal = _l(
        "An order that is %(current)s cannot become %(to)s.",
        current=status_label(order.status).lower(),
        to=status_label(to).lower(),
    )
    return _move(ORDER_LIFECYCLE, order, to, refusal, actor=actor, note=note, data=data)


def transition_fulfilment(fulfilment, to: str, *, actor=None, note: str = "", **data):
    """Move one enterprise's fulfilment along its own lifecycle, recording an order event."""
    refusal = _l(
        "A shipment that is %(current)s cannot become %(to)s.",
        current=status_label(fulfilment.status).lower(),
        to=status_label(to).lower(),
    )
    return _move(FULFILMENT_LIFECYCLE, fulfilment, to, refusal, actor=actor, note=note, data=data)


def transition_consignment(consignment, to: str, *, actor=None, note: str = ""):
    """Move a consignment along its lifecycle (an event on each of its orders)."""
    refusal = _l(
        "A consignment that is %(current)s cannot become %(to)s.",
        current=status_label(consignment.status).lower(),
        to=status_label(to).lower(),
    )
    _move(CONSIGNMENT_LIFECYCLE, consignment, to, refusal, actor=actor, note=note)
    return consignment


def _refuse_unless(cycle: lifecycle.Lifecycle, obj, to: str, message) -> None:
    """The area's own message for a move its table does not allow (as it always said)."""
    if not cycle.can(str(obj.status), str(to)):
        raise InvalidTransition(message)


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


@contextmanager
def _conflict_refused() -> Iterator[None]:
    """A flush that finds the row changed since it was read is a refusal, not a 500."""
    try:
        yield
    except StaleDataError as exc:
        raise InvalidTransition(CHANGED_MEANWHILE) from exc


def _flush_or_conflict() -> None:
    from trading_house.extensions import db

    with _conflict_refused():
        db.session.flush()


CHANGED_MEANWHILE = _l(
    "The order was changed by someone else meanwhile. Please reload and try again."
)


#: The payment status orders look for ("a proof of transfer is being checked") without importing
#: payments (payments imports orders, never the other way round); it is
#: ``payments.status.PaymentStatus.PROOF_SUBMITTED`` (tests/orders/test_status_badge.py checks).
PAYMENT_PROOF_SUBMITTED = "proof_submitted"
