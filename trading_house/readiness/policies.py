"""Who may see and change readiness data: the ONE place for readiness scoping.

- An enterprise's answers, evidence, gap report and clinic notes: its members, curators, admins.
- Answering: members only (a curator sees the answers but does not answer for the SME).
- Verifying, clinic sessions, the provincial dashboard: curators and admins.
- Templates, thresholds and destination rules: admins.
Anything a user may not see is a 404; a visible page whose action is not theirs is a 403.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.policies import (  # noqa: F401 - the shared role checks, also as policies.*
    is_admin,
    is_signed_in,
    is_staff,
    require_admin,
    require_staff,
)
from trading_house.catalog.models import Product
from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.policies import member_enterprise
from trading_house.extensions import db
from trading_house.readiness.formats import as_int
from trading_house.readiness.models import ClinicFollowUp, ReadinessAnswer


def is_member(user, enterprise_id: int) -> bool:
    if not is_signed_in(user):
        return False
    return bool(
        db.session.scalar(
            select(Membership.id).where(
                Membership.enterprise_id == enterprise_id, Membership.user_id == user.id
            )
        )
    )


def viewable_enterprise(user, enterprise_id) -> Enterprise:
    """The enterprise for its members and for staff; NotFound for everyone else."""
    if is_staff(user):
        enterprise = db.session.get(Enterprise, as_int(enterprise_id))
        if enterprise is None:
            raise NotFound(_l("This business does not exist."))
        return enterprise
    return member_enterprise(user, enterprise_id)


def editable_enterprise(user, enterprise_id) -> Enterprise:
    """Only members answer the checklist; staff see it (403), others never (404)."""
    try:
        return member_enterprise(user, enterprise_id)
    except NotFound:
        if is_staff(user) and db.session.get(Enterprise, as_int(enterprise_id)) is not None:
            raise PermissionDenied(
                _l("Only the business's own members answer its checklist.")
            ) from None
        raise


def enterprise_product(enterprise: Enterprise, product_id) -> Product:
    """One of this enterprise's products; another enterprise's product is a 404."""
    product = db.session.scalar(
        select(Product).where(
            Product.id == as_int(product_id), Product.enterprise_id == enterprise.id
        )
    )
    if product is None:
        raise NotFound(_l("This product does not exist."))
    return product


def viewable_answer(user, answer_id) -> ReadinessAnswer:
    """An answer (and its private evidence): the enterprise's members, curators and admins."""
    answer = db.session.get(ReadinessAnswer, as_int(answer_id))
    if answer is None or not (is_staff(user) or is_member(user, answer.enterprise_id)):
        raise NotFound(_l("This document does not exist."))
    return answer


def reviewable_answer(user, answer_id) -> ReadinessAnswer:
    """An answer a curator may verify, locked against a second curator deciding at once."""
    require_staff(user)
    answer = db.session.scalar(
        select(ReadinessAnswer)
        .where(ReadinessAnswer.id == as_int(answer_id))
        .with_for_update(of=ReadinessAnswer)
    )
    if answer is None:
        raise NotFound(_l("This answer does not exist."))
    return answer


def follow_up_for(user, follow_up_id) -> ClinicFollowUp:
    """A clinic follow-up: its enterprise's members and staff may mark it done."""
    follow_up = db.session.get(ClinicFollowUp, as_int(follow_up_id))
    if follow_up is None or not (
        is_staff(user) or is_member(user, follow_up.session.enterprise_id)
    ):
        raise NotFound(_l("This follow-up does not exist."))
    return follow_up
