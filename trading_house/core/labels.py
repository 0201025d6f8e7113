"""Translated labels for status values shown in badges."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for review"),
    "approved": _l("Published"),
    "published": _l("Published"),
    "changes_requested": _l("Changes requested"),
    "rejected": _l("Rejected"),
    "archived": _l("Archived"),
    "suspended": _l("Suspended"),
    "pending": _l("Pending"),
    "verified": _l("Verified"),
    "unverified": _l("Not verified"),
    "open": _l("Open"),
    "quoted": _l("Quoted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "closed": _l("Closed"),
    "pending_payment": _l("Awaiting payment"),
    "paid": _l("Paid"),
    "processing": _l("Processing"),
    "shipped": _l("Shipped"),
    "delivered": _l("Delivered"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "refunded": _l("Refunded"),
    # inquiries: buying requests, quotations, samples, pooled quotations
    "routed": _l("Routed"),
    "sent": _l("Sent"),
    "expired": _l("Expired"),
    "superseded": _l("Superseded"),
    "requested": _l("Requested"),
    "offered": _l("Offered"),
    "confirmed": _l("Confirmed"),
    "withdrawn": _l("Withdrawn"),
    # orders: fulfilments
    "packed": _l("Packed"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status.replace("_", " ").capitalize()))
