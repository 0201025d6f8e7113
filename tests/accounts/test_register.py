"""Sign-up as a buyer or an SME: one form, one transaction, errors that keep what was typed."""

import pytest
from sqlalchemy import func, select

from tests.accounts.conftest import STRONG
from trading_house.accounts.models import User
from trading_house.core.errors import DomainError
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db


def buyer_form(**changes):
    data = {
        "account_type": "buyer",
        "display_name": "Kenji Tanaka",
        "email": "Kenji@Sakura-Trading.JP",
        "password": STRONG,
        "password_confirm": STRONG,
        "preferred_language": "en",
        "company": "Sakura Trading",
        "country": "JP",
        "buyer_type": "importer",
    }
    data.update(changes)
    return data


def sme_form(**changes):
    data = {
        "account_type": "sme",
        "display_name": "Daeng Rahman",
        "email": "rahman@kopi-enrekang.id",
        "password": STRONG,
        "password_confirm": STRONG,
        "preferred_language": "id",
        "enterprise_name": "Kopi Kalosi Enrekang",
        "legal_form": "koperasi",
        "regency_code": "7316",
    }
    data.update(changes)
    return data


def user_count():
    return db.session.scalar(select(func.count(User.id)))


def test_form_offers_countries_in_the_visitors_language_and_the_24_regencies(client):
    english = client.get("/register?lang=en").get_data(as_text=True)
    assert '<option value="JP">Japan</option>' in english
    assert "Kota Makassar" in english and "Toraja Utara" in english
    assert 'value="koperasi"' in english and 'value="perorangan"' in english
    indonesian = client.get("/register?lang=id").get_data(as_text=True)
    assert 'lang="id"' in indonesian
    assert '<option value="JP">Jepang</option>' in indonesian
    assert '<option value="NL">Belanda</option>' in indonesian
    # Groupings such as the European Union are not countries.
    assert 'value="EU"' not in english and 'value="ZZ"' not in english


def test_buyer_signs_up_is_signed_in_and_gets_a_verification_mail(client, factory, outbox):
    response = client.post("/register?lang=en", data=buyer_form())
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kenji@sakura-trading.jp"))
    assert user is not None, "e-mail is stored lower-case"
    assert user.role_names == {"buyer"}
    assert (user.country, user.buyer_type, user.company) == ("JP", "importer", "Sakura Trading")
    assert user.preferred_language == "en"
    assert user.email_verified_at is None
    mails = outbox("kenji@sakura-trading.jp")
    assert len(mails) == 1 and "/verify/" in mails[0].body_text
    assert mails[0].subject == "Confirm your e-mail address for Rumah Dagang"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome to Rumah Dagang! We sent a confirmation link to kenji@sakura-trading.jp." in (
        page
    )
    assert 'data-testid="verify-banner"' in page


def test_sme_sign_up_creates_the_enterprise_with_the_user_as_owner(client, factory):
    response = client.post("/register?lang=en", data=sme_form())
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "rahman@kopi-enrekang.id"))
    assert user.role_names == {"sme"}
    enterprise = db.session.scalar(select(Enterprise))
    assert (enterprise.name, enterprise.legal_form, enterprise.regency_code) == (
        "Kopi Kalosi Enrekang",
        "koperasi",
        "7316",
    )
    membership = db.session.scalar(select(Membership))
    assert (membership.user_id, membership.role) == (user.id, "owner")


def test_sme_sign_up_is_one_transaction(client, factory, monkeypatch):
    """If the enterprise cannot be created, the user is not created either."""

    def refuse(owner, **kwargs):
        raise DomainError("That business name is not allowed.", field="name")

    monkeypatch.setattr("trading_house.accounts.views.create_enterprise", refuse)
    response = client.post("/register?lang=en", data=sme_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "That business name is not allowed." in page
    assert 'data-field-error="enterprise_name"' in page
    assert user_count() == 0


def test_duplicate_email_in_any_letter_case_keeps_what_was_typed(client, factory):
    factory.user("buyer", email="kenji@sakura-trading.jp")
    response = client.post("/register?lang=en", data=buyer_form(email="KENJI@sakura-trading.jp"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in page
    assert 'value="Kenji Tanaka"' in page and 'value="Sakura Trading"' in page
    assert '<option selected value="JP">Japan</option>' in page
    assert user_count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-1", "Use at least 10 characters."),
        ("Password2026!", "This password is too common."),
        ("qwertyuiop", "This password is too common."),
        ("kenji-Tanaka-2026", "The password must not contain your e-mail address."),
        ("aaaaaaaaaaaa", "This password is too easy to guess."),
    ],
)
def test_weak_passwords_are_refused(client, factory, password, message):
    response = client.post(
        "/register?lang=en",
        data=buyer_form(
            email="kenji-tanaka@example.jp", password=password, password_confirm=password
        ),
    )
    page = response.get_data(as_text=True)
    assert message in page
    assert 'data-field-error="password"' in page
    assert user_count() == 0


def test_password_confirmation_must_match(client, factory):
    response = client.post("/register?lang=en", data=buyer_form(password_confirm=STRONG + "x"))
    assert "The two passwords do not match." in response.get_data(as_text=True)
    assert user_count() == 0


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (sme_form(regency_code="3171"), "regency_code", "Choose one of South Sulawesi"),
        (sme_form(legal_form="llc"), "legal_form", "Choose a legal form from the list."),
        (sme_form(enterprise_name="  "), "enterprise_name", "Enter the name of your business."),
        (buyer_form(country="XX"), "country", "Choose a country from the list."),
        (buyer_form(country="EU"), "country", "Choose a country from the list."),
        (buyer_form(country=""), "country", "Choose your country."),
        (buyer_form(buyer_type="reseller"), "buyer_type", "Choose a buyer type from the list."),
        (buyer_form(email="not-an-address"), "email", "Enter a valid e-mail address"),
        (buyer_form(display_name=""), "display_name", "Enter your name."),
        (buyer_form(preferred_language="fr"), "preferred_language", "Choose a language"),
    ],
)
def test_unknown_choices_and_missing_fields_get_a_message_next_to_the_field(
    client, factory, form, field, message
):
    response = client.post("/register?lang=en", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in page
    assert message in page
    assert user_count() == 0
    assert db.session.scalar(select(func.count(Enterprise.id))) == 0


def test_unknown_account_type_is_refused(client, factory):
    page = client.post("/register?lang=en", data=buyer_form(account_type="admin")).get_data(
        as_text=True
    )
    assert "Choose an account type." in page
    assert user_count() == 0


def test_buyer_fields_are_not_required_from_an_sme(client, factory):
    response = client.post("/register?lang=en", data=sme_form(country="", buyer_type=""))
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.country, user.buyer_type) == ("ID", None)


def test_signed_in_user_is_sent_away_from_register(client, factory, login):
    login(factory.user())
    assert client.get("/register").status_code == 302
