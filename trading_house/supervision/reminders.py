"""Reminders through the e-mail outbox (``flask supervision remind``, daily on the scheduler).

- **Cooperative officers**: the RAT and financial statement of the book year just ended are due
  by ``risk.RAT_DUE``; officers hear about it 60 and 14 days before, and once when overdue, as
  long as the RAT is not recorded as held or the statement not submitted.
- **Examiners**: a recommendation of an open special case past its deadline, or a follow-up
  visit past its planned date and not recorded, is e-mailed once to the case's examiners.

Each reminder is sent once: a ``ReminderSent`` key (or the row's ``overdue_notified_at``, set by
a conditional UPDATE) is written in the same transaction as the outbox row, so two schedulers
running at once, or a rerun, never send it twice.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from trading_house.accounts.models import User
from trading_house.cooperatives.models import (
    Cooperative,
    CooperativeOfficer,
    FinancialStatement,
    RatRecord,
)
from trading_house.core.clock import business_today, utcnow
from trading_house.core.mail import queue_email
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.supervision.case_models import (
    CaseRecommendation,
    CaseStatus,
    CaseVisit,
    RecommendationStatus,
    SpecialCase,
    TeamRole,
)
from trading_house.supervision.plan_models import ReminderSent
from trading_house.supervision.risk import rat_due_on

#: Days before the due date at which officers are reminded (then once when overdue).
STAGES = (60, 14)


@dataclass
class Sent:
    officers: int = 0
    recommendations: int = 0
    visits: int = 0

    def __str__(self) -> str:
        return (
            f"{self.officers} deadline reminder(s) to officers, {self.recommendations} overdue "
            f"recommendation(s) and {self.visits} overdue visit(s) to examiners"
        )


def stage_for(today: date, due: date) -> str | None:
    """Which reminder is due today: "60", "14", "overdue", or None."""
    days_left = (due - today).days
    if days_left < 0:
        return "overdue"
    for days in sorted(STAGES):
        if days_left <= days:
            return str(days)
    return None


def remind(today: date | None = None) -> Sent:
    today = today or business_today()
    return Sent(
        officers=remind_officers(today),
        recommendations=remind_overdue_recommendations(today),
        visits=remind_overdue_visits(today),
    )


def _once(key: str) -> bool:
    """Record ``key``; False when it was recorded before (this reminder went out already)."""
    if db.session.scalar(select(ReminderSent.id).where(ReminderSent.key == key)) is not None:
        return False
    with db.session.begin_nested():
        db.session.add(ReminderSent(key=key))
    return True


def remind_officers(today: date) -> int:
    year = today.year - 1
    due = rat_due_on(year)
    stage = stage_for(today, due)
    if stage is None:
        return 0
    held = set(
        db.session.scalars(
            select(RatRecord.cooperative_id).where(
                RatRecord.year == year, RatRecord.held_on.is_not(None)
            )
        )
    )
    submitted = {
        s.cooperative_id
        for s in db.session.scalars(
            select(FinancialStatement).where(FinancialStatement.year == year)
        )
        if s.is_submitted
    }
    officers = db.session.execute(
        select(User, Cooperative)
        .join(CooperativeOfficer, CooperativeOfficer.user_id == User.id)
        .join(Cooperative, Cooperative.id == CooperativeOfficer.cooperative_id)
        .where(User.active.is_(True))
        .order_by(Cooperative.id, User.id)
    ).all()
    sent = 0
    for user, cooperative in officers:
        if cooperative.founded_on is not None and cooperative.founded_on.year > year:
            continue
        missing_rat = cooperative.id not in held
        missing_statement = cooperative.id not in submitted
        if not (missing_rat or missing_statement):
            continue
        if not _once(f"deadline:{year}:{stage}:{cooperative.id}:{user.id}"):
            continue
        subject = (
            _l("Overdue: RAT and financial statement for %(year)s", year=year)
            if stage == "overdue"
            else _l("Coming due: RAT and financial statement for %(year)s", year=year)
        )
        queue_email(
            user.email,
            subject,
            "supervision_deadline",
            user.preferred_language or "id",
            user=user,
            cooperative=cooperative,
            year=year,
            due=due,
            overdue=stage == "overdue",
            missing_rat=missing_rat,
            missing_statement=missing_statement,
            url=public_url("cooperatives.manage_home")
            if _has_endpoint("cooperatives.manage_home")
            else public_url("core.home"),
        )
        sent += 1
    return sent


def _has_endpoint(name: str) -> bool:
    from flask import current_app

    return name in current_app.view_functions


def _examiners(case: SpecialCase) -> list[User]:
    return [
        m.user
        for m in case.members
        if m.role == TeamRole.EXAMINER and m.user is not None and m.user.active
    ]


def _claim_reminder_slot(model, row_id: int) -> bool:
    result = db.session.execute(
        update(model)
        .where(model.id == row_id, model.overdue_notified_at.is_(None))
        .values(overdue_notified_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount == 1


def remind_overdue_recommendations(today: date) -> int:
    rows = db.session.scalars(
        select(CaseRecommendation)
        .join(SpecialCase, SpecialCase.id == CaseRecommendation.case_id)
        .where(
            SpecialCase.status != CaseStatus.CLOSED,
            CaseRecommendation.due_on < today,
            CaseRecommendation.overdue_notified_at.is_(None),
            CaseRecommendation.status.in_(
                (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
            ),
        )
        .order_by(CaseRecommendation.id)
    ).all()
    sent = 0
    for recommendation in rows:
        if not _claim_reminder_slot(CaseRecommendation, recommendation.id):
            continue
        case = recommendation.case
        for examiner in _examiners(case):
            queue_email(
                examiner.email,
                _l("A recommendation of a special inspection is overdue"),
                "supervision_overdue",
                examiner.preferred_language or "id",
                user=examiner,
                case=case,
                what=recommendation.text,
                due=recommendation.due_on,
                url=public_url("supervision.case_detail", case_id=case.id),
            )
            sent += 1
    return sent


def remind_overdue_visits(today: date) -> int:
    rows = db.session.scalars(
        select(CaseVisit)
        .join(SpecialCase, SpecialCase.id == CaseVisit.case_id)
        .where(
            SpecialCase.status != CaseStatus.CLOSED,
            CaseVisit.planned_on < today,
            CaseVisit.visited_on.is_(None),
            CaseVisit.overdue_notified_at.is_(None),
        )
        .order_by(CaseVisit.id)
    ).all()
    sent = 0
    for visit in rows:
        if not _claim_reminder_slot(CaseVisit, visit.id):
            continue
        case = visit.case
        people = [visit.examiner] if visit.examiner is not None else _examiners(case)
        for examiner in people:
            queue_email(
                examiner.email,
                _l("A follow-up visit is overdue"),
                "supervision_overdue",
                examiner.preferred_language or "id",
                user=examiner,
                case=case,
                what=_l("Follow-up visit"),
                due=visit.planned_on,
                url=public_url("supervision.case_detail", case_id=case.id),
            )
            sent += 1
    return sent
