"""Wrong passwords slow further attempts down, per account and per source, with growing waits;
nobody can lock the owner out, and the counts are shared by every process, Redis or not."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts.conftest import _config_like, _dispose, link_path, run_in_threads
from tests.factories import DEFAULT_PASSWORD
from tests.production.conftest import closed_port
from trading_house import create_app
from trading_house.accounts.models import SignInThrottle
from trading_house.accounts.throttle import BY_ACCOUNT, BY_SOURCE, source_of
from trading_house.core import clock
from trading_house.extensions import db, limiter

WRONG = "Wrong-password-123"
TOO_MANY = "Too many failed attempts to sign in to this account."
BAD = "The e-mail address or password is not correct."


def browser(app, ip):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def sign_in(client, email="rina@example.id", password=WRONG):
    return client.post("/login?lang=en", data={"email": email, "password": password})


def fail(client, times, email="rina@example.id"):
    for _ in range(times):
        response = sign_in(client, email)
        assert response.status_code == 200 and BAD in response.get_data(as_text=True)


@pytest.fixture
def now():
    """The clock, frozen; ``now.move(seconds=…)`` moves it on."""

    class Clock:
        moment = clock.utcnow()

        def move(self, **delta):
            self.moment += timedelta(**delta)
            clock.freeze(self.moment)

    frozen = Clock()
    clock.freeze(frozen.moment)
    yield frozen
    clock.freeze(None)


def test_the_rules_grow_and_stop_growing():
    assert [BY_SOURCE.wait(n).total_seconds() for n in (0, 4, 5, 6, 7)] == [0, 0, 30, 60, 120]
    assert BY_SOURCE.wait(500) == timedelta(hours=1)
    assert BY_ACCOUNT.wait(19) == timedelta(0) and BY_ACCOUNT.wait(20) == timedelta(minutes=1)


@pytest.mark.parametrize(
    ("address", "source"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("garbage", "unknown"),
    ],
)
def test_a_source_is_an_ipv4_address_or_an_ipv6_64(address, source):
    assert source_of(address) == source


def test_one_source_waits_longer_after_each_failure(app, factory, now):
    factory.user(email="rina@example.id")
    attacker = browser(app, "203.0.113.66")
    fail(attacker, 5)
    blocked = sign_in(attacker, password=DEFAULT_PASSWORD)
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429, "even the right password waits: no guessing oracle"
    assert TOO_MANY in page and "Try again in 1 minute" in page
    assert 'data-testid="send-sign-in-link"' in page
    assert attacker.get("/account").status_code == 302
    now.move(seconds=31)
    fail(attacker, 1)  # the 6th failure: the next wait is 60 s
    now.move(seconds=31)
    assert sign_in(attacker).status_code == 429
    now.move(seconds=30)
    fail(attacker, 1)
    now.move(seconds=90)
    assert sign_in(attacker).status_code == 429, "now 120 s"
    now.move(seconds=31)
    assert sign_in(attacker, password=DEFAULT_PASSWORD).status_code == 302


def test_an_attacker_elsewhere_does_not_slow_the_owner_down(app, factory, audit_actions):
    factory.user(email="rina@example.id")
    attacker = browser(app, "203.0.113.66")
    fail(attacker, 5)
    assert sign_in(attacker).status_code == 429
    owner = browser(app, "198.51.100.20")
    assert sign_in(owner, password=DEFAULT_PASSWORD).status_code == 302
    assert "auth.sign_in_throttled" in audit_actions()


def test_the_right_password_clears_the_sources_count(app, factory):
    factory.user(email="rina@example.id")
    owner = browser(app, "198.51.100.20")
    fail(owner, 4)
    assert sign_in(owner, password=DEFAULT_PASSWORD).status_code == 302
    owner.post("/logout")
    fail(owner, 4)
    assert sign_in(owner, password=DEFAULT_PASSWORD).status_code == 302


def test_attackers_from_other_ips_cannot_lock_the_owner_out_of_the_e_mailed_link(
    app, factory, outbox, now
):
    """Attackers from four addresses use up the account's free failures: the owner's password
    now waits too, but the e-mailed one-time link still signs the owner in, and the attackers
    asking for links only send the owner more working links."""
    factory.user(email="rina@example.id")
    for n in range(4):
        fail(browser(app, f"203.0.113.{n + 1}"), 5)
    owner = browser(app, "198.51.100.20")
    blocked = sign_in(owner, password=DEFAULT_PASSWORD)
    assert blocked.status_code == 429
    assert 'data-testid="throttled-link-form"' in blocked.get_data(as_text=True)
    for n in range(4):  # the attackers ask for links too, from their own addresses
        browser(app, f"203.0.113.{n + 1}").post("/login/link", data={"email": "rina@example.id"})
    owner.post("/login/link", data={"email": "rina@example.id"})
    links = [m for m in outbox("rina@example.id") if "/login/link/" in m.body_text]
    assert len(links) == 5, "at most five per 15 minutes; the owner's is among the sent"
    assert owner.post(link_path(links[-1], "/login/link/")).status_code == 302
    assert owner.get("/account").status_code == 200


def test_an_unknown_address_is_slowed_down_the_same_way(app, factory):
    """The throttle tells nothing about which addresses have an account."""
    factory.user(email="rina@example.id")
    for email in ("rina@example.id", "nobody@example.id"):
        attacker = browser(app, "203.0.113.66")
        fail(attacker, 5, email)
        response = sign_in(attacker, email)
        assert response.status_code == 429 and TOO_MANY in response.get_data(as_text=True)


def test_counts_are_forgotten_a_day_after_the_last_failure(app, factory, now):
    factory.user(email="rina@example.id")
    attacker = browser(app, "203.0.113.66")
    fail(attacker, 5)
    now.move(hours=24, seconds=1)
    fail(attacker, 5)
    assert sign_in(attacker).status_code == 429


def test_the_daily_cleanup_deletes_forgotten_counts_only(app, factory, now):
    fail(browser(app, "203.0.113.66"), 2, "old@example.id")
    now.move(hours=24, seconds=1)
    fail(browser(app, "203.0.113.66"), 1, "new@example.id")
    result = app.test_cli_runner().invoke(args=["users", "prune-sign-ins"])
    assert result.exit_code == 0, result.output
    assert "old sign-in failure counts: 2," in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(SignInThrottle)) == 2


def test_parallel_guesses_get_no_more_tries_than_a_sequence(app, factory):
    """Six guesses at the same moment when one free try is left: exactly one is judged, the
    other five wait (SQLite and PostgreSQL: the rows are locked while a guess is decided)."""
    factory.user(email="rina@example.id")
    attacker = browser(app, "203.0.113.66")
    fail(attacker, 4)

    def guess():
        response = browser(app, "203.0.113.66").post(
            "/login?lang=en", data={"email": "rina@example.id", "password": WRONG}
        )
        return response.status_code

    statuses = run_in_threads(guess, 6)
    assert sorted(statuses) == [200, 429, 429, 429, 429, 429], statuses


def test_the_count_is_shared_by_two_processes_while_redis_is_down(app, factory):
    """Two app instances (two gunicorn workers or machines) whose rate-limit Redis is down:
    failures seen by one are counted by the other, because the count is in the database."""
    saved = dict(limiter.__dict__)
    dead_redis = f"redis://127.0.0.1:{closed_port()}/0"
    workers = [
        create_app(
            _config_like(
                app,
                RATELIMIT_ENABLED=True,
                RATELIMIT_STORAGE_URI=dead_redis,
                RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
            )
        )
        for _ in range(2)
    ]
    try:
        factory.user(email="rina@example.id")
        fail(browser(workers[0], "203.0.113.66"), 3)
        fail(browser(workers[1], "203.0.113.66"), 2)
        response = sign_in(browser(workers[0], "203.0.113.66"))
        assert response.status_code == 429 and TOO_MANY in response.get_data(as_text=True)
        assert sign_in(browser(workers[1], "203.0.113.66")).status_code == 429
    finally:
        for worker in workers:
            _dispose(worker)
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)
