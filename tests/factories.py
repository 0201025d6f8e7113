"""Plain factory functions for test data. Each commits so HTTP requests see the rows."""

import itertools

from trading_house.accounts.models import User, UserRole
from trading_house.accounts.passwords import hash_password
from trading_house.core.clock import utcnow
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db

_seq = itertools.count(1)
DEFAULT_PASSWORD = "Sulawesi-Selatan-2026"


class Factory:
    def user(self, *roles, email=None, password=DEFAULT_PASSWORD, verified=True, **fields):
        n = next(_seq)
        user = User(
            email=(email or f"user{n}@example.com").lower(),
            password_hash=hash_password(password),
            display_name=fields.pop("display_name", f"User {n}"),
            email_verified_at=utcnow() if verified else None,
            **fields,
        )
        user.roles = [UserRole(role=r) for r in (roles or ("buyer",))]
        db.session.add(user)
        db.session.commit()
        return user

    def enterprise(self, owner=None, *, staff=(), **fields):
        n = next(_seq)
        owner = owner or self.user("sme")
        enterprise = Enterprise(
            name=fields.pop("name", f"UMKM Contoh {n}"),
            slug=fields.pop("slug", f"umkm-contoh-{n}"),
            legal_form=fields.pop("legal_form", "ud"),
            regency_code=fields.pop("regency_code", "7371"),
            **fields,
        )
        enterprise.members = [Membership(user_id=owner.id, role="owner")] + [
            Membership(user_id=s.id, role="staff") for s in staff
        ]
        db.session.add(enterprise)
        db.session.commit()
        return enterprise
