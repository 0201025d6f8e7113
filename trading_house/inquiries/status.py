"""Lifecycles of this area and the ONE function that moves any of them (DESIGN.md §4).

Each model carries its table as ``TRANSITIONS`` (from status -> allowed next statuses):

    Inquiry        open ─► quoted ─► accepted | declined ;  declined ─► quoted
                   any ─► closed ─► open (curators)
    Quotation      sent ─► accepted | declined | expired | superseded
    SampleRequest  requested ─► offered ─► accepted | declined ; requested/offered ─► cancelled
    BuyingRequest  open ─► routed ─► closed ─► open
    Pool           draft ─► sent | cancelled
    PoolLine       requested ─► confirmed | declined ; any ─► withdrawn

The write is a compare-and-set (``UPDATE … SET status = :to WHERE id = :id AND status = :from``)
with the row count checked, so two requests racing for the same move (a double click on
"Accept", two tabs, two workers) cannot both win, on SQLite and on PostgreSQL alike: on
PostgreSQL the second UPDATE waits for the first transaction's row lock and then matches no
row; SQLite serialises writers.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from trading_house.core.errors import InvalidTransition
from trading_house.core.labels import STATUS_LABELS
from trading_house.core.tx import changed_rows
from trading_house.extensions import db
from trading_house.inquiries.models import InquiryEvent


class StaleTransition(InvalidTransition):
    """Someone else changed the status first (the object now shows the new status)."""


def can_transition(obj, to: str) -> bool:
    return to in obj.TRANSITIONS.get(obj.status, frozenset())


def _not_allowed(current: str):
    # Lazy all the way: this may run outside a request (jobs, CLI), where no locale is chosen yet.
    return _l(
        "This is not possible any more: its status is now “%(status)s”.",
        status=STATUS_LABELS.get(current, current),
    )


def transition(obj, to: str, *, actor=None, note: str | None = None, **changes) -> InquiryEvent:
    """Move ``obj`` to status ``to`` (and set ``changes`` in the same UPDATE); append its event.

    Raises ``InvalidTransition`` when the table forbids the move, and ``StaleTransition`` when
    another transaction moved the row first.
    """
    current = obj.status
    if not can_transition(obj, to):
        raise InvalidTransition(_not_allowed(current))
    model = type(obj)
    db.session.flush()
    result = db.session.execute(
        update(model)
        .where(model.id == obj.id, model.status == current)
        .values(status=to, **changes)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(result) != 1:
        db.session.refresh(obj)
        raise StaleTransition(_not_allowed(obj.status))
    set_committed_value(obj, "status", to)
    for key, value in changes.items():
        set_committed_value(obj, key, value)
    if hasattr(model, "updated_at"):
        db.session.expire(obj, ["updated_at"])
    return _event(obj, current, to, actor=actor, note=note)


def record_creation(obj, *, actor=None, note: str | None = None) -> InquiryEvent:
    """The first event of a new object (from nothing to its initial status)."""
    db.session.flush()
    return _event(obj, None, obj.status, actor=actor, note=note)


def _event(obj, from_status, to_status, *, actor, note) -> InquiryEvent:
    event = InquiryEvent(
        subject_type=obj.EVENT_SUBJECT,
        subject_id=obj.id,
        inquiry_id=_thread_id(obj),
        actor_id=getattr(actor, "id", None),
        from_status=from_status,
        to_status=to_status,
        note=(note or None),
    )
    db.session.add(event)
    db.session.flush()
    return event


def _thread_id(obj) -> int | None:
    if obj.EVENT_SUBJECT == "inquiry":
        return obj.id
    return getattr(obj, "inquiry_id", None)
