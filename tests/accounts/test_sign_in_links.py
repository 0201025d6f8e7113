"""One-time sign-in links by e-mail: the same answer for every address, single use, short-lived,
and nobody else's requests can keep the owner from a working link."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.accounts.conftest import link_path, reload, run_in_threads
from trading_house.accounts.models import SignInLink
from trading_house.core import clock
from trading_house.extensions import db

SAME_ANSWER = "we have sent it a sign-in link. It works once, for 15 minutes."


def ask(client, email="ani@example.id"):
    return client.post("/login/link?lang=en", data={"email": email})


def link_of(outbox, email="ani@example.id", index=-1):
    mails = [m for m in outbox(email) if "/login/link/" in m.body_text]
    return link_path(mails[index], "/login/link/")


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, factory, outbox):
    factory.user(email="ani@example.id")
    factory.user(email="gone@example.id", active=False)
    answers = []
    for email in ("Ani@Example.id", "nobody@example.id", "gone@example.id"):
        response = ask(client, email)
        assert response.status_code == 302 and response.headers["Location"] == "/login"
        answers.append(client.get("/login?lang=en").get_data(as_text=True))
    assert all(SAME_ANSWER in page for page in answers)
    mails = outbox()
    assert [m.recipient for m in mails] == ["ani@example.id"]
    assert mails[0].subject == "Your Rumah Dagang sign-in link"
    assert "valid for 15 minutes and works only once" in mails[0].body_text


def test_the_link_shows_a_button_and_only_the_post_signs_in(client, factory, outbox):
    user = factory.user(email="ani@example.id", verified=False)
    ask(client)
    path = link_of(outbox)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "Sign in to Rumah Dagang as ani@example.id?" in page
    assert client.get("/account").status_code == 302, "opening the link signs nobody in"
    response = client.post(path)
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert reload(user).email_verified_at is not None, "the link proved the inbox"
    assert reload(user).last_sign_in_at is not None


def test_a_link_works_once(app, client, factory, outbox, audit_actions):
    factory.user(email="ani@example.id")
    ask(client)
    path = link_of(outbox)
    assert client.post(path).status_code == 302
    again = app.test_client().post(path + "?lang=en")
    assert again.status_code == 400
    assert "already used or has expired" in again.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 400
    assert audit_actions().count("auth.sign_in_link_used") == 1


def test_a_link_expires_after_15_minutes(app, client, factory, outbox):
    factory.user(email="ani@example.id")
    ask(client)
    path = link_of(outbox)
    clock.freeze(clock.utcnow() + timedelta(minutes=15, seconds=1))
    response = client.post(path + "?lang=en")
    assert response.status_code == 400
    assert 'data-testid="sign-in-link-form"' in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_a_tampered_link_is_refused(client, factory, outbox):
    factory.user(email="ani@example.id")
    ask(client)
    path = link_of(outbox)
    assert client.post(path[:-4] + "AAAA").status_code == 400
    assert client.get("/account").status_code == 302


def test_a_deactivated_account_cannot_use_its_link(client, factory, outbox):
    user = factory.user(email="ani@example.id")
    ask(client)
    path = link_of(outbox)
    user.active = False
    db.session.commit()
    assert client.post(path).status_code == 400
    assert client.get("/account").status_code == 302


def test_asking_again_keeps_the_older_links_working(app, client, factory, outbox):
    """Someone else asking for links must not cancel the one the owner is about to open."""
    factory.user(email="ani@example.id")
    ask(client)
    first = link_of(outbox)
    ask(app.test_client())
    assert client.post(first).status_code == 302


def test_at_most_five_links_per_15_minutes_and_the_newest_still_works(
    app, client, factory, outbox, audit_actions
):
    factory.user(email="ani@example.id")
    for n in range(8):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        assert ask(other).status_code == 302, "the same answer, sent or not"
    assert len(outbox("ani@example.id")) == 5
    assert audit_actions().count("auth.sign_in_link_suppressed") == 3
    clock.freeze(clock.utcnow() + timedelta(minutes=14))
    assert client.post(link_of(outbox)).status_code == 302, "the newest link still works"
    clock.freeze(clock.utcnow() + timedelta(minutes=2))
    ask(app.test_client())
    assert len(outbox("ani@example.id")) == 6, "the window moved on: a new link is sent"


def test_a_link_session_is_not_fresh_and_sensitive_actions_ask_for_the_password(
    client, factory, outbox
):
    factory.user(email="ani@example.id")
    ask(client)
    client.post(link_of(outbox))
    response = client.post("/account/password", headers={"Referer": "http://localhost/account"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reauthenticate?next=/account")


def test_two_tabs_pressing_at_once_sign_in_once(app, factory, outbox):
    factory.user(email="ani@example.id")
    ask(app.test_client())
    path = link_of(outbox)
    statuses = run_in_threads(lambda: app.test_client().post(path).status_code, 2)
    assert sorted(statuses) == [302, 400]
    assert db.session.scalar(select(SignInLink.used_at)) is not None


def test_the_daily_cleanup_deletes_links_expired_a_day_ago(app, client, factory, outbox):
    factory.user(email="ani@example.id")
    ask(client)
    clock.freeze(clock.utcnow() + timedelta(hours=2))
    ask(app.test_client())
    clock.freeze(clock.utcnow() + timedelta(hours=23))
    result = app.test_cli_runner().invoke(args=["users", "prune-sign-ins"])
    assert "expired sign-in links: 1," in result.output
    assert db.session.scalar(select(func.count(SignInLink.id))) == 1
