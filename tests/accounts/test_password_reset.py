"""Forgotten passwords: a same-for-everyone answer, a signed single-use link, every session ends."""

from datetime import timedelta

from tests.accounts.conftest import STRONG, link_path, reload
from tests.factories import DEFAULT_PASSWORD
from trading_house.accounts import services
from trading_house.core import clock
from trading_house.extensions import db

SAME_ANSWER = "we have sent it a link to choose a new password"


def ask_for_link(client, email="ani@example.id"):
    return client.post("/reset-password?lang=en", data={"email": email})


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, factory, outbox):
    factory.user(email="ani@example.id")
    known = ask_for_link(client, "Ani@Example.id")
    page_known = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = ask_for_link(client, "nobody@example.id")
    page_unknown = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert SAME_ANSWER in page_known and SAME_ANSWER in page_unknown
    mails = outbox()
    assert [m.recipient for m in mails] == ["ani@example.id"]
    assert mails[0].subject == "Reset your Rumah Dagang password"
    assert "/reset-password/" in mails[0].body_text


def test_the_mail_is_in_the_users_language(client, factory, outbox):
    factory.user(email="ani@example.id", preferred_language="en")
    ask_for_link(client)
    assert "Someone asked to reset the password" in outbox()[0].body_text


def test_a_malformed_address_gets_a_field_error(client, factory):
    response = client.post("/reset-password?lang=en", data={"email": "ani-at-example"})
    assert response.status_code == 200
    assert "Enter a valid e-mail address" in response.get_data(as_text=True)


def test_reset_sets_the_password_and_ends_every_session(
    app, client, factory, login, outbox, audit_actions
):
    user = factory.user(email="ani@example.id", verified=False)
    other_device = login(user, target=app.test_client())
    ask_for_link(client)
    path = link_path(outbox()[0], "/reset-password/")
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "Choose a new password" in page and "ani@example.id" in page
    response = client.post(path, data={"password": STRONG, "password_confirm": STRONG})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert other_device.get("/account").status_code == 302, "other sessions ended"
    assert (
        client.post("/login", data={"email": "ani@example.id", "password": STRONG}).status_code
        == 302
    )
    assert reload(user).email_verified_at is not None, "the link proved the address"
    assert "auth.password_reset" in audit_actions()
    assert outbox()[-1].subject == "Your Rumah Dagang password was changed"
    fresh = app.test_client()
    old = fresh.post("/login", data={"email": "ani@example.id", "password": DEFAULT_PASSWORD})
    assert old.status_code == 200


def test_the_link_works_only_once(client, factory, outbox):
    factory.user(email="ani@example.id")
    ask_for_link(client)
    path = link_path(outbox()[0], "/reset-password/")
    client.post(path, data={"password": STRONG, "password_confirm": STRONG})
    again = client.get(path + "?lang=en")
    assert again.status_code == 400
    assert "This link was already used or is no longer valid." in again.get_data(as_text=True)
    other = "Another-Strong-Pass-7"
    refused = client.post(path + "?lang=en", data={"password": other, "password_confirm": other})
    assert refused.status_code == 400


def test_an_expired_link_is_refused(client, factory, outbox):
    factory.user(email="ani@example.id")
    ask_for_link(client)
    path = link_path(outbox()[0], "/reset-password/")
    clock.freeze(clock.utcnow() + timedelta(hours=2))
    response = client.get(path + "?lang=en")
    assert response.status_code == 400
    assert "This link has expired." in response.get_data(as_text=True)
    assert "Send me a new link" in response.get_data(as_text=True)


def test_a_tampered_link_is_refused(client, factory, outbox):
    factory.user(email="ani@example.id")
    ask_for_link(client)
    path = link_path(outbox()[0], "/reset-password/")
    tampered = path[:-4] + ("abcd" if not path.endswith("abcd") else "dcba")
    response = client.post(
        tampered + "?lang=en", data={"password": STRONG, "password_confirm": STRONG}
    )
    assert response.status_code == 400
    assert "This link is not valid." in response.get_data(as_text=True)


def test_a_weak_new_password_is_refused_next_to_the_field(client, factory, outbox):
    user = factory.user(email="ani@example.id")
    old_hash = user.password_hash
    ask_for_link(client)
    path = link_path(outbox()[0], "/reset-password/")
    response = client.post(
        path + "?lang=en", data={"password": "ani-2026-yes", "password_confirm": "ani-2026-yes"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The password must not contain your e-mail address." in page
    assert reload(user).password_hash == old_hash


def test_deactivated_users_get_no_reset_link(client, ctx, factory, outbox):
    user = factory.user(email="ani@example.id")
    services.deactivate_user(user, actor=None)
    db.session.commit()
    ask_for_link(client)
    assert outbox() == []


def test_reset_requests_are_rate_limited_per_address(limited_client, factory, outbox):
    factory.user(email="ani@example.id")
    assert ask_for_link(limited_client).status_code == 302
    assert ask_for_link(limited_client, "ANI@example.id").status_code == 302
    response = ask_for_link(limited_client)
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)
    assert len(outbox()) == 2
    assert ask_for_link(limited_client, "budi@example.id").status_code == 302


def test_reset_requests_are_rate_limited_per_ip(limited_client, factory):
    for n in range(4):
        assert ask_for_link(limited_client, f"person{n}@example.id").status_code == 302
    assert ask_for_link(limited_client, "person9@example.id").status_code == 429
    assert limited_client.get("/reset-password").status_code == 200, "the form still shows"
