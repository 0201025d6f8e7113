"""Lifecycles of this area (DESIGN.md §4), moved by ``core.lifecycle.transition``:

    Inquiry        open ─► quoted ─► accepted | declined ;  declined ─► quoted
                   any ─► closed ─► open (curators)
    Quotation      sent ─► accepted | declined | expired | superseded
    SampleRequest  requested ─► offered ─► accepted | declined ; requested/offered ─► cancelled
    BuyingRequest  open ─► routed ─► closed ─► open
    Pool           draft ─► sent | cancelled
    PoolLine       requested ─► confirmed | declined ; any ─► withdrawn

``transition`` writes the new status with a compare-and-set UPDATE, so two requests racing for
the same move (a double click on "Accept", two tabs, two workers) cannot both win; every move of
this area is recorded in the area's own history, ``inquiry_events`` (:func:`record_event`).
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from trading_house.core.labels import register_status_labels
from trading_house.core.lifecycle import (
    Lifecycle,
    StaleTransition,
    can_transition,
    lifecycle_of,
    record_creation,
    transition,
)
from trading_house.extensions import db

__all__ = [
    "BUYING_REQUEST_LIFECYCLE",
    "INQUIRY_LIFECYCLE",
    "POOL_LIFECYCLE",
    "POOL_LINE_LIFECYCLE",
    "QUOTATION_LIFECYCLE",
    "SAMPLE_LIFECYCLE",
    "InquiryStatus",
    "PoolLineStatus",
    "PoolStatus",
    "QuotationStatus",
    "RequestStatus",
    "SampleStatus",
    "StaleTransition",
    "can_transition",
    "record_creation",
    "record_event",
    "transition",
]


class InquiryStatus(StrEnum):
    OPEN = "open"
    QUOTED = "quoted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


class RequestStatus(StrEnum):
    OPEN = "open"
    ROUTED = "routed"
    CLOSED = "closed"


class QuotationStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class SampleStatus(StrEnum):
    REQUESTED = "requested"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class PoolStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    CANCELLED = "cancelled"


class PoolLineStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


def record_event(obj, from_status, to_status, *, actor, reason, data):
    """The area's own event row (``inquiry_events``), on the thread's timeline when it has one."""
    from trading_house.inquiries.models import InquiryEvent

    subject = lifecycle_of(obj).name
    event = InquiryEvent(
        subject_type=subject,
        subject_id=obj.id,
        inquiry_id=obj.id if subject == "inquiry" else getattr(obj, "inquiry_id", None),
        actor_id=getattr(actor, "id", None),
        from_status=from_status,
        to_status=to_status,
        note=(reason or None),
    )
    db.session.add(event)
    db.session.flush()
    return event


#: Labels of every inquiry-area status (buying requests, quotations, samples, pooled quotations).
LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "quoted": _l("Quoted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
    "routed": _l("Routed"),
    "sent": _l("Sent"),
    "expired": _l("Expired"),
    "superseded": _l("Superseded"),
    "requested": _l("Requested"),
    "offered": _l("Offered"),
    "confirmed": _l("Confirmed"),
    "withdrawn": _l("Withdrawn"),
}


def _area_lifecycle(name: str, statuses: type[StrEnum], table) -> Lifecycle:
    return Lifecycle(
        name=name,
        statuses=statuses,
        table=table,
        record=record_event,
        labels=register_status_labels({s.value: LABELS[s.value] for s in statuses}),
    )


_I = InquiryStatus
INQUIRY_LIFECYCLE = _area_lifecycle(
    "inquiry",
    InquiryStatus,
    {
        _I.OPEN: (_I.QUOTED, _I.CLOSED),
        _I.QUOTED: (_I.ACCEPTED, _I.DECLINED, _I.CLOSED),
        _I.DECLINED: (_I.QUOTED, _I.CLOSED),
        _I.ACCEPTED: (_I.CLOSED,),
        _I.CLOSED: (_I.OPEN,),
    },
)

_R = RequestStatus
BUYING_REQUEST_LIFECYCLE = _area_lifecycle(
    "buying_request",
    RequestStatus,
    {_R.OPEN: (_R.ROUTED, _R.CLOSED), _R.ROUTED: (_R.CLOSED,), _R.CLOSED: (_R.OPEN,)},
)

_Q = QuotationStatus
QUOTATION_LIFECYCLE = _area_lifecycle(
    "quotation",
    QuotationStatus,
    {_Q.SENT: (_Q.ACCEPTED, _Q.DECLINED, _Q.EXPIRED, _Q.SUPERSEDED)},
)

_S = SampleStatus
SAMPLE_LIFECYCLE = _area_lifecycle(
    "sample",
    SampleStatus,
    {
        _S.REQUESTED: (_S.OFFERED, _S.DECLINED, _S.CANCELLED),
        _S.OFFERED: (_S.ACCEPTED, _S.DECLINED, _S.CANCELLED),
    },
)

POOL_LIFECYCLE = _area_lifecycle(
    "pool", PoolStatus, {PoolStatus.DRAFT: (PoolStatus.SENT, PoolStatus.CANCELLED)}
)

_L = PoolLineStatus
POOL_LINE_LIFECYCLE = _area_lifecycle(
    "pool_line",
    PoolLineStatus,
    {
        _L.REQUESTED: (_L.CONFIRMED, _L.DECLINED, _L.WITHDRAWN),
        _L.CONFIRMED: (_L.WITHDRAWN,),
        _L.DECLINED: (_L.WITHDRAWN,),
    },
)
