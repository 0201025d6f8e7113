"""The provincial dashboard: the numbers, each as a table that downloads as CSV and XLSX.

Grades come from the grade cache (kept current by every answer change and the hourly refresh);
an enterprise or product without a cached grade counts as D. Products are counted unless
archived. Months are calendar months in the trading house's time zone.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_house.catalog.models import Category, Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.clock import business_zone, utcnow
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import regency_name
from trading_house.extensions import db
from trading_house.readiness.models import (
    EXPORT_READY_GRADES,
    GRADES,
    ClinicFollowUp,
    ClinicSession,
    EnterpriseGrade,
    GradeChange,
    ProductGrade,
    ReadinessAnswer,
    ReadinessAnswerEvent,
)
from trading_house.readiness.scoring import ScoringContext, assess_all
from trading_house.readiness.status import AnswerStatus


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def _grade_table(name, title, first_header, counts: dict[Any, Counter], label) -> Table:
    table = Table(name, title, [first_header, *GRADES, _("Total")])
    totals: Counter = Counter()
    for key in sorted(counts, key=lambda k: label(k).lower()):
        row = counts[key]
        table.rows.append([label(key), *(row[g] for g in GRADES), sum(row.values())])
        totals.update(row)
    table.rows.append([_("Total"), *(totals[g] for g in GRADES), sum(totals.values())])
    return table


def enterprises_by_regency() -> Table:
    rows = db.session.execute(
        select(Enterprise.regency_code, EnterpriseGrade.grade, func.count())
        .outerjoin(EnterpriseGrade, EnterpriseGrade.enterprise_id == Enterprise.id)
        .group_by(Enterprise.regency_code, EnterpriseGrade.grade)
    ).all()
    counts: dict[str, Counter] = {}
    for regency, grade, n in rows:
        counts.setdefault(regency, Counter())[grade or "D"] += n
    return _grade_table(
        "enterprises_by_regency",
        _("Enterprises per grade by regency"),
        _("Regency"),
        counts,
        lambda code: regency_name(code) or code,
    )


def _product_counts(key_column) -> list:
    """(key, grade, count) rows; a product not graded yet counts as D."""
    rows = db.session.execute(
        select(key_column, ProductGrade.grade, func.count())
        .select_from(Product)
        .outerjoin(ProductGrade, ProductGrade.product_id == Product.id)
        .join(Enterprise, Enterprise.id == Product.enterprise_id)
        .join(Category, Category.id == Product.category_id)
        .where(Product.status != ProductStatus.ARCHIVED)
        .group_by(key_column, ProductGrade.grade)
    ).all()
    return [(key, grade or "D", n) for key, grade, n in rows]


def products_by_regency() -> Table:
    counts: dict[str, Counter] = {}
    for regency, grade, n in _product_counts(Enterprise.regency_code):
        counts.setdefault(regency, Counter())[grade] += n
    return _grade_table(
        "products_by_regency",
        _("Products per grade by regency"),
        _("Regency"),
        counts,
        lambda code: regency_name(code) or code,
    )


def products_by_category(locale: str = "id") -> Table:
    """By top-level category (a child category counts under its parent)."""
    top = func.coalesce(Category.parent_id, Category.id)
    counts: dict[int, Counter] = {}
    for category_id, grade, n in _product_counts(top):
        counts.setdefault(category_id, Counter())[grade] += n
    names = {c.id: c.name_for(locale) for c in db.session.scalars(select(Category))}
    return _grade_table(
        "products_by_category",
        _("Products per grade by category"),
        _("Category"),
        counts,
        lambda cid: names.get(cid, str(cid)),
    )


def month_starts(months: int, now: datetime | None = None) -> list[date]:
    """The first day of each of the last ``months`` local months, oldest first."""
    today = (now or utcnow()).astimezone(business_zone()).date()
    year, month = today.year, today.month
    starts = []
    for _i in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _next_month(start: date) -> date:
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def _local_instant(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=business_zone()).astimezone(UTC)


def grades_over_time(months: int = 12) -> Table:
    """Enterprises per grade and export-ready products at the end of each month."""
    now = utcnow()
    table = Table(
        "grades_over_time",
        _("Change over time"),
        [_("Month"), *GRADES, _("Export-ready products")],
    )
    changes = db.session.execute(
        select(
            GradeChange.enterprise_id,
            GradeChange.product_id,
            GradeChange.to_grade,
            GradeChange.changed_at,
        ).order_by(GradeChange.changed_at, GradeChange.id)
    ).all()
    created = db.session.execute(select(Enterprise.id, Enterprise.created_at)).all()
    enterprise_grade: dict[int, str] = {}
    product_grade: dict[int, str] = {}
    index = 0
    for start in month_starts(months, now):
        end = min(_local_instant(_next_month(start)), now)
        while index < len(changes) and changes[index].changed_at < end:
            change = changes[index]
            if change.product_id is None:
                enterprise_grade[change.enterprise_id] = change.to_grade
            else:
                product_grade[change.product_id] = change.to_grade
            index += 1
        counts = Counter(
            enterprise_grade.get(eid, "D")
            for eid, created_at in created
            if created_at < end or eid in enterprise_grade
        )
        ready = sum(1 for g in product_grade.values() if g in EXPORT_READY_GRADES)
        table.rows.append([start.strftime("%Y-%m"), *(counts[g] for g in GRADES), ready])
    return table


def common_missing_items(locale: str = "id", limit: int = 10) -> Table:
    """Items most often not yet verified where they apply (what training to fund)."""
    ctx = ScoringContext.load()
    applicable: Counter = Counter()
    missing: Counter = Counter()
    items = {}
    for _enterprise, products, outcome in assess_all(ctx):
        results = list(outcome.enterprise_results)
        for product in products:
            if product.status != ProductStatus.ARCHIVED:
                own = outcome.products[product.id].results
                results += [r for r in own if r.product_id == product.id]
        for result in results:
            items[result.item.id] = result.item
            applicable[result.item.id] += 1
            if not result.counts:
                missing[result.item.id] += 1
    table = Table(
        "missing_items",
        _("Most common missing items"),
        [_("Item"), _("Level"), _("Mandatory"), _("Applies to"), _("Missing"), _("Share (%)")],
    )
    ranked = sorted(missing, key=lambda i: (-missing[i], items[i].position, i))[:limit]
    for item_id in ranked:
        item = items[item_id]
        table.rows.append(
            [
                item.title_for(locale),
                _("Business") if item.scope == "enterprise" else _("Product"),
                _("Yes") if item.mandatory else _("No"),
                applicable[item_id],
                missing[item_id],
                round(100 * missing[item_id] / applicable[item_id]),
            ]
        )
    return table


def time_to_export_ready() -> Table:
    """Days from an enterprise's first submitted answer to its first A or B grade."""
    first_submission = dict(
        db.session.execute(
            select(ReadinessAnswer.enterprise_id, func.min(ReadinessAnswerEvent.created_at))
            .join(ReadinessAnswerEvent, ReadinessAnswerEvent.answer_id == ReadinessAnswer.id)
            .where(ReadinessAnswerEvent.to_state == AnswerStatus.SUBMITTED)
            .group_by(ReadinessAnswer.enterprise_id)
        ).all()
    )
    first_ready = dict(
        db.session.execute(
            select(GradeChange.enterprise_id, func.min(GradeChange.changed_at))
            .where(GradeChange.product_id.is_(None), GradeChange.to_grade.in_(EXPORT_READY_GRADES))
            .group_by(GradeChange.enterprise_id)
        ).all()
    )
    enterprises = {e.id: e for e in db.session.scalars(select(Enterprise))}
    table = Table(
        "time_to_export_ready",
        _("Time from first submission to export-ready"),
        [_("Enterprise"), _("Regency"), _("First submission"), _("Export-ready"), _("Days")],
    )
    zone = business_zone()
    for eid, ready in sorted(first_ready.items(), key=lambda kv: kv[1]):
        submitted = first_submission.get(eid)
        if submitted is None or ready < submitted:
            continue
        enterprise = enterprises[eid]
        table.rows.append(
            [
                enterprise.name,
                regency_name(enterprise.regency_code),
                submitted.astimezone(zone).date().isoformat(),
                ready.astimezone(zone).date().isoformat(),
                (ready - submitted).days,
            ]
        )
    days = [row[-1] for row in table.rows]
    table.summary = {
        "count": len(days),
        "median_days": statistics.median_low(days) if days else None,
        "still_working": len(set(first_submission) - set(first_ready)),
    }
    return table


def clinic_activity(months: int = 12) -> Table:
    """Sessions, enterprises coached and follow-ups per month of the session."""
    starts = month_starts(months)
    today = utcnow().astimezone(business_zone()).date()
    sessions = db.session.scalars(
        select(ClinicSession).where(ClinicSession.held_on >= starts[0])
    ).all()
    follow_ups = db.session.execute(
        select(ClinicSession.held_on, ClinicFollowUp.due_on, ClinicFollowUp.done_at)
        .join(ClinicSession, ClinicSession.id == ClinicFollowUp.session_id)
        .where(ClinicSession.held_on >= starts[0])
    ).all()
    table = Table(
        "clinic_activity",
        _("Clinic activity"),
        [
            _("Month"),
            _("Sessions"),
            _("Enterprises coached"),
            _("Follow-ups agreed"),
            _("Follow-ups done"),
            _("Follow-ups overdue"),
        ],
    )
    for start in starts:
        end = _next_month(start)
        in_month = [s for s in sessions if start <= s.held_on < end]
        agreed = [f for f in follow_ups if start <= f.held_on < end]
        table.rows.append(
            [
                start.strftime("%Y-%m"),
                len(in_month),
                len({s.enterprise_id for s in in_month}),
                len(agreed),
                sum(1 for f in agreed if f.done_at is not None),
                sum(1 for f in agreed if f.done_at is None and f.due_on < today),
            ]
        )
    return table


TABLES = {
    "enterprises_by_regency": lambda locale: enterprises_by_regency(),
    "products_by_regency": lambda locale: products_by_regency(),
    "products_by_category": products_by_category,
    "grades_over_time": lambda locale: grades_over_time(),
    "missing_items": lambda locale: common_missing_items(locale),
    "time_to_export_ready": lambda locale: time_to_export_ready(),
    "clinic_activity": lambda locale: clinic_activity(),
}
