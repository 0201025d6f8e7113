"""Who may do what with wholesale: members of an organisation act for it by their role; the
trading house's administrators approve organisations and keep price lists and terms."""

from typing import TypeGuard

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.policies import is_admin, is_signed_in
from trading_house.core.errors import PermissionDenied
from trading_house.extensions import db
from trading_house.wholesale.models import BuyerOrganisation, MemberRole, OrganisationMember


def organisation_membership(user) -> OrganisationMember | None:
    """The user's membership of a buyer organisation (a user belongs to one at most)."""
    if not is_signed_in(user):
        return None
    return db.session.scalar(
        select(OrganisationMember).where(OrganisationMember.user_id == user.id)
    )


def organisation_of(user) -> BuyerOrganisation | None:
    member = organisation_membership(user)
    return member.organisation if member is not None else None


def approved_organisation_of(user) -> BuyerOrganisation | None:
    """The organisation whose wholesale prices and terms the user may use, if approved."""
    organisation = organisation_of(user)
    return organisation if organisation is not None and organisation.is_approved else None


def can_order(member: OrganisationMember | None) -> TypeGuard[OrganisationMember]:
    return member is not None and member.role in (MemberRole.OWNER, MemberRole.PURCHASER)


def can_see_invoices(member: OrganisationMember | None) -> TypeGuard[OrganisationMember]:
    return member is not None and member.role in (MemberRole.OWNER, MemberRole.ACCOUNTANT)


def can_manage_members(member: OrganisationMember | None) -> TypeGuard[OrganisationMember]:
    return member is not None and member.role == MemberRole.OWNER


def require_order_right(member: OrganisationMember | None) -> None:
    if not can_order(member):
        raise PermissionDenied(_l("Only the organisation's owners and purchasers can order."))


def require_invoice_right(member: OrganisationMember | None) -> None:
    if not can_see_invoices(member):
        raise PermissionDenied(_l("Only the organisation's owners and accountants see invoices."))


def require_organisation_owner(member: OrganisationMember | None) -> None:
    if not can_manage_members(member):
        raise PermissionDenied(_l("Only an owner of the organisation can manage its members."))


def require_wholesale_admin(user) -> None:
    if not (user is None or is_admin(user)):
        raise PermissionDenied(_l("Only administrators can do that."))
