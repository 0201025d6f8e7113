"""Telling the enterprise: an in-app notification and an e-mail (outbox) per member, each in the
member's preferred language; and the SME inbox (list, unread count, mark as read)."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from trading_house.accounts.models import User
from trading_house.core.clock import utcnow
from trading_house.core.mail import queue_email
from trading_house.core.pagination import Page, count_rows, page_count
from trading_house.core.tx import changed_rows
from trading_house.core.urls import public_url
from trading_house.curation.content import FIELD_LABELS
from trading_house.curation.models import Notification
from trading_house.curation.settings import reason_labels
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db
from trading_house.notifications.services import Email, notify


class NoticeKind(StrEnum):
    """What a notice in the SME inbox is about (``Notification.kind``): a curator's decision
    (the same words as ``status.Decision``), an approved revision, or the identity check."""

    APPROVED = "approved"
    REVISION_APPROVED = "revision_approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    IDENTITY_VERIFIED = "identity_verified"
    IDENTITY_REJECTED = "identity_rejected"


SUBJECTS = {
    NoticeKind.APPROVED: _l("Your listing is published"),
    NoticeKind.REVISION_APPROVED: _l("Your changes are published"),
    NoticeKind.CHANGES_REQUESTED: _l("The curator asks for changes to your listing"),
    NoticeKind.REJECTED: _l("Your listing was not accepted"),
    NoticeKind.SUSPENDED: _l("Your listing is suspended"),
    NoticeKind.REINSTATED: _l("Your listing is back on sale"),
    NoticeKind.IDENTITY_VERIFIED: _l("Your business is verified"),
    NoticeKind.IDENTITY_REJECTED: _l("We could not verify your business"),
}
PER_PAGE = 30
#: Decisions people choose a channel for (``notifications/events.py``); the others are e-mailed.
DECISION_EVENTS = {
    NoticeKind.APPROVED: "listing.approved",
    NoticeKind.REVISION_APPROVED: "listing.approved",
    NoticeKind.CHANGES_REQUESTED: "listing.changes_requested",
}


def members_of(enterprise_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.enterprise_id == enterprise_id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def decision_made(product, review) -> int:
    """Notify every member of the listing's enterprise of a curator's decision."""
    kind = review.decision
    if kind == NoticeKind.APPROVED and review.revision_id is not None:
        kind = NoticeKind.REVISION_APPROVED
    url = public_url("catalog.edit_product", product_id=product.id)
    count = 0
    for user in members_of(product.enterprise_id):
        locale = user.preferred_language if user.preferred_language in ("id", "en") else "id"
        db.session.add(
            Notification(
                user_id=user.id,
                enterprise_id=product.enterprise_id,
                product_id=product.id,
                review_id=review.id,
                kind=kind,
                data={"revision_id": review.revision_id},
            )
        )
        context = dict(
            user=user,
            kind=kind,
            product_name=product.name_for(locale),
            reasons=reason_labels(review.reason_codes, locale),
            feedback=review.feedback,
            notes=[
                (FIELD_LABELS.get(name, name), note) for name, note in review.field_notes.items()
            ],
            url=url,
        )
        event = DECISION_EVENTS.get(kind)
        if event is None:
            queue_email(user.email, SUBJECTS[kind], "curation_decision", locale, **context)
        else:
            notify(
                user,
                event,
                email=Email(SUBJECTS[kind], "curation_decision", **context),
                link=url,
                product=product.name_for(locale),
            )
        count += 1
    db.session.flush()
    return count


def identity_decided(enterprise: Enterprise, verified: bool, note: str | None) -> int:
    kind = NoticeKind.IDENTITY_VERIFIED if verified else NoticeKind.IDENTITY_REJECTED
    url = public_url("enterprises.dashboard")
    count = 0
    for user in members_of(enterprise.id):
        locale = user.preferred_language if user.preferred_language in ("id", "en") else "id"
        db.session.add(
            Notification(
                user_id=user.id, enterprise_id=enterprise.id, kind=kind, data={"note": note}
            )
        )
        queue_email(
            user.email,
            SUBJECTS[kind],
            "curation_identity",
            locale,
            user=user,
            enterprise=enterprise,
            verified=verified,
            note=note,
            url=url,
        )
        count += 1
    db.session.flush()
    return count


# --- the inbox -----------------------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def notification_inbox(user, page: int) -> Page:
    stmt = select(Notification).where(Notification.user_id == user.id)
    total = count_rows(stmt)
    pages = page_count(total, PER_PAGE)
    page = min(page, pages)
    items = list(
        db.session.scalars(
            stmt.order_by(Notification.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
        )
    )
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


def recent(user, enterprise_id: int, limit: int = 5) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.enterprise_id == enterprise_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_notifications_read(user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) notification of ``user`` as read."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return changed_rows(
        db.session.execute(
            stmt.values(read_at=utcnow()).execution_options(synchronize_session=False)
        )
    )
