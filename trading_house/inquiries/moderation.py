"""Moderation: close and reopen threads, reports of abuse, blocked senders, the area's settings."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.lifecycle import transition
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import Block, Inquiry, InquirySettings, Message, Report
from trading_house.inquiries.services import (
    MAX_REASON_LENGTH,
    NoticeCode,
    check_text,
    system_notice,
)
from trading_house.inquiries.status import InquiryStatus


def close_thread(user, inquiry: Inquiry, *, note: str = "") -> Inquiry:
    """A curator closes a thread: nobody can write or quote in it until it is reopened."""
    policies.require_staff_or_not_found(user)
    transition(inquiry, InquiryStatus.CLOSED, actor=user, reason=note or None)
    now = utcnow()
    for report in _open_reports(inquiry):
        report.resolved_at, report.resolved_by_id = now, user.id
    system_notice(inquiry, user, NoticeCode.CLOSED, role="staff")
    audit.record("inquiry.closed", actor=user, subject=inquiry, note=note)
    return inquiry


def reopen_thread(user, inquiry: Inquiry) -> Inquiry:
    policies.require_staff_or_not_found(user)
    transition(inquiry, InquiryStatus.OPEN, actor=user)
    system_notice(inquiry, user, NoticeCode.REOPENED, role="staff")
    return inquiry


def _open_reports(inquiry: Inquiry) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report).where(Report.inquiry_id == inquiry.id, Report.resolved_at.is_(None))
        )
    )


def report_thread(user, inquiry: Inquiry, reason: str) -> Report:
    """A party reports an abusive thread; curators are told."""
    if policies.side_of(user, inquiry) not in ("buyer", "enterprise"):
        raise PermissionDenied(_l("Only the people in this conversation can report it."))
    reason = check_text(reason, field="reason", maximum=MAX_REASON_LENGTH)
    report = Report(inquiry_id=inquiry.id, reporter_id=user.id, reason=reason)
    db.session.add(report)
    db.session.flush()
    audit.record("inquiry.reported", actor=user, subject=inquiry)
    notify.send(
        notify.curators(),
        _l("A conversation was reported: %(subject)s", subject=inquiry.subject),
        "inquiry_reported",
        inquiry=inquiry,
        report=report,
        link=notify.thread_url(inquiry),
    )
    return report


def resolve_report(user, report: Report) -> Report:
    policies.require_staff_or_not_found(user)
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by_id = utcnow(), user.id
        db.session.flush()
    return report


def block_sender(user, inquiry: Inquiry, target_user_id: int, *, reason: str = "") -> Block:
    """A curator blocks someone who wrote in this thread from sending anything more."""
    policies.require_staff_or_not_found(user)
    writers = set(
        db.session.scalars(
            select(Message.sender_id).where(
                Message.inquiry_id == inquiry.id, Message.sender_role.in_(("buyer", "enterprise"))
            )
        )
    )
    writers.add(inquiry.buyer_id)
    if target_user_id not in writers:
        raise DomainError(_l("Only someone who wrote in this conversation can be blocked here."))
    from trading_house.accounts.models import User

    target = db.session.get(User, target_user_id)
    if target is None or target.is_staff:
        raise DomainError(_l("Trading-house staff cannot be blocked."))
    block = db.session.scalar(select(Block).where(Block.user_id == target.id))
    if block is None:
        block = Block(
            user_id=target.id, blocked_by_id=user.id, reason=reason, inquiry_id=inquiry.id
        )
        db.session.add(block)
        db.session.flush()
        audit.record("inquiry.sender_blocked", actor=user, subject=target, inquiry=inquiry.id)
    return block


def unblock(user, block_id: int) -> None:
    policies.require_staff_or_not_found(user)
    block = db.session.get(Block, block_id)
    if block is not None:
        audit.record("inquiry.sender_unblocked", actor=user, subject=block.user)
        db.session.delete(block)
        db.session.flush()


def save_settings(user, *, open_requests_to_category: bool):
    """Admins decide whether buying requests are shown to every enterprise of the category."""
    if not user.has_role("admin"):
        raise NotFound(_l("This page does not exist."))

    row = db.session.get(InquirySettings, 1)
    if row is None:
        row = InquirySettings(id=1)
        db.session.add(row)
    row.open_requests_to_category = bool(open_requests_to_category)
    row.updated_by_id = user.id
    db.session.flush()
    audit.record("inquiry.settings", actor=user, open_to_category=row.open_requests_to_category)
    return row
