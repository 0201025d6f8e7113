"""Read-only lists of the registry: the division's filtered list, a cooperative's records and its
history, and each year's RAT state."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from trading_house.cooperatives.models import (
    AuditReport,
    Authority,
    Cooperative,
    CooperativeKind,
    CooperativeMember,
    FinancialStatement,
    HealthPredicate,
    RatRecord,
)
from trading_house.core.clock import business_today
from trading_house.core.models import AuditEntry
from trading_house.core.pagination import Page
from trading_house.enterprises.regions import REGENCIES
from trading_house.extensions import db

PER_PAGE = 25
#: The predicate filter's value for cooperatives never examined.
UNRATED = "none"


@dataclass(frozen=True)
class RegistryFilters:
    regency: str | None = None
    kind: str | None = None
    predicate: str | None = None
    authority: str | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args) -> "RegistryFilters":
        """Filters from a query string; unknown values are ignored, never an error."""
        regency = args.get("regency") if args.get("regency") in REGENCIES else None
        kind = args.get("kind") if args.get("kind") in set(CooperativeKind) else None
        predicates = {p.value for p in HealthPredicate} | {UNRATED}
        predicate = args.get("predicate") if args.get("predicate") in predicates else None
        authority = args.get("authority") if args.get("authority") in set(Authority) else None
        q = (args.get("q") or "").strip()[:100] or None
        return cls(regency, kind, predicate, authority, q)


def registry(filters: RegistryFilters, page: int = 1) -> Page:
    """Cooperatives matching ``filters``, by name. Authority is derived from the membership
    area, so it is filtered after the query."""
    query = select(Cooperative).options(selectinload(Cooperative.assigned_examiner))
    if filters.regency:
        query = query.where(Cooperative.regency == filters.regency)
    if filters.kind:
        query = query.where(Cooperative.kind == filters.kind)
    if filters.predicate == UNRATED:
        query = query.where(Cooperative.health_predicate.is_(None))
    elif filters.predicate:
        query = query.where(Cooperative.health_predicate == filters.predicate)
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(
            or_(func.lower(Cooperative.name).like(like), Cooperative.nik.like(f"%{filters.q}%"))
        )
    rows = list(db.session.scalars(query.order_by(Cooperative.name, Cooperative.id)))
    if filters.authority:
        rows = [c for c in rows if c.authority == filters.authority]
    start = (page - 1) * PER_PAGE
    return Page(items=rows[start : start + PER_PAGE], page=page, per_page=PER_PAGE, total=len(rows))


def last_rat_years(cooperative_ids: list[int]) -> dict[int, int]:
    """{cooperative id: year of its latest recorded RAT}."""
    if not cooperative_ids:
        return {}
    rows = db.session.execute(
        select(RatRecord.cooperative_id, func.max(RatRecord.year))
        .where(RatRecord.cooperative_id.in_(cooperative_ids))
        .group_by(RatRecord.cooperative_id)
    )
    return dict(rows.all())


class RatState(StrEnum):
    """How a year's annual members' meeting (RAT) went: not a status of a lifecycle."""

    HELD = "held"
    LATE = "late"
    MISSED = "missed"
    DUE = "due"  # the deadline has not passed yet


@dataclass(frozen=True)
class RatYear:
    year: int
    record: RatRecord | None

    @property
    def state(self) -> RatState:
        if self.record is not None:
            return RatState.LATE if self.record.is_late else RatState.HELD
        return RatState.MISSED if date(self.year + 1, 6, 30) < business_today() else RatState.DUE


def rat_years(cooperative: Cooperative, years: int = 4) -> list[RatYear]:
    """The last ``years`` closed financial years, newest first, with their RAT (or none)."""
    last_closed = business_today().year - 1
    by_year = {r.year: r for r in cooperative.rat_records}
    first = max(
        last_closed - years + 1, cooperative.founded_on.year if cooperative.founded_on else 0
    )
    return [RatYear(y, by_year.get(y)) for y in range(last_closed, first - 1, -1)]


def member_register(cooperative: Cooperative) -> list[CooperativeMember]:
    return list(
        db.session.scalars(
            select(CooperativeMember)
            .options(selectinload(CooperativeMember.enterprise))
            .where(CooperativeMember.cooperative_id == cooperative.id)
            .order_by(CooperativeMember.name)
        )
    )


def audit_reports(cooperative: Cooperative) -> list[AuditReport]:
    return list(
        db.session.scalars(
            select(AuditReport)
            .where(AuditReport.cooperative_id == cooperative.id)
            .order_by(AuditReport.year.desc())
        )
    )


def statements(cooperative: Cooperative) -> list[FinancialStatement]:
    return list(
        db.session.scalars(
            select(FinancialStatement)
            .where(FinancialStatement.cooperative_id == cooperative.id)
            .order_by(FinancialStatement.year.desc())
        )
    )


def history(cooperative: Cooperative, limit: int = 200) -> list[AuditEntry]:
    """Every audited change of the cooperative, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.subject_type == "Cooperative", AuditEntry.subject_id == cooperative.id
            )
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


def actor_names(entries: list[AuditEntry]) -> dict[int, str]:
    from trading_house.accounts.models import User

    ids = {e.actor_id for e in entries if e.actor_id}
    if not ids:
        return {}
    return dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    )


def nik_expired(cooperative: Cooperative) -> bool:
    return cooperative.nik_expires_on is not None and cooperative.nik_expires_on < business_today()
