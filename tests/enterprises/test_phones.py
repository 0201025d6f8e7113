"""An enterprise's phone: typed any Indonesian way, kept in E.164, shown back as the owner
knows it; numbers typed before the check are converted, and unreadable ones kept to be fixed."""

import importlib.util
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select

from tests.enterprises.test_profile import GOOD
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

MIGRATION = Path(__file__).parents[2] / "migrations/versions/2026_12_05_phones_e164.py"


@pytest.fixture
def owner_and_enterprise(factory, sign_in):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, name="Kopi Kalosi", regency_code="7316")
    sign_in(owner)
    return owner, enterprise


def _phone_of(enterprise) -> str | None:
    db.session.expire_all()
    return db.session.get(Enterprise, enterprise.id).phone


@pytest.mark.parametrize(
    "typed", ["0812-3456-7890", "+62 812 3456 7890", "0062 812 3456 7890", "62 812-3456-7890"]
)
def test_any_indonesian_form_is_kept_in_e164(client, owner_and_enterprise, typed):
    _, enterprise = owner_and_enterprise
    response = client.post("/business/profile?lang=en", data={**GOOD, "phone": typed})
    assert response.status_code == 302
    assert _phone_of(enterprise) == "+6281234567890"


def test_the_form_shows_the_stored_number_in_national_format(client, owner_and_enterprise):
    _, enterprise = owner_and_enterprise
    enterprise = db.session.merge(enterprise)
    enterprise.phone = "+62411852123"
    db.session.commit()
    page = client.get("/business/profile?lang=en").get_data(as_text=True)
    assert 'value="(0411) 852123"' in page
    assert 'type="tel"' in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0812", "not a valid phone number"),
        ("0812-ABCD-7890", "digits only"),
        ("+1 202 555 0100", "Indonesian number"),
    ],
)
def test_a_bad_number_is_explained_and_what_was_typed_stays(
    client, owner_and_enterprise, typed, message
):
    _, enterprise = owner_and_enterprise
    response = client.post("/business/profile?lang=en", data={**GOOD, "phone": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{typed}"' in page
    assert 'value="Koperasi Kopi Toraja Sejahtera"' in page  # nothing else lost
    assert _phone_of(enterprise) is None


def test_an_unreadable_old_number_asks_the_owner_to_check_it(client, owner_and_enterprise):
    _, enterprise = owner_and_enterprise
    enterprise = db.session.merge(enterprise)
    enterprise.phone = "ask Pak Budi"
    db.session.commit()
    dashboard = client.get("/business?lang=en").get_data(as_text=True)
    assert "Phone (check the number)" in dashboard
    form = client.get("/business/profile?lang=en").get_data(as_text=True)
    assert 'value="ask Pak Budi"' in form  # shown as it was, to be corrected


def _run_migration(app) -> None:
    spec = importlib.util.spec_from_file_location("phones_e164", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with app.app_context(), db.engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            module.upgrade()


def test_migration_converts_old_numbers_and_keeps_unreadable_ones(app, factory):
    owner = factory.user("sme")
    typed = {
        "a": "0812-3456-7890",
        "b": "+62 411 852 123",
        "c": "+6281234567890",
        "d": "hubungi ketua",
        "e": None,
    }
    for key, phone in typed.items():
        factory.enterprise(owner, slug=f"umkm-{key}", phone=phone)
    _run_migration(app)
    with app.app_context():
        stored = dict(db.session.execute(select(Enterprise.slug, Enterprise.phone)).all())
    assert stored == {
        "umkm-a": "+6281234567890",
        "umkm-b": "+62411852123",
        "umkm-c": "+6281234567890",
        "umkm-d": "hubungi ketua",  # kept for its owner to fix
        "umkm-e": None,
    }


def test_phones_check_lists_unreadable_numbers_and_fix_converts_the_rest(app, factory):
    owner = factory.user("sme")
    factory.enterprise(owner, slug="umkm-old", phone="0812 3456 7890")
    odd = factory.enterprise(owner, slug="umkm-odd", phone="hubungi ketua")
    runner = app.test_cli_runner()
    report = runner.invoke(args=["phones", "check"])
    assert report.exit_code == 0, report.output
    assert f"enterprises id={odd.id}: 'hubungi ketua' cannot be read" in report.output
    assert "1 number(s) readable, not yet in E.164 (use --fix)" in report.output
    fixed = runner.invoke(args=["phones", "check", "--fix"])
    assert "1 number(s) rewritten; 1 unreadable." in fixed.output
    with app.app_context():
        stored = dict(db.session.execute(select(Enterprise.slug, Enterprise.phone)).all())
    assert stored == {"umkm-old": "+6281234567890", "umkm-odd": "hubungi ketua"}
    again = runner.invoke(args=["phones", "check"])
    assert "0 number(s) readable" in again.output
