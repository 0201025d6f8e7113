"""The team of an enterprise: staff invitations by signed link, and removing members."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired
from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.accounts.services import set_roles
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.mail import queue_email
from trading_house.core.signing import signed_serializer
from trading_house.core.urls import public_url
from trading_house.enterprises.identity import InvalidValue, checked_email
from trading_house.enterprises.models import Enterprise, Invitation, Membership
from trading_house.enterprises.policies import require_owner
from trading_house.extensions import db

#: How long an invitation link works.
INVITATION_LIFETIME = timedelta(days=7)
_SALT = "enterprise-invitation"


class InvitationInvalid(DomainError):
    """The link is tampered with, expired, revoked or already used; ``message`` says which."""


def members(enterprise: Enterprise) -> list[Membership]:
    """Owner first, then staff in the order they joined."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(Membership.enterprise_id == enterprise.id)
            .order_by(Membership.role != "owner", Membership.id)
        )
    )


def pending_invitations(enterprise: Enterprise) -> list[Invitation]:
    since = utcnow() - INVITATION_LIFETIME
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.enterprise_id == enterprise.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.created_at > since,
            )
            .order_by(Invitation.id)
        )
    )


def invitation_expires_at(invitation: Invitation):
    return invitation.created_at + INVITATION_LIFETIME


def invitation_token(invitation: Invitation) -> str:
    return signed_serializer(_SALT).dumps({"invitation": invitation.id, "email": invitation.email})


def invite_staff(enterprise: Enterprise, email: str, *, actor, locale: str = "id") -> Invitation:
    """The owner invites a person by e-mail; the e-mail carries a signed, expiring link."""
    require_owner(actor, enterprise)
    address = checked_email(email)
    if address is None:
        raise InvalidValue(_l("Enter the e-mail address of the person to invite."), field="email")
    already_member = db.session.scalar(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.enterprise_id == enterprise.id, func.lower(User.email) == address)
    )
    if already_member:
        raise InvalidValue(_l("This person is already in your team."), field="email")
    if any(inv.email == address for inv in pending_invitations(enterprise)):
        raise InvalidValue(
            _l("This person has already been invited; revoke that invitation to send a new one."),
            field="email",
        )
    invitation = Invitation(enterprise_id=enterprise.id, email=address, invited_by_id=actor.id)
    db.session.add(invitation)
    db.session.flush()
    # Built on PUBLIC_BASE_URL, never on the request's Host header.
    link = public_url("enterprises.accept_invitation", token=invitation_token(invitation))
    queue_email(
        address,
        _l("%(name)s invites you to its team on Rumah Dagang", name=enterprise.name),
        "staff_invitation",
        locale,
        enterprise=enterprise,
        inviter=actor,
        link=link,
        expires_days=INVITATION_LIFETIME.days,
    )
    audit.record("enterprise.invitation_sent", actor=actor, subject=enterprise, email=address)
    return invitation


def revoke_invitation(enterprise: Enterprise, invitation_id, *, actor) -> Invitation:
    """The owner withdraws an invitation that has not been accepted yet."""
    require_owner(actor, enterprise)
    invitation = _scoped(Invitation, enterprise, invitation_id)
    if invitation.accepted_at is not None:
        raise DomainError(_l("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            "enterprise.invitation_revoked", actor=actor, subject=enterprise, email=invitation.email
        )
    db.session.flush()
    return invitation


def load_invitation(token: str) -> Invitation:
    """The invitation behind a link, or ``InvitationInvalid`` saying what is wrong with it."""
    try:
        payload = signed_serializer(_SALT).loads(
            token, max_age=int(INVITATION_LIFETIME.total_seconds())
        )
    except SignatureExpired:
        raise InvitationInvalid(
            _l("This invitation has expired. Ask the owner to send you a new one.")
        ) from None
    except BadSignature:
        raise InvitationInvalid(_l("This invitation link is not valid.")) from None
    if not isinstance(payload, dict):
        raise InvitationInvalid(_l("This invitation link is not valid."))
    invitation = db.session.get(Invitation, payload.get("invitation"))
    if invitation is None or invitation.email != payload.get("email"):
        raise InvitationInvalid(_l("This invitation link is not valid."))
    if invitation.revoked_at is not None:
        raise InvitationInvalid(_l("This invitation has been withdrawn by the owner."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_l("This invitation has already been used."))
    if utcnow() - invitation.created_at > INVITATION_LIFETIME:
        raise InvitationInvalid(
            _l("This invitation has expired. Ask the owner to send you a new one.")
        )
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    """The invited person (signed in with the invited address) joins the team as staff."""
    invitation = load_invitation(token)
    if (user.email or "").lower() != invitation.email:
        raise PermissionDenied(
            _l(
                "This invitation was sent to %(email)s. Sign in with that address to accept it.",
                email=invitation.email,
            )
        )
    enterprise = invitation.enterprise
    membership = db.session.scalar(
        select(Membership).where(
            Membership.enterprise_id == enterprise.id, Membership.user_id == user.id
        )
    )
    invitation.accepted_at = utcnow()
    if membership is None:
        membership = Membership(enterprise_id=enterprise.id, user_id=user.id, role="staff")
        db.session.add(membership)
        audit.record(
            "enterprise.member_added",
            actor=user,
            subject=enterprise,
            user_id=user.id,
            email=user.email,
            role="staff",
        )
    if not user.has_role("sme"):
        # The signed link is the authority here, not an admin: the system grants the role.
        set_roles(user, user.role_names | {"sme"}, actor=None)
    db.session.flush()
    return membership


def remove_member(enterprise: Enterprise, membership_id, *, actor) -> Membership:
    """The owner removes a staff member. The owner can never be removed."""
    membership = _scoped(Membership, enterprise, membership_id)
    if membership.role == "owner":
        raise PermissionDenied(_l("The owner of a business cannot be removed."))
    require_owner(actor, enterprise)
    audit.record(
        "enterprise.member_removed",
        actor=actor,
        subject=enterprise,
        user_id=membership.user_id,
        email=membership.user.email,
        role=membership.role,
    )
    db.session.delete(membership)
    db.session.flush()
    return membership


def _scoped(model, enterprise: Enterprise, object_id):
    """Load a team object of THIS enterprise only: another enterprise's id is a NotFound."""
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        raise NotFound(_l("Not found.")) from None
    obj = db.session.scalar(
        select(model).where(model.id == object_id, model.enterprise_id == enterprise.id)
    )
    if obj is None:
        raise NotFound(_l("Not found."))
    return obj
