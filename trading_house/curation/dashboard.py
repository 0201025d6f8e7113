"""The curator dashboard: where the queue stands and how decisions go."""

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.catalog.models import Category
from trading_house.core.clock import utcnow
from trading_house.curation import queue
from trading_house.curation.models import Review
from trading_house.curation.status import Decision
from trading_house.extensions import db

PERIODS = (30, 90, 365)
#: Decisions on content (suspensions and reinstatements are not reviews of a submission).
CONTENT_DECISIONS = (Decision.APPROVED, Decision.CHANGES_REQUESTED, Decision.REJECTED)


@dataclass
class Rate:
    key: str
    label: str
    approved: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.approved / self.total) if self.total else 0


@dataclass
class CuratorRow:
    name: str
    approved: int = 0
    changes_requested: int = 0
    rejected: int = 0
    suspended: int = 0
    reinstated: int = 0

    @property
    def total(self) -> int:
        return (
            self.approved
            + self.changes_requested
            + self.rejected
            + self.suspended
            + self.reinstated
        )


def percentile(values: list[timedelta], fraction: float) -> timedelta | None:
    """Nearest-rank percentile (``fraction`` 0.5 = median); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary(days: int, locale: str) -> dict:
    """Everything the dashboard shows, for decisions of the last ``days`` days."""
    now = utcnow()
    since = now - timedelta(days=days)
    rows = db.session.execute(
        select(
            Review.created_at,
            Review.submitted_at,
            Review.decision,
            Review.category_id,
            Review.regency_code,
        ).where(Review.created_at >= since, Review.decision.in_(CONTENT_DECISIONS))
    ).all()
    waits = [r.created_at - r.submitted_at for r in rows if r.submitted_at is not None]
    return {
        "days": days,
        "queue_size": queue.queue_size(),
        "decisions": len(rows),
        Decision.APPROVED: sum(1 for r in rows if r.decision == Decision.APPROVED),
        "median_wait": percentile(waits, 0.5),
        "p90_wait": percentile(waits, 0.9),
        "by_category": _rates(rows, "category", locale),
        "by_regency": _rates(rows, "regency", locale),
        "curators": curator_activity(now - timedelta(days=30)),
    }


def _rates(rows, by: str, locale: str) -> list[Rate]:
    from trading_house.enterprises.regions import regency_name

    tops: dict[int, Category] = {}
    if by == "category":
        categories = {c.id: c for c in db.session.scalars(select(Category))}
        tops = {cid: (c.parent or c) for cid, c in categories.items()}
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        if by == "category":
            top = tops.get(row.category_id)
            key = top.slug if top else "?"
            labels[key] = top.name_for(locale) if top else "?"
        else:
            key = row.regency_code or "?"
            labels[key] = regency_name(key) if row.regency_code else "?"
        approved_total = counts.setdefault(key, [0, 0])
        approved_total[1] += 1
        if row.decision == Decision.APPROVED:
            approved_total[0] += 1
    rates = [Rate(k, labels[k], a, t) for k, (a, t) in counts.items()]
    return sorted(rates, key=lambda r: (-r.total, r.label))


def curator_activity(since) -> list[CuratorRow]:
    """Each curator's decisions since ``since`` (every kind, suspensions included)."""
    rows = db.session.execute(
        select(User.id, User.display_name, Review.decision)
        .join(Review, Review.curator_id == User.id)
        .where(Review.created_at >= since)
    ).all()
    by_curator: dict[int, CuratorRow] = {}
    for user_id, name, decision in rows:
        row = by_curator.setdefault(user_id, CuratorRow(name=name))
        setattr(row, decision, getattr(row, decision) + 1)
    return sorted(by_curator.values(), key=lambda r: (-r.total, r.name))
