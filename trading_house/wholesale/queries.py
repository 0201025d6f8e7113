"""Read-only lists of the wholesale area."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.wholesale.models import (
    BuyerGroup,
    BuyerOrganisation,
    Invoice,
    InvoiceStatus,
    OrganisationMember,
    PriceList,
)


def organisations(status: str | None = None) -> list[BuyerOrganisation]:
    query = select(BuyerOrganisation).options(
        selectinload(BuyerOrganisation.members).selectinload(OrganisationMember.user),
        selectinload(BuyerOrganisation.group),
    )
    if status:
        query = query.where(BuyerOrganisation.status == status)
    return list(db.session.scalars(query.order_by(BuyerOrganisation.created_at.desc())))


def groups() -> list[BuyerGroup]:
    return list(db.session.scalars(select(BuyerGroup).order_by(BuyerGroup.name)))


def group_price_lists() -> dict[int, PriceList]:
    rows = db.session.scalars(select(PriceList).where(PriceList.group_id.is_not(None)))
    return {row.group_id: row for row in rows if row.group_id is not None}  # (so in SQL)


def invoices_of(organisation: BuyerOrganisation) -> list[Invoice]:
    return list(
        db.session.scalars(
            select(Invoice)
            .where(Invoice.organisation_id == organisation.id)
            .options(selectinload(Invoice.order))
            .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
        )
    )


def orders_of(organisation: BuyerOrganisation, limit: int = 100) -> list[Order]:
    """The orders placed by any member of the organisation, newest first."""
    members = select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == organisation.id
    )
    return list(
        db.session.scalars(
            select(Order)
            .where(Order.buyer_id.in_(members))
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(limit)
        )
    )


def open_invoices(*, overdue_only: bool = False, today=None) -> list[Invoice]:
    """Open invoices, the longest overdue first (the admin's overdue view)."""
    today = today or business_today()
    query = select(Invoice).where(Invoice.status == InvoiceStatus.OPEN)
    if overdue_only:
        query = query.where(Invoice.due_on < today)
    return list(
        db.session.scalars(
            query.options(selectinload(Invoice.organisation), selectinload(Invoice.order)).order_by(
                Invoice.due_on, Invoice.id
            )
        )
    )


def organisation_invoice(organisation: BuyerOrganisation, invoice_id: int) -> Invoice | None:
    """An invoice of this organisation only (another organisation's id is a 404)."""
    return db.session.scalar(
        select(Invoice).where(Invoice.id == invoice_id, Invoice.organisation_id == organisation.id)
    )
