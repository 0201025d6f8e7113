"""Admins browse and export the decisions (``curation_reviews``, append-only) as CSV."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from trading_house.catalog.models import Product
from trading_house.core.pagination import Page, count_rows, page_count
from trading_house.core.spreadsheets import formula_safe
from trading_house.curation.models import DECISIONS, Review
from trading_house.extensions import db

PER_PAGE = 50
CSV_COLUMNS = (
    "review_id",
    "decided_at_utc",
    "curator_email",
    "curator_name",
    "decision",
    "product_id",
    "product_sku",
    "product_name",
    "enterprise",
    "revision_number",
    "content_version",
    "reason_codes",
    "feedback",
    "field_notes",
    "submitted_at_utc",
    "hours_waited",
)


@dataclass(frozen=True)
class AuditFilters:
    decision: str | None = None
    curator_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    product_id: int | None = None


def parse_audit_filters(args) -> AuditFilters:
    def day(name):
        try:
            return date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None

    def number(name):
        value = args.get(name, "")
        return int(value) if str(value).isdigit() else None

    decision = args.get("decision")
    return AuditFilters(
        decision=decision if decision in DECISIONS else None,
        curator_id=number("curator"),
        date_from=day("from"),
        date_to=day("to"),
        product_id=number("product"),
    )


def _matching_reviews(filters: AuditFilters):
    stmt = select(Review)
    if filters.decision:
        stmt = stmt.where(Review.decision == filters.decision)
    if filters.curator_id:
        stmt = stmt.where(Review.curator_id == filters.curator_id)
    if filters.product_id:
        stmt = stmt.where(Review.product_id == filters.product_id)
    if filters.date_from:
        stmt = stmt.where(Review.created_at >= datetime.combine(filters.date_from, time(), UTC))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), UTC)
        stmt = stmt.where(Review.created_at < end)
    return stmt


def _with_details(stmt):
    return stmt.options(
        joinedload(Review.curator),
        joinedload(Review.revision),
        joinedload(Review.product).joinedload(Product.enterprise),
    )


def audit_page(filters: AuditFilters, page: int) -> Page:
    stmt = _matching_reviews(filters)
    total = count_rows(stmt)
    pages = page_count(total, PER_PAGE)
    page = min(page, pages)
    items = list(
        db.session.scalars(
            _with_details(stmt)
            .order_by(Review.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        ).unique()
    )
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


def curators_in_log() -> list[tuple[int, str]]:
    from trading_house.accounts.models import User

    return list(
        db.session.execute(
            select(User.id, User.display_name)
            .where(User.id.in_(select(Review.curator_id)))
            .order_by(User.display_name)
        ).all()
    )


def _iso(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def csv_rows(filters: AuditFilters, batch: int = 500):
    """The CSV text, header first, streamed in chunks (oldest decision first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    last_id = 0
    while True:
        reviews = list(
            db.session.scalars(
                _with_details(_matching_reviews(filters).where(Review.id > last_id))
                .order_by(Review.id)
                .limit(batch)
            ).unique()
        )
        if not reviews:
            return
        buffer.seek(0)
        buffer.truncate()
        for r in reviews:
            waited = (
                round((r.created_at - r.submitted_at).total_seconds() / 3600, 2)
                if r.submitted_at
                else ""
            )
            writer.writerow(
                [
                    r.id,
                    _iso(r.created_at),
                    formula_safe(r.curator.email),
                    formula_safe(r.curator.display_name),
                    r.decision,
                    r.product_id,
                    formula_safe(r.product.sku),
                    formula_safe(r.product.name_indonesian),
                    formula_safe(r.product.enterprise.name),
                    r.revision.number if r.revision else "",
                    r.content_version,
                    ";".join(r.reason_codes or []),
                    formula_safe(r.feedback),
                    formula_safe(json.dumps(r.field_notes or {}, ensure_ascii=False)),
                    _iso(r.submitted_at),
                    waited,
                ]
            )
        last_id = reviews[-1].id
        yield buffer.getvalue()
