"""The database going away: a friendly 503, /healthz says so, and the app recovers by itself."""

import os
import shutil
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.factories import DEFAULT_PASSWORD, Factory
from tests.production.tcpproxy import TcpProxy
from trading_house.extensions import db

postgres_only = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="PostgreSQL outage tests run with TEST_DATABASE_URL (a PostgreSQL database)",
)
sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="the SQLite variant runs on SQLite"
)


def assert_friendly_503(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Temporarily unavailable" in body
    assert "Please try again in a minute" in body
    assert f"Reference for support: {response.headers['X-Request-ID']}" in body
    assert "OperationalError" not in body and "Traceback" not in body


def sign_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code in (302, 303)


def assert_health(client, code: int) -> None:
    response = client.get("/healthz")
    assert response.status_code == code, response.get_data(as_text=True)
    if code == 503:
        assert response.get_json() == {"status": "unavailable", "database": "down"}
    else:
        assert response.get_json()["status"] == "ok"


def add_mid_request_route(app, interrupt):
    """``/_test/two-queries``: one query, then ``interrupt()`` (the outage), then another."""

    @app.get("/_test/two-queries")
    def two_queries():
        db.session.execute(text("SELECT 1"))
        interrupt()
        count = db.session.execute(text("SELECT count(*) FROM products")).scalar()
        return f"{count} products"


@sqlite_only
def test_sqlite_database_file_gone_and_back(make_app, tmp_path):
    """The database file disappears (the disk is unmounted, a restore swaps it): every page
    that needs it is a friendly 503, /healthz is 503, and pages work again once it is back,
    with no restart."""
    path = tmp_path / "outage.db"
    shaky = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with shaky.app_context():
        upgrade()
        Factory().user("buyer", email="andi@example.id")
        db.session.remove()
    client, signed_in = shaky.test_client(), shaky.test_client()
    sign_in(signed_in, "andi@example.id")
    assert client.get("/catalog?lang=en").status_code == 200
    assert_health(client, 200)

    aside = tmp_path / "aside"
    aside.mkdir()
    for name in os.listdir(tmp_path):
        if name.startswith("outage.db"):
            shutil.move(tmp_path / name, aside / name)
    path.mkdir()  # a directory where the file was: "unable to open database file"
    with shaky.app_context():
        db.engine.dispose()  # the process's open connections are lost with the file

    assert_friendly_503(client.get("/catalog?lang=en"))
    assert_friendly_503(client.get("/p/some-product?lang=en"))
    # A signed-in visitor too: the page must not need the database to know who they are.
    assert_friendly_503(signed_in.get("/orders?lang=en"))
    assert_health(client, 503)

    path.rmdir()
    for name in os.listdir(aside):
        shutil.move(aside / name, tmp_path / name)
    assert client.get("/catalog?lang=en").status_code == 200
    assert signed_in.get("/orders?lang=en").status_code == 200, "still signed in"
    assert_health(client, 200)


def _proxied(url: str, proxy: TcpProxy) -> str:
    parsed = make_url(url)
    return parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


@postgres_only
def test_postgres_connection_cut_mid_request_then_restored(app, make_app, factory):
    """Through a TCP proxy we control: the connection dies between two queries of one request
    (503), the server stays unreachable (503s, /healthz 503), then comes back (200s)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        shaky = make_app(
            SQLALCHEMY_DATABASE_URI=_proxied(app.config["SQLALCHEMY_DATABASE_URI"], proxy),
            SQLALCHEMY_ENGINE_OPTIONS={
                "pool_pre_ping": True,
                "connect_args": {"connect_timeout": 3},
            },
        )
        add_mid_request_route(shaky, proxy.cut)
        factory.user("buyer", email="andi@example.id")
        client, signed_in = shaky.test_client(), shaky.test_client()
        sign_in(signed_in, "andi@example.id")
        assert client.get("/catalog?lang=en").status_code == 200
        assert_health(client, 200)

        assert_friendly_503(client.get("/_test/two-queries?lang=en"))
        assert_friendly_503(client.get("/catalog?lang=en"))
        assert_friendly_503(signed_in.get("/orders?lang=en"))
        assert_health(client, 503)

        proxy.restore()
        assert client.get("/catalog?lang=en").status_code == 200
        assert signed_in.get("/orders?lang=en").status_code == 200
        assert_health(client, 200)
    finally:
        proxy.close()


@postgres_only
def test_postgres_backends_terminated(app, make_app):
    """An operator (or a failover) terminates the app's connections: the request whose
    connection dies gets a 503, the very next one works (pre-ping replaces dead connections)."""
    name = f"rd-outage-{uuid.uuid4().hex[:8]}"
    admin = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], isolation_level="AUTOCOMMIT")

    def terminate_ours():
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :n"
                ),
                {"n": name},
            ).scalar()
        assert killed >= 1

    try:
        shaky = make_app(
            SQLALCHEMY_ENGINE_OPTIONS={
                "pool_pre_ping": True,
                "connect_args": {"application_name": name},
            }
        )
        add_mid_request_route(shaky, terminate_ours)
        client = shaky.test_client()
        assert client.get("/catalog?lang=en").status_code == 200  # a pooled connection now

        terminate_ours()  # between requests: pre-ping notices, nobody sees an error
        assert client.get("/catalog?lang=en").status_code == 200
        assert_health(client, 200)

        assert_friendly_503(client.get("/_test/two-queries?lang=en"))  # during a request
        assert client.get("/catalog?lang=en").status_code == 200
        assert_health(client, 200)
    finally:
        admin.dispose()
