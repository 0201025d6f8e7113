"""Claims: one curator at a time per listing; a claim lapses after the admin-set minutes.

Why it is race-free: a claim is taken by ONE conditional UPDATE ("mine already, or lapsed") or,
when there is no row yet, by ONE ``INSERT … ON CONFLICT DO NOTHING`` on the primary key. Two
curators racing for the same listing both reach the database, and its row lock / unique key
lets exactly one of them win; the other sees a row count of 0 and is told who has it.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.sql import dialect_name
from trading_house.core.tx import changed_rows
from trading_house.curation.models import Claim
from trading_house.curation.settings import curation_settings
from trading_house.extensions import db


class ClaimTaken(DomainError):
    """Another curator is reviewing the listing right now."""


def active_claim(product_id: int) -> Claim | None:
    """The claim on the listing if it has not lapsed."""
    claim = db.session.get(Claim, product_id, populate_existing=True)
    if claim is None or claim.expires_at <= utcnow():
        return None
    return claim


def holds(product_id: int, curator) -> bool:
    claim = active_claim(product_id)
    return claim is not None and claim.curator_id == curator.id


def claim(product_id: int, curator) -> Claim:
    """Take (or extend) the claim on a listing; ClaimTaken if another curator holds it."""
    now = utcnow()
    expires = now + timedelta(minutes=curation_settings().claim_minutes)
    taken = changed_rows(
        db.session.execute(
            update(Claim)
            .where(
                Claim.product_id == product_id,
                or_(Claim.curator_id == curator.id, Claim.expires_at <= now),
            )
            .values(curator_id=curator.id, claimed_at=now, expires_at=expires)
            .execution_options(synchronize_session=False)
        )
    )
    if taken != 1:
        # RETURNING says whether the row went in (psycopg reports no row count for this).
        inserted = db.session.execute(
            _insert_ignoring_conflict(
                product_id=product_id, curator_id=curator.id, claimed_at=now, expires_at=expires
            ).returning(Claim.product_id)
        ).first()
        taken = 1 if inserted is not None else 0
    if taken != 1:
        holder = db.session.get(Claim, product_id, populate_existing=True)
        name = holder.curator.display_name if holder is not None else "?"
        raise ClaimTaken(
            _l(
                "%(name)s is reviewing this listing right now. Pick another one from the queue.",
                name=name,
            )
        )
    claim = db.session.get(Claim, product_id, populate_existing=True)
    if claim is None:  # pragma: no cover - the row was written just above
        raise NotFound(_l("This listing is no longer in the queue."))
    return claim


def release(product_id: int, curator=None) -> None:
    """Give the listing back to the queue (only one's own claim when ``curator`` is given)."""
    stmt = delete(Claim).where(Claim.product_id == product_id)
    if curator is not None:
        stmt = stmt.where(Claim.curator_id == curator.id)
    db.session.execute(stmt)


def claims_by_product(product_ids) -> dict[int, Claim]:
    """Live claims of these listings (for the queue page)."""
    ids = list(product_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Claim).where(Claim.product_id.in_(ids), Claim.expires_at > utcnow())
    )
    return {c.product_id: c for c in rows}


def _insert_ignoring_conflict(**values):
    if dialect_name() == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return (
            pg_insert(Claim).values(**values).on_conflict_do_nothing(index_elements=["product_id"])
        )
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (
        sqlite_insert(Claim).values(**values).on_conflict_do_nothing(index_elements=["product_id"])
    )
