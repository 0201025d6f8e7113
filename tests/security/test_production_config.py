"""Production refuses to start without a strong key, trusted hosts, a public base URL, a real
bank account and a mail server; it answers only its own host names, sends HSTS and names its
cookies with the ``__Host-`` prefix."""

import secrets
from pathlib import Path

import pytest

from config import DEMO_BANK_ACCOUNT_NUMBER, ProductionConfig
from tests.factories import DEFAULT_PASSWORD
from trading_house import create_app
from trading_house.extensions import db, limiter

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://rumahdagang.example.id"
GOOD = dict(
    SECRET_KEY=secrets.token_urlsafe(48),
    TRUSTED_HOSTS=["rumahdagang.example.id"],
    PUBLIC_BASE_URL=SITE,
    BANK_TRANSFER_ACCOUNT_NUMBER="8800-1234-5678",
    MAIL_SERVER="smtp.example.id",
    SESSION_COOKIE_SECURE=True,
    REMEMBER_COOKIE_SECURE=True,
    LOCAL_TRIAL=False,
)


@pytest.fixture
def production(app):
    """``production(**settings)``: a production app on the test database (TESTING only keeps
    pytest's log handlers and CSRF off; every production check runs)."""
    saved = dict(limiter.__dict__)
    made = []

    def _make(**overrides):
        attrs = {
            key: app.config[key]
            for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "MEDIA_ROOT", "PRIVATE_ROOT")
        }
        attrs.update(
            TESTING=True,
            WTF_CSRF_ENABLED=False,
            REDIS_URL=None,
            RATELIMIT_STORAGE_URI="memory://",
            RATELIMIT_ENABLED=False,
            CACHE_BACKEND="null",
            PASSWORD_HASH_FAST=True,
        )
        attrs.update(GOOD)
        attrs.update(overrides)
        made.append(create_app(type("ProductionTestConfig", (ProductionConfig,), attrs)))
        return made[-1]

    yield _make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "x" * 64}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "changeme" * 4}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "Change-Me-To-A-Long-Random-Value-0123456789"}, "SECRET_KEY is too weak"),
        ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS is not set"),
        ({"TRUSTED_HOSTS": []}, "TRUSTED_HOSTS is not set"),
        ({"PUBLIC_BASE_URL": None}, "PUBLIC_BASE_URL is not set"),
        ({"PUBLIC_BASE_URL": "rumahdagang.example.id"}, "PUBLIC_BASE_URL is not set"),
        ({"PUBLIC_BASE_URL": "http://127.0.0.1:5000"}, "PUBLIC_BASE_URL points to this machine"),
        ({"PUBLIC_BASE_URL": "http://localhost:8000"}, "PUBLIC_BASE_URL points to this machine"),
        (
            {"BANK_TRANSFER_ACCOUNT_NUMBER": DEMO_BANK_ACCOUNT_NUMBER},
            "BANK_TRANSFER_ACCOUNT_NUMBER",
        ),
        ({"BANK_TRANSFER_ACCOUNT_NUMBER": ""}, "BANK_TRANSFER_ACCOUNT_NUMBER"),
        ({"MAIL_SERVER": None}, "MAIL_SERVER is not set"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE is off"),
        ({"LOCAL_TRIAL": True}, "LOCAL_TRIAL is set but PUBLIC_BASE_URL is not on this machine"),
    ],
)
def test_production_refuses_to_start(production, settings, variable):
    with pytest.raises(RuntimeError) as refused:
        production(**settings)
    assert variable in str(refused.value)
    assert "Production refuses to start" in str(refused.value)


def test_every_problem_is_named_at_once(production):
    with pytest.raises(RuntimeError) as refused:
        production(
            SECRET_KEY="short",
            TRUSTED_HOSTS=None,
            PUBLIC_BASE_URL=None,
            BANK_TRANSFER_ACCOUNT_NUMBER=DEMO_BANK_ACCOUNT_NUMBER,
            MAIL_SERVER=None,
        )
    message = str(refused.value)
    for variable in (
        "SECRET_KEY",
        "TRUSTED_HOSTS",
        "PUBLIC_BASE_URL",
        "BANK_TRANSFER_ACCOUNT_NUMBER",
        "MAIL_SERVER",
    ):
        assert f"- {variable}" in message, variable


def test_other_hosts_get_400_and_the_api_never_sees_them(production):
    app = production()
    client = app.test_client()
    assert client.get("/healthz", base_url=SITE).status_code == 200
    for path in ("/healthz", "/api/v1/categories", "/login"):
        forged = client.get(path, base_url="http://evil.example")
        assert forged.status_code == 400, path
        assert b"evil.example" not in forged.data
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_hsts_in_production(production):
    response = production().test_client().get("/healthz", base_url=SITE)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_cookies_carry_the_host_prefix(production, factory):
    app = production()
    factory.user(email="rina@example.id")
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": "rina@example.id", "password": DEFAULT_PASSWORD, "remember": "y"},
        base_url=SITE,
    )
    assert response.status_code == 302
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"__Host-session", "__Host-remember_token"}
    for cookie in cookies.values():
        attributes = [part.strip().lower() for part in cookie.split(";")]
        assert "secure" in attributes and "httponly" in attributes and "path=/" in attributes
        assert not any(a.startswith("domain=") for a in attributes)
    assert client.get("/account", base_url=SITE).status_code == 200


def test_a_local_trial_starts_with_local_values(production):
    """``make run-prod`` on one machine: e-mail to the log, the demo bank, plain http."""
    app = production(
        LOCAL_TRIAL=True,
        TRUSTED_HOSTS=["127.0.0.1", "localhost"],
        PUBLIC_BASE_URL="http://127.0.0.1:8000",
        BANK_TRANSFER_ACCOUNT_NUMBER=DEMO_BANK_ACCOUNT_NUMBER,
        MAIL_SERVER=None,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
    )
    response = app.test_client().get("/healthz", base_url="http://127.0.0.1:8000")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert app.config["SESSION_COOKIE_NAME"] == "session", "__Host- needs Secure (https)"


def test_a_local_trial_still_needs_a_strong_key_and_trusted_hosts(production):
    with pytest.raises(RuntimeError) as refused:
        production(
            LOCAL_TRIAL=True, PUBLIC_BASE_URL="http://127.0.0.1:8000", SECRET_KEY="change-me"
        )
    assert "SECRET_KEY is too weak" in str(refused.value)


def test_trusted_hosts_are_read_as_a_comma_separated_list(monkeypatch):
    import config

    monkeypatch.setenv("TRUSTED_HOSTS", " rumahdagang.example.id, www.rumahdagang.example.id ,")
    assert config._list("TRUSTED_HOSTS") == ["rumahdagang.example.id", "www.rumahdagang.example.id"]
    monkeypatch.setenv("TRUSTED_HOSTS", "")
    assert config._list("TRUSTED_HOSTS") is None


@pytest.mark.parametrize(
    "document", ["README.md", "docs/production.md", "deploy/.env.example", "deploy/run-prod.sh"]
)
def test_the_required_settings_are_documented(document):
    text = (ROOT / document).read_text()
    for variable in ("SECRET_KEY", "TRUSTED_HOSTS", "PUBLIC_BASE_URL", "MAIL_SERVER"):
        assert variable in text, f"{variable} missing from {document}"
    if document != "deploy/run-prod.sh":
        assert "BANK_TRANSFER_ACCOUNT_NUMBER" in text and "LOCAL_TRIAL" in text
