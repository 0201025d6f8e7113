"""Sign-up as a buyer or an SME: one form, one transaction, errors that keep what was typed."""

import pytest
from sqlalchemy import func, select

from tests.accounts.conftest import STRONG, run_in_threads
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


CHECK_INBOX = "Thank you! We sent an e-mail to {email}. Open the link in it to confirm"


def test_buyer_signs_up_and_gets_a_verification_mail(client, factory, outbox):
    response = client.post("/register?lang=en", data=buyer_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    user = db.session.scalar(select(User).where(User.email == "kenji@sakura-trading.jp"))
    assert user is not None, "e-mail is stored lower-case"
    assert user.role_names == {"buyer"}
    assert (user.country, user.buyer_type, user.company) == ("JP", "importer", "Sakura Trading")
    assert user.preferred_language == "en"
    assert user.email_verified_at is None
    mails = outbox("kenji@sakura-trading.jp")
    assert len(mails) == 1 and "/verify/" in mails[0].body_text
    assert mails[0].subject == "Confirm your e-mail address for Rumah Dagang"
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert CHECK_INBOX.format(email="kenji@sakura-trading.jp") in page
    # Not signed in yet (an existing address could not be either): the password signs in.
    assert client.get("/account").status_code == 302
    signed_in = client.post("/login", data={"email": "kenji@sakura-trading.jp", "password": STRONG})
    assert signed_in.status_code == 302
    assert 'data-testid="verify-banner"' in client.get("/?lang=en").get_data(as_text=True)


def _answer(client, form):
    response = client.post("/register?lang=en", data=form)
    follow = client.get(response.headers.get("Location", "/login") + "?lang=en")
    return response, follow.get_data(as_text=True)


def test_a_taken_address_gets_the_same_answer_and_its_owner_an_e_mail(app, factory, outbox):
    """Registering with a known address looks exactly like a new sign-up to the visitor; the
    owner is told by e-mail, and nothing about the existing account changes."""
    owner = factory.user("buyer", email="kenji@sakura-trading.jp", display_name="Kenji T.")
    old_hash = owner.password_hash
    new_visitor, taken_visitor = app.test_client(), app.test_client()
    new, new_page = _answer(new_visitor, buyer_form(email="Yuki@Sakura-Trading.JP"))
    taken, taken_page = _answer(taken_visitor, buyer_form(email="KENJI@sakura-trading.jp"))
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"] == "/login"
    assert CHECK_INBOX.format(email="yuki@sakura-trading.jp") in new_page
    assert CHECK_INBOX.format(email="kenji@sakura-trading.jp") in taken_page
    assert sorted(new.headers.keys()) == sorted(taken.headers.keys())
    assert "already exists" not in taken_page
    assert user_count() == 2, "the owner and the new visitor"
    note = outbox("kenji@sakura-trading.jp")
    assert [m.subject for m in note] == ["You already have a Rumah Dagang account"]
    assert "Someone tried to create a new Rumah Dagang account" in note[0].body_text
    assert "/login" in note[0].body_text and "/reset-password" in note[0].body_text
    assert "/login/link" in note[0].body_text
    db.session.expire_all()
    assert db.session.get(User, owner.id).password_hash == old_hash
    assert db.session.get(User, owner.id).display_name == "Kenji T."
    for visitor in (new_visitor, taken_visitor):
        assert visitor.get("/account").status_code == 302, "nobody is signed in"


def test_a_taken_address_still_gets_every_form_error(client, factory, outbox):
    """Errors come before the address is looked up, so they cannot tell it apart either."""
    factory.user("buyer", email="kenji@sakura-trading.jp")
    for email in ("kenji@sakura-trading.jp", "free@sakura-trading.jp"):
        page = client.post(
            "/register?lang=en",
            data=buyer_form(email=email, password="short", password_confirm="short"),
        ).get_data(as_text=True)
        assert "Use at least 10 characters." in page
        assert 'value="Kenji Tanaka"' in page and 'value="Sakura Trading"' in page
    assert outbox() == []


def test_two_sign_ups_for_one_address_at_once_make_one_account(app, factory, outbox):
    """Parallel requests for one new address: one account, the same answer to both, and the
    loser's e-mail goes to the (new) owner as a note."""
    statuses = run_in_threads(
        lambda: app.test_client().post("/register?lang=en", data=buyer_form()).status_code, 2
    )
    assert statuses == [302, 302]
    assert user_count() == 1
    subjects = sorted(m.subject for m in outbox("kenji@sakura-trading.jp"))
    assert subjects[0] == "Confirm your e-mail address for Rumah Dagang"
    assert len(subjects) == 2


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
