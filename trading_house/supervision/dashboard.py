"""The division's dashboard: each number a table that downloads as CSV and XLSX (the same
machinery as the readiness dashboard, ``readiness/exports.py``).

"Examined this year" counts cooperatives whose predicate was rated this calendar year (the
finalised examination sets ``predicate_rated_on``). "Overdue RAT" lists cooperatives with no
RAT held for the last book year whose RAT is due (``risk.last_due_year``). Every table is a
handful of grouped queries, so the page stays fast with thousands of cooperatives.
"""

from collections import Counter
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case as sa_case
from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.cooperatives.labels import KIND_LABELS
from trading_house.cooperatives.models import Cooperative, RatRecord
from trading_house.core.clock import business_today
from trading_house.enterprises.regions import regency_name
from trading_house.extensions import db
from trading_house.readiness.dashboard import Table
from trading_house.supervision import plan as plans
from trading_house.supervision.case_models import (
    CaseMember,
    CaseRecommendation,
    CaseStatus,
    RecommendationStatus,
    SpecialCase,
)
from trading_house.supervision.labels import PREDICATE_LABELS
from trading_house.supervision.risk import last_due_year, rat_due_on

PREDICATES = tuple(PREDICATE_LABELS)
NOT_RATED = "none"


def _kind_label(kind) -> str:
    return str(KIND_LABELS.get(str(kind), kind))


def _predicate_table(name: str, title: str, first: str, key_column, label) -> Table:
    rows = db.session.execute(
        select(key_column, Cooperative.health_predicate, func.count()).group_by(
            key_column, Cooperative.health_predicate
        )
    ).all()
    counts: dict = {}
    for key, predicate, n in rows:
        counts.setdefault(key, Counter())[str(predicate) if predicate else NOT_RATED] += n
    columns = (*PREDICATES, NOT_RATED)
    headers = [first, *(str(PREDICATE_LABELS[p]) for p in PREDICATES), _("Not rated"), _("Total")]
    table = Table(name, title, headers)
    totals: Counter = Counter()
    for key in sorted(counts, key=lambda k: label(k).lower()):
        row = counts[key]
        table.rows.append([label(key), *(row[c] for c in columns), sum(row.values())])
        totals.update(row)
    table.rows.append([_("Total"), *(totals[c] for c in columns), sum(totals.values())])
    return table


def by_regency() -> Table:
    return _predicate_table(
        "by_regency",
        _("Cooperatives per predicate by regency"),
        _("Regency"),
        Cooperative.regency,
        lambda code: regency_name(code) or str(code),
    )


def by_kind() -> Table:
    return _predicate_table(
        "by_kind",
        _("Cooperatives per predicate by kind"),
        _("Kind"),
        Cooperative.kind,
        _kind_label,
    )


def examined_this_year() -> Table:
    """Per regency: cooperatives, rated this year, share."""
    year = business_today().year
    rated_this_year = func.sum(
        sa_case((Cooperative.predicate_rated_on >= date(year, 1, 1), 1), else_=0)
    )
    rows = db.session.execute(
        select(Cooperative.regency, func.count(), rated_this_year).group_by(Cooperative.regency)
    ).all()
    table = Table(
        "examined",
        _("Share examined in %(year)s", year=year),
        [_("Regency"), _("Cooperatives"), _("Examined"), _("Share (%)")],
    )
    total = examined = 0
    for regency, count, rated in sorted(rows, key=lambda r: regency_name(r[0]).lower()):
        rated = int(rated or 0)
        table.rows.append(
            [regency_name(regency) or regency, count, rated, _percent_of(rated, count)]
        )
        total += count
        examined += rated
    table.rows.append([_("Total"), total, examined, _percent_of(examined, total)])
    table.summary = {"total": total, "examined": examined, "share": _percent_of(examined, total)}
    return table


def _percent_of(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def overdue_rat() -> Table:
    """Cooperatives with no RAT held for the last book year that is due."""
    today = business_today()
    year = last_due_year(today)
    held = (
        select(RatRecord.cooperative_id)
        .where(RatRecord.year == year, RatRecord.held_on.is_not(None))
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Cooperative.name, Cooperative.regency, Cooperative.founded_on)
        .where(Cooperative.id.not_in(held))
        .order_by(Cooperative.name)
    ).all()
    overdue_days = (today - rat_due_on(year)).days
    table = Table(
        "overdue_rat",
        _("RAT overdue for %(year)s", year=year),
        [_("Cooperative"), _("Regency"), _("Days overdue")],
    )
    for name, regency, founded_on in rows:
        if founded_on is not None and founded_on.year > year:
            continue  # founded after that book year: owes no RAT for it
        table.rows.append([name, regency_name(regency) or regency, overdue_days])
    table.summary = {"count": len(table.rows), "year": year}
    return table


def open_cases() -> Table:
    today = business_today()
    rows = db.session.execute(
        select(SpecialCase, Cooperative.name)
        .join(Cooperative, Cooperative.id == SpecialCase.cooperative_id)
        .where(SpecialCase.status != CaseStatus.CLOSED)
        .order_by(SpecialCase.opened_on, SpecialCase.id)
    ).all()
    table = Table(
        "open_cases",
        _("Open special inspections"),
        [_("Cooperative"), _("Trigger"), _("Status"), _("Opened"), _("Age (days)")],
    )
    for case, name in rows:
        table.rows.append(
            [
                name,
                case.trigger_label,
                case.status_label,
                case.opened_on.isoformat(),
                (today - case.opened_on).days,
            ]
        )
    ages = [row[-1] for row in table.rows]
    table.summary = {"count": len(ages), "oldest": max(ages) if ages else None}
    return table


def examiner_workload() -> Table:
    today = business_today()
    plan = plans.plan_for(today.year)
    open_seats = dict(
        db.session.execute(
            select(CaseMember.user_id, func.count())
            .join(SpecialCase, SpecialCase.id == CaseMember.case_id)
            .where(SpecialCase.status != CaseStatus.CLOSED)
            .group_by(CaseMember.user_id)
        ).all()
    )
    overdue = dict(
        db.session.execute(
            select(CaseMember.user_id, func.count(func.distinct(CaseRecommendation.id)))
            .join(SpecialCase, SpecialCase.id == CaseMember.case_id)
            .join(CaseRecommendation, CaseRecommendation.case_id == SpecialCase.id)
            .where(
                SpecialCase.status != CaseStatus.CLOSED,
                CaseRecommendation.due_on < today,
                CaseRecommendation.status.in_(
                    (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
                ),
            )
            .group_by(CaseMember.user_id)
        ).all()
    )
    table = Table(
        "workload",
        _("Examiner workload in %(year)s", year=today.year),
        [
            _("Examiner"),
            _("Capacity"),
            _("Cooperatives assigned"),
            _("Open special inspections"),
            _("Overdue recommendations"),
        ],
    )
    for load in plans.workloads(plan):
        user: User = load.examiner
        table.rows.append(
            [
                user.display_name,
                load.capacity,
                load.assigned,
                open_seats.get(user.id, 0),
                overdue.get(user.id, 0),
            ]
        )
    return table


TABLES = {
    "by_regency": by_regency,
    "by_kind": by_kind,
    "examined": examined_this_year,
    "overdue_rat": overdue_rat,
    "open_cases": open_cases,
    "workload": examiner_workload,
}


def build_all() -> dict[str, Table]:
    return {name: build() for name, build in TABLES.items()}
