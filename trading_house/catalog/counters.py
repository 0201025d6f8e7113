"""Maintained counts of published products per facet (issue #18): the catalog's counts come
from here, so no page runs ``count(*)`` over the products for the common filters.

Rows of ``catalog_counters`` are ``(facet, value, count)``:

* ``all`` / ``""``: every published product (always present once the counters exist);
* ``category`` / ``<id>``: published products directly in that category (a category filter adds
  its children's rows);
* ``regency`` / ``<BPS code>``: by the product's origin, else its enterprise's regency (as the
  regency filter reads it);
* ``verified`` / ``1``: products of identity-verified enterprises.

Kept in the same transaction as the change: a flush that adds, changes or deletes a product or
an enterprise, or an ``UPDATE``/``DELETE`` statement on their tables (a status transition),
marks the session; before it commits, the counters are rebuilt from the products as that
transaction sees them. On PostgreSQL the rebuild first locks the table against other writers
(readers go on), so two transactions never write counts that miss each other's change; SQLite
has one writer at a time anyway. The rebuild is one grouped statement: writes of products are
rare next to the reads of the catalog.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    Integer,
    String,
    and_,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from trading_house.catalog.models import Category, Product
from trading_house.catalog.status import ProductStatus
from trading_house.curation.status import VerificationStatus
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import Model, db

_DIRTY = "rumahdagang.catalog_counters_dirty"
PUBLISHED = ProductStatus.APPROVED
VERIFIED = VerificationStatus.VERIFIED


class Facet(StrEnum):
    """The rows of ``catalog_counters``: all products, per category, per regency, and the
    products of verified businesses (one row, value "1")."""

    ALL = "all"
    CATEGORY = "category"
    REGENCY = "regency"
    VERIFIED = "verified"


class CatalogCounter(Model):
    __tablename__ = "catalog_counters"

    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


def _counts():
    """``(facet, value, count)`` of every facet, from the products as they are now."""
    published = Product.status == PUBLISHED
    regency = func.coalesce(Product.origin_regency_code, Enterprise.regency_code)
    by_maker = select(Product.id).join(Enterprise, Enterprise.id == Product.enterprise_id)
    return union_all(
        select(literal(Facet.ALL.value), literal(""), func.count(Product.id)).where(published),
        select(
            literal(Facet.CATEGORY.value), Product.category_id.cast(String), func.count(Product.id)
        )
        .where(published)
        .group_by(Product.category_id),
        by_maker.with_only_columns(literal(Facet.REGENCY.value), regency, func.count(Product.id))
        .where(published, regency.is_not(None))
        .group_by(regency),
        by_maker.with_only_columns(
            literal(Facet.VERIFIED.value), literal("1"), func.count(Product.id)
        ).where(published, Enterprise.verification_status == VERIFIED),
    )


def rebuild_counters(session: Session | None = None) -> None:
    """Rebuild the counters inside the current transaction (also after bulk inserts)."""
    session = session if session is not None else db.session()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE catalog_counters IN EXCLUSIVE MODE"))
    session.execute(delete(CatalogCounter))
    session.execute(
        insert(CatalogCounter).from_select(["facet", "value", "count"], _counts().subquery())
    )


#: The count of the unfiltered catalog, its most read row (a statement built once).
_ALL = select(CatalogCounter.count).where(CatalogCounter.facet == Facet.ALL.value)


def count_for(
    *, category_id: int | None = None, regency: str | None = None, verified: bool = False
) -> int | None:
    """Published products in one facet (or all of them with no argument): one indexed read of
    a few rows. None when the counters were never built (then the caller counts)."""
    if category_id is None and regency is None and not verified:
        return db.session.connection().execute(_ALL).scalar()
    wanted = [CatalogCounter.facet == Facet.ALL]
    if category_id is not None:
        children = select(Category.id.cast(String)).where(
            or_(Category.id == category_id, Category.parent_id == category_id)
        )
        wanted.append(
            and_(CatalogCounter.facet == Facet.CATEGORY, CatalogCounter.value.in_(children))
        )
    elif regency is not None:
        wanted.append(and_(CatalogCounter.facet == Facet.REGENCY, CatalogCounter.value == regency))
    elif verified:
        wanted.append(and_(CatalogCounter.facet == Facet.VERIFIED, CatalogCounter.value == "1"))
    rows = db.session.execute(
        select(CatalogCounter.facet, CatalogCounter.count).where(or_(*wanted))
    ).all()
    total = next((count for facet, count in rows if facet == Facet.ALL), None)
    if total is None:
        return None
    if len(wanted) == 1:
        return total
    return sum(count for facet, count in rows if facet != Facet.ALL)


# --- kept in the same transaction -------------------------------------------------------------

_WATCHED = (Product, Enterprise)


@event.listens_for(Session, "after_flush")
def _note_rows(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            session.info[_DIRTY] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_statements(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, _WATCHED):
        state.session.info[_DIRTY] = True


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if not session.info.get(_DIRTY):
        session.flush()  # the pending changes decide (after_flush above)
    if session.info.pop(_DIRTY, False):
        rebuild_counters(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_dirty(session: Session, previous_transaction) -> None:
    session.info.pop(_DIRTY, None)
