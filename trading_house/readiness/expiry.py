"""The hourly refresh: expiry reminders, expired certificates, overdue follow-ups, grades.

Safe to run from cron every hour and to run twice at once: every e-mail is claimed with a
conditional UPDATE (``... WHERE reminded_30_at IS NULL``) before it is queued, so it goes out
once; lapsed answers are locked (SKIP LOCKED on PostgreSQL) and moved by the one transition
function, which refuses a second "expire"; the grade cache is rewritten from the answers.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from trading_house.core.clock import utcnow
from trading_house.core.tx import changed_rows
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.notifications.services import Email, notify
from trading_house.readiness import verified
from trading_house.readiness.formats import local_today
from trading_house.readiness.lifecycle import EXPIRED, VERIFIED, transition
from trading_house.readiness.models import ClinicFollowUp, ReadinessAnswer
from trading_house.readiness.scoring import refresh_all_grades
from trading_house.readiness.services import notify_members

REMINDER_DAYS = (60, 30)


@dataclass
class RefreshResult:
    expired: int = 0
    reminders_60: int = 0
    reminders_30: int = 0
    overdue_flagged: int = 0
    follow_ups_closed: int = 0
    grades_changed: int = 0


def refresh() -> RefreshResult:
    """Do everything that depends on the date; idempotent."""
    result = RefreshResult()
    today = local_today()
    result.expired = expire_and_notify(today)
    result.reminders_60, result.reminders_30 = send_expiry_reminders(today)
    result.follow_ups_closed = verified.close_satisfied_follow_ups()
    result.overdue_flagged = flag_overdue_follow_ups(today)
    result.grades_changed = refresh_all_grades()
    return result


def expire_and_notify(today) -> int:
    """Verified documents whose certificate ended before today expire everywhere at once.

    The one record of each (``verified.py``) ends with every answer showing it and the identity
    badge it supported; a verified answer without a record (none after the verify-once
    migration) is expired on its own.
    """
    lapsed = verified.end_lapsed_records(today)
    legacy = db.session.scalars(
        select(ReadinessAnswer)
        .where(
            ReadinessAnswer.state == VERIFIED,
            ReadinessAnswer.expires_on.is_not(None),
            ReadinessAnswer.expires_on < today,
        )
        .order_by(ReadinessAnswer.id)
        .with_for_update(of=ReadinessAnswer, skip_locked=True)
    ).all()
    for answer in legacy:
        transition(
            answer,
            EXPIRED,
            actor=None,
            note=f"certificate valid until {answer.expires_on}",
        )
    lapsed += legacy
    for answer in lapsed:
        notify_members(
            answer.enterprise,
            _l("An export certificate has expired"),
            "readiness_expired",
            answer=answer,
            url=_answer_url(answer),
        )
    db.session.flush()
    return len(lapsed)


def send_expiry_reminders(today) -> tuple[int, int]:
    """Reminders 60 and 30 days before a verified certificate ends, each sent once."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    candidates = db.session.scalars(
        select(ReadinessAnswer)
        .where(
            ReadinessAnswer.state == VERIFIED,
            ReadinessAnswer.expires_on.is_not(None),
            ReadinessAnswer.expires_on >= today,
            ReadinessAnswer.expires_on <= horizon,
        )
        .order_by(ReadinessAnswer.id)
    ).all()
    sent = {60: 0, 30: 0}
    for answer in candidates:
        days_left = (answer.expires_on - today).days
        window = 30 if days_left <= 30 else 60
        if not _claim_reminder(answer, window):
            continue
        notify_members(
            answer.enterprise,
            _l("An export certificate expires in %(days)s days", days=days_left),
            "readiness_expiry_reminder",
            event="certificate.expiring",
            answer=answer,
            days_left=days_left,
            url=_answer_url(answer),
        )
        sent[window] += 1
    return sent[60], sent[30]


def _claim_reminder(answer: ReadinessAnswer, window: int) -> bool:
    """Mark the reminder as sent unless someone already did (the guard against duplicates)."""
    column = ReadinessAnswer.reminded_30_at if window == 30 else ReadinessAnswer.reminded_60_at
    now = utcnow()
    values = {column.key: now}
    if window == 30:  # a certificate first seen inside 30 days gets no 60-day reminder later
        values["reminded_60_at"] = answer.reminded_60_at or now
    claimed = db.session.execute(
        update(ReadinessAnswer)
        .where(ReadinessAnswer.id == answer.id, column.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(claimed) != 1:
        return False
    for key, value in values.items():
        setattr(answer, key, value)
    return True


def flag_overdue_follow_ups(today) -> int:
    """E-mail the curator once about each clinic follow-up that passed its due date."""
    overdue = db.session.scalars(
        select(ClinicFollowUp)
        .where(
            ClinicFollowUp.done_at.is_(None),
            ClinicFollowUp.due_on < today,
            ClinicFollowUp.overdue_notified_at.is_(None),
        )
        .order_by(ClinicFollowUp.id)
    ).all()
    flagged = 0
    for follow_up in overdue:
        claimed = db.session.execute(
            update(ClinicFollowUp)
            .where(ClinicFollowUp.id == follow_up.id, ClinicFollowUp.overdue_notified_at.is_(None))
            .values(overdue_notified_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if changed_rows(claimed) != 1:
            continue
        curator = follow_up.session.curator
        enterprise = follow_up.session.enterprise
        url = public_url("readiness.clinic", enterprise_id=follow_up.session.enterprise_id)
        notify(
            curator,
            "clinic.follow_up_due",
            email=Email(
                _l("A clinic follow-up is overdue"),
                "readiness_follow_up_overdue",
                follow_up=follow_up,
                enterprise=enterprise,
                url=url,
            ),
            link=url,
            enterprise=enterprise.name,
        )
        flagged += 1
    return flagged


def _answer_url(answer: ReadinessAnswer) -> str:
    if answer.product_id:
        return public_url(
            "readiness.assess_product",
            enterprise_id=answer.enterprise_id,
            product_id=answer.product_id,
        )
    return public_url("readiness.assess_enterprise", enterprise_id=answer.enterprise_id)
