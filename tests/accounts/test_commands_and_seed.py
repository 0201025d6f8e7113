"""``flask users …`` and the demo accounts."""

from sqlalchemy import select

from tests.accounts.conftest import STRONG
from trading_house.accounts.models import User
from trading_house.accounts.seed import DEMO_PASSWORD, seed_demo
from trading_house.accounts.services import find_user_by_email
from trading_house.extensions import db


def test_users_create_makes_a_verified_staff_account(app, factory):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Kurator.Baru@RumahDagang.id",
            "--name",
            "Kurator Baru",
            "--role",
            "curator",
            "--role",
            "admin",
            "--password",
            STRONG,
        ]
    )
    assert result.exit_code == 0, result.output
    user = find_user_by_email("kurator.baru@rumahdagang.id")
    assert user.role_names == {"curator", "admin"}
    assert user.email_verified


def test_users_create_asks_for_the_password_when_not_given(app, factory):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "a@rumahdagang.id", "--name", "A", "--role", "admin"],
        input=f"{STRONG}\n{STRONG}\n",
    )
    assert result.exit_code == 0, result.output
    assert find_user_by_email("a@rumahdagang.id").has_role("admin")


def test_users_create_explains_a_refusal(app, factory):
    factory.user(email="taken@rumahdagang.id")
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "w@rumahdagang.id",
            "--name",
            "W",
            "--password",
            "short",
        ]
    )
    assert weak.exit_code != 0 and "Use at least 10 characters." in weak.output
    taken = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "TAKEN@rumahdagang.id",
            "--name",
            "T",
            "--password",
            STRONG,
        ]
    )
    assert taken.exit_code != 0 and "already exists" in taken.output


def test_users_set_roles(app, factory):
    user = factory.user("buyer", email="rina@example.id")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "set-roles", "RINA@example.id", "curator", "buyer"])
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.role_names == {"curator", "buyer"}
    missing = runner.invoke(args=["users", "set-roles", "nobody@example.id", "curator"])
    assert missing.exit_code != 0 and "No user" in missing.output
    unknown = runner.invoke(args=["users", "set-roles", "rina@example.id", "wizard"])
    assert unknown.exit_code != 0


def test_users_deactivate_and_reactivate(app, factory):
    user = factory.user("buyer", email="rina@example.id")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "deactivate", "rina@example.id"]).exit_code == 0
    db.session.refresh(user)
    assert not user.active
    assert runner.invoke(args=["users", "reactivate", "rina@example.id"]).exit_code == 0
    db.session.refresh(user)
    assert user.active


def test_demo_accounts_are_seeded_once_and_can_sign_in(app, ctx, factory):
    seed_demo()
    seed_demo()
    db.session.commit()
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert set(users) == {
        "admin@rumahdagang.id",
        "kurator@rumahdagang.id",
        "kurator2@rumahdagang.id",
        "pembeli@rumahdagang.id",
        "importer@rumahdagang.id",
        "buyer2@rumahdagang.id",
    }
    assert users["admin@rumahdagang.id"].role_names == {"admin"}
    assert users["kurator2@rumahdagang.id"].role_names == {"curator"}
    importer = users["importer@rumahdagang.id"]
    assert (importer.country, importer.buyer_type, importer.preferred_language) == (
        "JP",
        "importer",
        "en",
    )
    assert importer.preferred_currency == "JPY"
    buyer2 = users["buyer2@rumahdagang.id"]
    assert (buyer2.country, buyer2.buyer_type, buyer2.preferred_currency) == (
        "NL",
        "importer",
        "EUR",
    )
    pembeli = users["pembeli@rumahdagang.id"]
    assert (pembeli.country, pembeli.buyer_type, pembeli.preferred_language) == (
        "ID",
        "retail",
        "id",
    )
    assert all(u.email_verified for u in users.values())
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "importer@rumahdagang.id", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
