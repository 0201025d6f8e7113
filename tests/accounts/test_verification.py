"""E-mail verification through signed, expiring links; a fresh link on request."""

from datetime import timedelta

from tests.accounts.conftest import link_path, reload
from trading_house.accounts import emails, tokens
from trading_house.core import clock
from trading_house.extensions import db


def unverified(factory, **fields):
    return factory.user("buyer", email="ani@example.id", verified=False, **fields)


def verification_link(ctx_user, outbox):
    emails.send_verification(ctx_user)
    db.session.commit()
    return link_path(outbox("ani@example.id")[-1], "/verify/")


def test_the_link_shows_a_confirm_button_and_only_the_post_confirms(
    client, ctx, factory, outbox, audit_actions
):
    user = unverified(factory)
    path = verification_link(user, outbox)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "Is ani@example.id your address?" in page
    assert reload(user).email_verified_at is None, "opening the link changes nothing"
    response = client.post(path)
    assert response.status_code == 302
    assert reload(user).email_verified_at is not None
    assert "auth.email_verified" in audit_actions()
    # A second click is harmless.
    assert client.post(path).status_code == 302
    assert "is already confirmed" in client.get(path + "?lang=en").get_data(as_text=True)


def test_the_banner_shows_until_the_address_is_confirmed(client, ctx, factory, login, outbox):
    user = unverified(factory)
    login(user)
    assert 'data-testid="verify-banner"' in client.get("/?lang=en").get_data(as_text=True)
    client.post(verification_link(user, outbox))
    assert 'data-testid="verify-banner"' not in client.get("/?lang=en").get_data(as_text=True)


def test_an_expired_link_says_so_and_can_send_a_new_one(client, ctx, factory, outbox):
    user = unverified(factory)
    path = verification_link(user, outbox)
    clock.freeze(clock.utcnow() + timedelta(days=4))
    response = client.get(path + "?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has expired" in page
    assert "Send the link again" in page
    assert client.post(path).status_code == 400
    assert reload(user).email_verified_at is None
    token = path.rsplit("/", 1)[1]
    response = client.post("/verify/resend?lang=en", data={"token": token})
    assert response.status_code == 302
    assert len(outbox("ani@example.id")) == 2
    fresh = link_path(outbox("ani@example.id")[-1], "/verify/")
    assert client.post(fresh).status_code == 302
    assert reload(user).email_verified_at is not None


def test_a_tampered_link_is_refused_clearly(client, ctx, factory, outbox):
    user = unverified(factory)
    path = verification_link(user, outbox)
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    for response in (client.get(tampered + "?lang=en"), client.post(tampered + "?lang=en")):
        assert response.status_code == 400
        assert "This link is not valid" in response.get_data(as_text=True)
    assert reload(user).email_verified_at is None


def test_a_reset_token_is_not_a_verification_token(client, ctx, factory):
    user = unverified(factory)
    response = client.get(f"/verify/{tokens.make_reset_token(user)}?lang=en")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_a_link_for_an_old_address_is_refused(client, ctx, factory, outbox):
    user = unverified(factory)
    path = verification_link(user, outbox)
    user.email = "ani.baru@example.id"
    db.session.commit()
    assert client.get(path).status_code == 400


def test_signed_in_user_can_ask_for_a_new_link_from_the_banner(client, ctx, factory, login, outbox):
    login(unverified(factory))
    response = client.post("/verify/resend", data={"next": "/account"})
    assert response.headers["Location"] == "/account"
    assert len(outbox("ani@example.id")) == 1


def test_anonymous_resend_by_address_answers_the_same_for_unknown_addresses(
    client, ctx, factory, outbox
):
    unverified(factory)
    known = client.post("/verify/resend?lang=en", data={"email": "ANI@example.id"})
    unknown = client.post("/verify/resend?lang=en", data={"email": "nobody@example.id"})
    assert known.status_code == unknown.status_code == 302
    assert len(outbox()) == 1
    assert "If that address still needs confirming" in client.get("/?lang=en").get_data(
        as_text=True
    )


def test_anonymous_resend_without_an_address_shows_a_field_error(client, factory):
    response = client.post("/verify/resend?lang=en", data={"email": ""})
    assert response.status_code == 400
    assert "Enter your e-mail address." in response.get_data(as_text=True)


def test_verified_users_get_no_new_link(client, ctx, factory, login, outbox):
    login(factory.user(email="ani@example.id"))
    client.post("/verify/resend")
    assert outbox() == []


def test_resend_is_rate_limited(limited_client, ctx, factory, outbox):
    unverified(factory)
    for _ in range(2):
        assert (
            limited_client.post("/verify/resend", data={"email": "ani@example.id"}).status_code
            == 302
        )
    response = limited_client.post("/verify/resend?lang=en", data={"email": "ani@example.id"})
    assert response.status_code == 429
    assert "You tried too many times." in response.get_data(as_text=True)
    assert len(outbox()) == 2
