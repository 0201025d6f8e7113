"""Services other areas call: users by e-mail, roles, activation — with their audit trail."""

import pytest
from sqlalchemy import func, select

from tests.accounts.conftest import STRONG
from trading_house.accounts import services
from trading_house.accounts.models import UserSession
from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.core.models import AuditEntry
from trading_house.extensions import db


def last_audit():
    return db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))


def test_create_user_stores_the_email_lower_case_and_refuses_duplicates(ctx, factory):
    user = services.create_user(" Ani@Example.ID ", STRONG, "Ani", ("curator",), verified=True)
    db.session.commit()
    assert user.email == "ani@example.id"
    assert user.email_verified and user.role_names == {"curator"}
    assert services.find_user_by_email("ANI@example.id") == user
    with pytest.raises(DomainError) as caught:
        services.create_user("ani@EXAMPLE.id", STRONG, "Ani 2")
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("not-an-email", STRONG, "Ani"), {}, "email"),
        (("ani@example.id", "short", "Ani"), {}, "password"),
        (("ani@example.id", STRONG, "  "), {}, "display_name"),
        (("ani@example.id", STRONG, "Ani", ("owner",)), {}, "roles"),
        (("ani@example.id", STRONG, "Ani"), {"country": "XX"}, "country"),
        (("ani@example.id", STRONG, "Ani"), {"timezone": "Mars/Base"}, "timezone"),
        (("ani@example.id", STRONG, "Ani"), {"preferred_currency": "BTC"}, "preferred_currency"),
        (("ani@example.id", STRONG, "Ani"), {"buyer_type": "reseller"}, "buyer_type"),
    ],
)
def test_create_user_says_which_field_is_wrong(ctx, factory, args, kwargs, field):
    with pytest.raises(DomainError) as caught:
        services.create_user(*args, **kwargs)
    assert caught.value.field == field


def test_set_roles_changes_roles_and_is_audited(ctx, factory):
    admin = factory.user("admin")
    user = factory.user("buyer")
    services.set_roles(user, ["buyer", "curator"], actor=admin)
    db.session.commit()
    assert user.role_names == {"buyer", "curator"}
    entry = last_audit()
    assert (entry.action, entry.actor_id, entry.subject_id) == (
        "user.roles_changed",
        admin.id,
        user.id,
    )
    assert entry.data == {"before": ["buyer"], "after": ["buyer", "curator"]}
    services.set_roles(user, ["curator"], actor=admin)
    db.session.commit()
    assert user.role_names == {"curator"}


def test_set_roles_refuses_unknown_or_no_roles(ctx, factory):
    user = factory.user("buyer")
    for roles in (["wizard"], []):
        with pytest.raises(DomainError):
            services.set_roles(user, roles, actor=None)


def test_only_admins_manage_users(ctx, factory):
    curator = factory.user("curator")
    user = factory.user("buyer")
    with pytest.raises(PermissionDenied):
        services.set_roles(user, ["curator"], actor=curator)
    with pytest.raises(PermissionDenied):
        services.deactivate_user(user, actor=curator)


def test_admins_cannot_lock_themselves_or_the_house_out(ctx, factory):
    admin = factory.user("admin")
    with pytest.raises(DomainError, match="your own admin role"):
        services.set_roles(admin, ["buyer"], actor=admin)
    with pytest.raises(DomainError, match="your own account"):
        services.deactivate_user(admin, actor=admin)
    with pytest.raises(DomainError, match="last administrator"):
        services.set_roles(admin, ["curator"], actor=None)
    second = factory.user("admin")
    services.set_roles(admin, ["curator"], actor=second)
    db.session.commit()
    assert admin.role_names == {"curator"}


def test_deactivate_ends_every_session_and_reactivate_restores_sign_in(ctx, factory):
    admin = factory.user("admin")
    user = factory.user("buyer")
    db.session.add_all(UserSession(user_id=user.id, token_hash=f"{n:064d}") for n in range(2))
    db.session.commit()
    services.deactivate_user(user, actor=admin)
    db.session.commit()
    assert not user.active
    assert db.session.scalar(select(func.count(UserSession.id))) == 0
    assert last_audit().action == "user.deactivated"
    services.reactivate_user(user, actor=admin)
    db.session.commit()
    assert user.active and last_audit().action == "user.reactivated"
    assert services.authenticate(user.email, "Sulawesi-Selatan-2026") == user
