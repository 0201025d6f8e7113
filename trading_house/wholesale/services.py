"""Buyer organisations: applying, approval by the trading house, members, groups and terms.

Services flush, never commit (the view's unit of work commits).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.services import find_user_by_email
from trading_house.core import audit
from trading_house.core.countries import is_country
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import record_creation, transition
from trading_house.extensions import db
from trading_house.wholesale import policies
from trading_house.wholesale.models import (
    NET_TERMS,
    BuyerGroup,
    BuyerOrganisation,
    MemberRole,
    OrganisationMember,
    OrganisationStatus,
)


def apply_for_organisation(
    user, *, name: str, tax_number: str, country: str, city: str, address: str, about: str
) -> BuyerOrganisation:
    """A signed-in buyer applies for wholesale on behalf of a business (and becomes its owner)."""
    if policies.organisation_membership(user) is not None:
        raise DomainError(_l("You already belong to a buyer organisation."))
    name, tax_number = (name or "").strip(), _tax_number(tax_number)
    if len(name) < 2:
        raise DomainError(_l("Give the company's registered name."), field="name")
    if not is_country(country):
        raise DomainError(_l("Choose a country from the list."), field="country")
    organisation = BuyerOrganisation(
        name=name[:160],
        tax_number=tax_number,
        country=country,
        city=(city or "").strip()[:120],
        address=(address or "").strip()[:2000],
        about=(about or "").strip()[:4000],
        status=OrganisationStatus.APPLIED,
    )
    organisation.members.append(OrganisationMember(user_id=user.id, role=MemberRole.OWNER))
    db.session.add(organisation)
    record_creation(organisation, actor=user)
    return organisation


def _tax_number(value: str) -> str:
    cleaned = "".join(ch for ch in (value or "") if ch.isalnum())
    if not 5 <= len(cleaned) <= 30:
        raise DomainError(
            _l("Give the tax number (NPWP, VAT or similar): 5 to 30 letters and digits."),
            field="tax_number",
        )
    return cleaned.upper()


def get_organisation(organisation_id: int) -> BuyerOrganisation:
    organisation = db.session.get(BuyerOrganisation, organisation_id)
    if organisation is None:
        raise NotFound(_l("No such organisation."))
    return organisation


def approve(
    organisation: BuyerOrganisation,
    *,
    actor,
    group_id: int | None,
    net_terms_days: int,
    credit_limit_idr: int,
    note: str = "",
) -> BuyerOrganisation:
    """The trading house approves an organisation for wholesale, with its group and terms."""
    policies.require_wholesale_admin(actor)
    group = _group_or_none(group_id)
    _check_terms(net_terms_days, credit_limit_idr)
    transition(
        organisation,
        OrganisationStatus.APPROVED,
        actor=actor,
        reason=note or None,
        decided_by_id=getattr(actor, "id", None),
        decision_note=(note or "")[:2000],
    )
    organisation.group = group
    organisation.net_terms_days = net_terms_days
    organisation.credit_limit_idr = credit_limit_idr
    audit.record("wholesale.approve", actor=actor, subject=organisation, terms=net_terms_days)
    db.session.flush()
    return organisation


def reject(organisation: BuyerOrganisation, *, actor, note: str) -> BuyerOrganisation:
    policies.require_wholesale_admin(actor)
    if len((note or "").strip()) < 5:
        raise DomainError(_l("Tell the applicant why, in a sentence."), field="note")
    transition(
        organisation,
        OrganisationStatus.REJECTED,
        actor=actor,
        reason=note,
        decided_by_id=getattr(actor, "id", None),
        decision_note=note.strip()[:2000],
    )
    return organisation


def suspend_organisation(
    organisation: BuyerOrganisation, *, actor, note: str = ""
) -> BuyerOrganisation:
    policies.require_wholesale_admin(actor)
    transition(organisation, OrganisationStatus.SUSPENDED, actor=actor, reason=note or None)
    return organisation


def reinstate_organisation(organisation: BuyerOrganisation, *, actor) -> BuyerOrganisation:
    policies.require_wholesale_admin(actor)
    transition(organisation, OrganisationStatus.APPROVED, actor=actor, reason="reinstated")
    return organisation


def set_terms(
    organisation: BuyerOrganisation,
    *,
    actor,
    group_id: int | None,
    net_terms_days: int,
    credit_limit_idr: int,
) -> BuyerOrganisation:
    """Change the group, net terms and credit limit. A lower limit than the credit in use is
    allowed (nothing new is ordered on terms until invoices are paid), never a negative one."""
    policies.require_wholesale_admin(actor)
    _check_terms(net_terms_days, credit_limit_idr)
    organisation.group = _group_or_none(group_id)
    organisation.net_terms_days = net_terms_days
    organisation.credit_limit_idr = credit_limit_idr
    audit.record(
        "wholesale.terms",
        actor=actor,
        subject=organisation,
        terms=net_terms_days,
        limit=credit_limit_idr,
    )
    db.session.flush()
    return organisation


def _check_terms(net_terms_days: int, credit_limit_idr: int) -> None:
    if net_terms_days not in NET_TERMS:
        raise DomainError(_l("Choose net terms from the list."), field="net_terms_days")
    if credit_limit_idr < 0:
        raise DomainError(_l("The credit limit cannot be negative."), field="credit_limit")
    if net_terms_days and not credit_limit_idr:
        raise DomainError(_l("Net terms need a credit limit above zero."), field="credit_limit")


def _group_or_none(group_id: int | None) -> BuyerGroup | None:
    if not group_id:
        return None
    group = db.session.get(BuyerGroup, group_id)
    if group is None:
        raise DomainError(_l("Choose a buyer group from the list."), field="group_id")
    return group


def create_group(*, actor, name: str, description: str = "") -> BuyerGroup:
    policies.require_wholesale_admin(actor)
    name = (name or "").strip()
    if len(name) < 2:
        raise DomainError(_l("Give the group a name."), field="name")
    if db.session.scalar(select(BuyerGroup.id).where(BuyerGroup.name == name)):
        raise DomainError(_l("A group with this name exists already."), field="name")
    group = BuyerGroup(name=name[:120], description=(description or "").strip()[:2000])
    db.session.add(group)
    db.session.flush()
    return group


def add_organisation_member(
    organisation: BuyerOrganisation, *, actor_member, email: str, role: str
) -> OrganisationMember:
    """An owner adds a colleague (who already has an account) with a role."""
    policies.require_organisation_owner(actor_member)
    if role not in set(MemberRole):
        raise DomainError(_l("Choose a role from the list."), field="role")
    user = find_user_by_email(email)
    if user is None:
        raise DomainError(
            _l("No account uses this e-mail address. Ask your colleague to sign up first."),
            field="email",
        )
    if policies.organisation_membership(user) is not None:
        raise DomainError(_l("This person already belongs to a buyer organisation."), field="email")
    member = OrganisationMember(user_id=user.id, role=role)
    organisation.members.append(member)
    db.session.flush()
    return member


def remove_organisation_member(
    organisation: BuyerOrganisation, *, actor_member, member_id: int
) -> None:
    policies.require_organisation_owner(actor_member)
    member = next((m for m in organisation.members if m.id == member_id), None)
    if member is None:
        raise NotFound(_l("No such member."))
    owners = [m for m in organisation.members if m.role == MemberRole.OWNER]
    if member.role == MemberRole.OWNER and len(owners) == 1:
        raise DomainError(_l("An organisation keeps at least one owner."))
    organisation.members.remove(member)
    db.session.flush()
