"""The curator queue: new listings waiting for review and revisions of published ones.

Both kinds come from their source of truth (``products.status = 'submitted'`` and
``product_revisions.status = 'pending'``), so a listing submitted by any route is in the queue.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, func, null, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from trading_house.catalog.models import Category, Product, ProductEvent
from trading_house.catalog.status import ProductStatus
from trading_house.core.clock import utcnow
from trading_house.core.pagination import Page, count_rows, page_count
from trading_house.curation.claims import claims_by_product
from trading_house.curation.models import Claim, ProductRevision
from trading_house.curation.status import RevisionStatus
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.regions import REGENCIES
from trading_house.extensions import db

PER_PAGE = 50
AGES = (1, 3, 7, 14, 30)
KINDS = ("new", "revision")
SORTS = ("oldest", "newest")


def readiness_grades():
    """(EnterpriseGrade model, grades) when the readiness area is installed, else (None, ())."""
    try:
        from trading_house.readiness.models import GRADES, EnterpriseGrade
    except ImportError:  # the readiness area is optional for curation
        return None, ()
    return EnterpriseGrade, tuple(GRADES)


def enterprise_grade(enterprise_id: int) -> str | None:
    """The business's readiness grade (from the readiness area's cache), if there is one."""
    model, _grades = readiness_grades()
    if model is None:
        return None
    return db.session.scalar(select(model.grade).where(model.enterprise_id == enterprise_id))


@dataclass(frozen=True)
class QueueFilters:
    category_id: int | None = None
    regency: str | None = None
    older_than_days: int | None = None
    grade: str | None = None
    kind: str | None = None
    sort: str = "oldest"

    def args(self, **changes) -> dict:
        f = replace(self, **changes)
        return {
            k: v
            for k, v in {
                "category": f.category_id,
                "regency": f.regency,
                "age": f.older_than_days,
                "grade": f.grade,
                "kind": f.kind,
                "sort": None if f.sort == "oldest" else f.sort,
            }.items()
            if v
        }


@dataclass
class QueueItem:
    product: Product
    revision_id: int | None
    since: datetime | None
    claim: Claim | None
    grade: str | None
    own: bool

    @property
    def kind(self) -> str:
        return "revision" if self.revision_id else "new"


def parse_queue_filters(args) -> QueueFilters:
    """Filters from query arguments; anything unknown is ignored, never an error."""
    _model, grades = readiness_grades()

    def number(name):
        value = args.get(name, "")
        return int(value) if str(value).isdigit() else None

    age = number("age")
    return QueueFilters(
        category_id=number("category"),
        regency=args.get("regency") if args.get("regency") in REGENCIES else None,
        older_than_days=age if age in AGES else None,
        grade=args.get("grade") if args.get("grade") in grades else None,
        kind=args.get("kind") if args.get("kind") in KINDS else None,
        sort=args.get("sort") if args.get("sort") in SORTS else "oldest",
    )


def _items():
    """(product_id, revision_id, since) of everything waiting, as one subquery."""
    submitted_at = (
        select(func.max(ProductEvent.created_at))
        .where(
            ProductEvent.product_id == Product.id, ProductEvent.to_status == ProductStatus.SUBMITTED
        )
        .correlate(Product)
        .scalar_subquery()
    )
    new = select(
        Product.id.label("product_id"),
        cast(null(), Integer).label("revision_id"),
        submitted_at.label("since"),
    ).where(Product.status == ProductStatus.SUBMITTED)
    revised = (
        select(
            ProductRevision.product_id,
            ProductRevision.id.label("revision_id"),
            ProductRevision.submitted_at.label("since"),
        )
        .join(Product, Product.id == ProductRevision.product_id)
        .where(
            ProductRevision.status == RevisionStatus.PENDING,
            Product.status.in_((ProductStatus.APPROVED, ProductStatus.SUSPENDED)),
        )
    )
    return union_all(new, revised).subquery("queue")


def _filtered(filters: QueueFilters):
    items = _items()
    grade_model, _grades = readiness_grades()
    grade_col = grade_model.grade if grade_model is not None else null()
    stmt = (
        select(items.c.product_id, items.c.revision_id, items.c.since, grade_col.label("grade"))
        .join(Product, Product.id == items.c.product_id)
        .join(Enterprise, Enterprise.id == Product.enterprise_id)
    )
    if grade_model is not None:
        stmt = stmt.outerjoin(grade_model, grade_model.enterprise_id == Enterprise.id)
    if filters.category_id:
        children = select(Category.id).where(Category.parent_id == filters.category_id)
        stmt = stmt.where(
            or_(Product.category_id == filters.category_id, Product.category_id.in_(children))
        )
    if filters.regency:
        stmt = stmt.where(
            func.coalesce(Product.origin_regency_code, Enterprise.regency_code) == filters.regency
        )
    if filters.older_than_days:
        stmt = stmt.where(items.c.since <= utcnow() - timedelta(days=filters.older_than_days))
    if filters.grade and grade_model is not None:
        condition = grade_model.grade == filters.grade
        if filters.grade == "D":  # no assessment yet counts as the lowest level
            condition = or_(condition, grade_model.grade.is_(None))
        stmt = stmt.where(condition)
    if filters.kind == "new":
        stmt = stmt.where(items.c.revision_id.is_(None))
    elif filters.kind == "revision":
        stmt = stmt.where(items.c.revision_id.is_not(None))
    order = items.c.since.desc() if filters.sort == "newest" else items.c.since.asc()
    return stmt.order_by(order, items.c.product_id)


def queue_page(filters: QueueFilters, page: int, viewer) -> Page:
    stmt = _filtered(filters)
    total = count_rows(stmt)
    pages = page_count(total, PER_PAGE)
    page = min(page, pages)
    rows = db.session.execute(stmt.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    ids = [r.product_id for r in rows]
    products = {
        p.id: p
        for p in db.session.scalars(
            select(Product)
            .where(Product.id.in_(ids))
            .options(
                joinedload(Product.enterprise),
                joinedload(Product.category).joinedload(Category.parent),
                selectinload(Product.photos),
            )
        ).unique()
    }
    claims = claims_by_product(ids)
    own = _own_enterprise_ids(viewer)
    items = [
        QueueItem(
            product=products[r.product_id],
            revision_id=r.revision_id,
            since=r.since,
            claim=claims.get(r.product_id),
            grade=r.grade,
            own=products[r.product_id].enterprise_id in own,
        )
        for r in rows
    ]
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


def queue_size() -> int:
    return db.session.scalar(select(func.count()).select_from(_items())) or 0


def next_product_id(viewer, *, skip: int | None = None) -> int | None:
    """The oldest waiting listing this curator may take now (unclaimed, or claimed by them)."""
    items = _items()
    now = utcnow()
    stmt = (
        select(items.c.product_id)
        .join(Product, Product.id == items.c.product_id)
        .outerjoin(Claim, Claim.product_id == items.c.product_id)
        .where(
            Product.enterprise_id.not_in(_own_enterprise_ids_query(viewer)),
            or_(Claim.product_id.is_(None), Claim.expires_at <= now, Claim.curator_id == viewer.id),
        )
        .order_by(items.c.since.asc(), items.c.product_id)
    )
    if skip is not None:
        stmt = stmt.where(items.c.product_id != skip)
    return db.session.scalar(stmt.limit(1))


def _own_enterprise_ids_query(viewer):
    return select(Membership.enterprise_id).where(Membership.user_id == viewer.id)


def _own_enterprise_ids(viewer) -> set[int]:
    return set(db.session.scalars(_own_enterprise_ids_query(viewer)))
