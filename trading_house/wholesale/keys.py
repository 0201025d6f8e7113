"""Per-organisation keys of the partner API: made by an owner (the key is shown once), scoped,
revocable, stored hashed. ``key_for`` is what the API asks for every request."""

import hashlib
import hmac
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.extensions import db
from trading_house.wholesale import policies
from trading_house.wholesale.models import API_SCOPES, ApiKey, BuyerOrganisation

KEY_PREFIX = "rdk"
MAX_ACTIVE_KEYS = 10


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    organisation: BuyerOrganisation, *, actor_member, name: str, scopes: list[str]
) -> tuple[ApiKey, str]:
    """A new key; returns it with the full key text, which is never stored or shown again."""
    policies.require_organisation_owner(actor_member)
    if not organisation.is_approved:
        raise DomainError(_l("Only an approved organisation can use the partner API."))
    name = (name or "").strip()
    if len(name) < 2:
        raise DomainError(_l("Name the key (e.g. the system that uses it)."), field="name")
    scopes = sorted(set(scopes or ()))
    if not scopes or any(scope not in API_SCOPES for scope in scopes):
        raise DomainError(_l("Choose what the key may read."), field="scopes")
    active = [key for key in keys_of(organisation) if key.is_active]
    if len(active) >= MAX_ACTIVE_KEYS:
        raise DomainError(_l("Revoke a key first: at most 10 keys are active at a time."))
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    key = ApiKey(
        organisation_id=organisation.id,
        name=name[:80],
        prefix=prefix,
        secret_sha256=_digest(secret),
        scopes=scopes,
        created_by_id=actor_member.user_id,
    )
    db.session.add(key)
    db.session.flush()
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def revoke_key(organisation: BuyerOrganisation, *, actor_member, key_id: int) -> ApiKey:
    policies.require_organisation_owner(actor_member)
    key = db.session.scalar(
        select(ApiKey).where(ApiKey.id == key_id, ApiKey.organisation_id == organisation.id)
    )
    if key is None:
        raise NotFound(_l("No such key."))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.flush()
    return key


def keys_of(organisation: BuyerOrganisation) -> list[ApiKey]:
    return list(
        db.session.scalars(
            select(ApiKey).where(ApiKey.organisation_id == organisation.id).order_by(ApiKey.id)
        )
    )


def prefix_of(text: str | None) -> str | None:
    """The public part of ``rdk_<prefix>_<secret>`` (for the rate limit), or None."""
    parts = (text or "").split("_", 2)
    if len(parts) == 3 and parts[0] == KEY_PREFIX and parts[1]:
        return parts[1][:16]
    return None


def key_for(text: str | None) -> ApiKey | None:
    """The active key ``text`` names, of an approved organisation; else None. The secret is
    compared in constant time. The caller checks the scope (``key.scopes``)."""
    parts = (text or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = db.session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1][:16]))
    if key is None or not hmac.compare_digest(key.secret_sha256, _digest(parts[2])):
        return None
    if not key.is_active or not key.organisation.is_approved:
        return None
    return key
