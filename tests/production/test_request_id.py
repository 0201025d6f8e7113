"""Every request has an id: in the X-Request-ID header, on error pages and on every log line."""

import json
import logging
import re
import subprocess
import sys

import pytest

from tests.production.conftest import subprocess_env
from trading_house.core.logging import JsonFormatter, TextFormatter, job_context

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def boom_app(make_app):
    """An app with two extra routes: one that logs, one that fails."""
    made = make_app()

    @made.get("/_test/log")
    def log_something():
        logging.getLogger("trading_house.test").warning("stock check for %s", "KT-250")
        return "logged"

    @made.get("/_test/boom")
    def boom():
        raise RuntimeError("kaboom")

    return made


def test_each_response_carries_a_fresh_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert HEX_ID.match(first) and HEX_ID.match(second) and first != second


def test_a_sane_incoming_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a.77"})
    assert kept.headers["X-Request-ID"] == "nginx-4f2a.77"
    for hostile in ("<script>alert(1)</script>", "a" * 200, "two words", "x;Set-Cookie=a"):
        response = client.get("/healthz", headers={"X-Request-ID": hostile})
        assert HEX_ID.match(response.headers["X-Request-ID"]), hostile


def test_the_404_page_shows_the_reference(client):
    response = client.get("/no-such-page?lang=en", headers={"X-Request-ID": "req-404-check"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "req-404-check"
    assert "Reference for support: req-404-check" in response.get_data(as_text=True)


def test_the_500_page_and_the_error_log_share_the_id(boom_app, caplog):
    client = boom_app.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/_test/boom?lang=en")
    assert response.status_code == 500
    rid = response.headers["X-Request-ID"]
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body
    assert f"Reference for support: {rid}" in body
    assert "kaboom" not in body, "no internals on the page"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and all(r.request_id == rid for r in errors)
    assert any(r.exc_info and "kaboom" in str(r.exc_info[1]) for r in errors)


def test_log_lines_of_a_request_carry_its_id(boom_app, caplog):
    client = boom_app.test_client()
    with caplog.at_level(logging.INFO):
        response = client.get("/_test/log", headers={"X-Request-ID": "abc-123"})
    lines = [r for r in caplog.records if r.name == "trading_house.test"]
    assert response.headers["X-Request-ID"] == "abc-123"
    assert [r.request_id for r in lines] == ["abc-123"]


def test_lines_outside_requests_and_inside_jobs():
    record = logging.getLogger("x").makeRecord("x", logging.INFO, __file__, 1, "hi", (), None)
    assert record.request_id == "-"
    token = job_context.set("job-42")
    try:
        record = logging.getLogger("x").makeRecord("x", logging.INFO, __file__, 1, "hi", (), None)
    finally:
        job_context.reset(token)
    assert record.request_id == "job-42"


def test_json_and_text_formats():
    logger = logging.getLogger("trading_house.orders")
    try:
        raise ValueError("out of stock")
    except ValueError:
        import sys as _sys

        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            10,
            "checkout %s failed",
            ("RD-1",),
            _sys.exc_info(),
            extra={"order": "RD-2026-000001"},
        )
    record.request_id = "r-1"
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "checkout RD-1 failed"
    assert data["level"] == "ERROR" and data["logger"] == "trading_house.orders"
    assert data["request_id"] == "r-1" and data["order"] == "RD-2026-000001"
    assert "ValueError: out of stock" in data["exception"]
    assert data["time"].endswith("+00:00")
    assert "[r-1] trading_house.orders: checkout RD-1 failed" in TextFormatter().format(record)


PRODUCTION_SCRIPT = """
import logging
from config import ProductionConfig
from trading_house import create_app
from tests.production.subprocess_app import create

base = create()
class C(ProductionConfig):
    SECRET_KEY = "Vq3rW8kLm2Zp9TxY4bN7cJ5hG1dF6sAe0uRiOyTw"
    TRUSTED_HOSTS = ["localhost"]
    PUBLIC_BASE_URL = "https://rumahdagang.example.id"
    BANK_TRANSFER_ACCOUNT_NUMBER = "8800-1234-5678"
    MAIL_SERVER = "smtp.example.id"
    SESSION_COOKIE_SECURE = True
    LOCAL_TRIAL = False
    SQLALCHEMY_DATABASE_URI = base.config["SQLALCHEMY_DATABASE_URI"]
    INSTANCE_PATH = base.config["INSTANCE_PATH"]
    MEDIA_ROOT = base.config["MEDIA_ROOT"]
    PRIVATE_ROOT = base.config["PRIVATE_ROOT"]
    REDIS_URL = None
    RATELIMIT_STORAGE_URI = "memory://"
    LOG_FORMAT = None
app = create_app(C)

@app.get("/_test/log")
def log_something():
    logging.getLogger("trading_house.test").warning("first line")
    logging.getLogger("trading_house.test").warning("second line")
    raise RuntimeError("kaboom")

response = app.test_client().get("/_test/log")
print("STATUS", response.status_code, response.headers["X-Request-ID"])
"""


def test_production_logs_are_json_lines_with_the_request_id(app):
    """A production app (its own process: it configures the root logger) logs JSON."""
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        env=subprocess_env(app),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    status, rid = done.stdout.split("STATUS ")[1].split()
    assert status == "500"
    records = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    ours = [r for r in records if r["request_id"] == rid]
    assert [r["message"] for r in ours] == ["first line", "second line", "unhandled error"]
    assert "RuntimeError: kaboom" in ours[-1]["exception"]
    assert not [line for line in done.stderr.splitlines() if line and not line.startswith("{")]
