"""E-mails of this area, through the outbox, each in its recipient's language with a link back."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User, UserRole
from trading_house.core.mail import queue_email
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Membership
from trading_house.extensions import db
from trading_house.inquiries.models import Inquiry, Message, Participant
from trading_house.notifications.services import Email, notify


def thread_url(inquiry: Inquiry) -> str:
    return public_url("inquiries.thread", inquiry_id=inquiry.id)


def enterprise_members(enterprise_id: int | None) -> list[User]:
    if enterprise_id is None:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.enterprise_id == enterprise_id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def curators() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "curator", User.active.is_(True))
            .order_by(User.id)
        )
    )


def joined_staff(inquiry: Inquiry) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Participant, Participant.user_id == User.id)
            .where(
                Participant.inquiry_id == inquiry.id,
                Participant.role == "staff",
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def other_side(inquiry: Inquiry, sender_role: str) -> list[User]:
    """Who should hear about something one side did: the other side plus joined staff."""
    people: list[User] = []
    if sender_role != "buyer":
        people.append(inquiry.buyer)
    if sender_role != "enterprise":
        people.extend(enterprise_members(inquiry.enterprise_id))
    if inquiry.is_pooled and sender_role == "buyer" and not joined_staff(inquiry):
        people.extend(curators())  # nobody has joined yet: every curator hears the buyer
    people.extend(joined_staff(inquiry))
    return _unique(people)


def _unique(users) -> list[User]:
    seen, result = set(), []
    for user in users:
        if user is not None and user.id not in seen and user.active:
            seen.add(user.id)
            result.append(user)
    return result


#: E-mail template → the event people choose a channel for (``notifications/events.py``).
EVENTS = {
    "inquiry_new": "inquiry.new",
    "inquiry_request_new": "inquiry.new",
    "inquiry_message": "inquiry.message",
    "inquiry_quotation": "quotation.received",
    "inquiry_quotation_accepted": "quotation.accepted",
}


def send(users, subject, template: str, *, exclude=None, **context) -> None:
    """Tell each user in their language: by e-mail, or on the channel they chose for the event."""
    skip = getattr(exclude, "id", None)
    event = EVENTS.get(template)
    topic = context.get("inquiry") or context.get("request")
    title = getattr(topic, "subject", None) or getattr(topic, "title", None) or ""
    for user in _unique(users):
        if user.id == skip:
            continue
        if event is None:
            queue_email(
                user.email,
                subject,
                template,
                user.preferred_language or "id",
                reader=user,
                **context,
            )
            continue
        notify(
            user,
            event,
            email=Email(subject, template, reader=user, **context),
            link=context.get("link"),
            subject=title,
        )


def had_nothing_unread(user: User, inquiry: Inquiry, before_message_id: int) -> bool:
    """True when ``user`` had read everything in the thread before this new message, so one
    e-mail per burst of messages is sent rather than one per message."""
    mark = db.session.scalar(
        select(Participant.last_read_message_id).where(
            Participant.inquiry_id == inquiry.id, Participant.user_id == user.id
        )
    )
    unread = db.session.scalar(
        select(Message.id)
        .where(
            Message.inquiry_id == inquiry.id,
            Message.id < before_message_id,
            Message.id > (mark or 0),
            (Message.sender_id.is_(None)) | (Message.sender_id != user.id),
        )
        .limit(1)
    )
    return unread is None


def new_message(message: Message) -> None:
    inquiry = message.inquiry
    recipients = [
        user
        for user in other_side(inquiry, message.sender_role)
        if user.id != message.sender_id and had_nothing_unread(user, inquiry, message.id)
    ]
    send(
        recipients,
        _l("New message about %(subject)s", subject=inquiry.subject),
        "inquiry_message",
        inquiry=inquiry,
        message=message,
        link=thread_url(inquiry),
    )
