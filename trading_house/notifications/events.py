"""The events a person can be told about, each with its WhatsApp template.

Every person chooses per event: e-mail, WhatsApp, both or none; without a choice it is e-mail,
as before WhatsApp existed. ``wired`` events are sent today; the others are registered for the
supervision module so their templates exist, and are not offered as choices yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

DEFAULT_CHANNEL = "email"


@dataclass(frozen=True)
class Event:
    key: str
    label: Any  # lazy string
    template: str
    group: Any
    wired: bool = True
    #: Roles that can receive it (empty: everyone). Others are not offered the choice.
    roles: tuple[str, ...] = ()


_MESSAGES = _l("Messages and quotations")
_ORDERS = _l("Orders")
_LISTINGS = _l("Listings and export readiness")
_SUPERVISION = _l("Cooperative supervision")
_SELLERS = ("sme", "curator", "admin")
_STAFF = ("curator", "admin")

EVENTS: dict[str, Event] = {
    event.key: event
    for event in (
        Event(
            "inquiry.new",
            _l("A new inquiry or buying request"),
            "inquiry_new",
            _MESSAGES,
            roles=_SELLERS,
        ),
        Event(
            "inquiry.message", _l("A new message in a conversation"), "inquiry_message", _MESSAGES
        ),
        Event("quotation.received", _l("A quotation is received"), "quotation_received", _MESSAGES),
        Event(
            "quotation.accepted",
            _l("A quotation is accepted"),
            "quotation_accepted",
            _MESSAGES,
            roles=_SELLERS,
        ),
        Event(
            "quotation.expiring",
            _l("A quotation is about to expire"),
            "quotation_expiring",
            _MESSAGES,  # to the buyer of the thread (``flask inquiries remind-expiring``)
        ),
        Event("order.placed", _l("An order is placed"), "order_placed", _ORDERS),
        Event("order.paid", _l("An order is paid"), "order_paid", _ORDERS),
        Event(
            "order.to_fulfil",
            _l("A paid order waits for your business"),
            "order_fulfilment_new",
            _ORDERS,
            roles=("sme",),
        ),
        Event("order.shipped", _l("An order is shipped"), "order_shipped", _ORDERS),
        Event(
            "listing.approved",
            _l("A listing is approved"),
            "listing_approved",
            _LISTINGS,
            roles=("sme",),
        ),
        Event(
            "listing.changes_requested",
            _l("A curator asks for changes to a listing"),
            "listing_changes_requested",
            _LISTINGS,
            roles=("sme",),
        ),
        Event(
            "evidence.verified",
            _l("Export-readiness evidence is verified"),
            "evidence_verified",
            _LISTINGS,
            roles=("sme",),
        ),
        Event(
            "evidence.rejected",
            _l("Export-readiness evidence is rejected"),
            "evidence_rejected",
            _LISTINGS,
            roles=("sme",),
        ),
        Event(
            "certificate.expiring",
            _l("A certificate is about to expire"),
            "certificate_expiring",
            _LISTINGS,
            roles=("sme",),
        ),
        Event(
            "clinic.follow_up_due",
            _l("A clinic follow-up is due"),
            "clinic_follow_up_due",
            _LISTINGS,
            roles=_STAFF,
        ),
        Event(
            "examination.scheduled",
            _l("A health examination is scheduled"),
            "examination_scheduled",
            _SUPERVISION,
            wired=False,
        ),
        Event(
            "examination.report_issued",
            _l("A health examination report is issued"),
            "examination_report_issued",
            _SUPERVISION,
            wired=False,
        ),
    )
}


def offered_events(user=None) -> list[Event]:
    """The events ``user`` (anyone, without one) can choose a channel for today."""
    return [
        event
        for event in EVENTS.values()
        if event.wired and (user is None or not event.roles or user.has_role(*event.roles))
    ]
