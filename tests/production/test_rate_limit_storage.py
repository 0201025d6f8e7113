"""Rate limits keep working, in memory, when their Redis storage is unreachable."""

from tests.production.conftest import closed_port
from trading_house.extensions import limiter


def test_sign_in_limits_hold_with_redis_down(make_app):
    """Redis on a closed port: no request fails, and the limit is still enforced (Flask-Limiter's
    in-memory fallback, RATELIMIT_IN_MEMORY_FALLBACK_ENABLED in config.py)."""
    limited = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/0",
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        ACCOUNTS_LOGIN_LIMIT_IP="4 per minute",
        ACCOUNTS_LOGIN_LIMIT_EMAIL="50 per minute",
    )
    assert limiter.enabled
    client = limited.test_client()
    statuses = []
    for n in range(6):
        response = client.post(
            "/login?lang=en", data={"email": f"person{n}@example.id", "password": "Wrong-pass-1"}
        )
        statuses.append(response.status_code)
    assert 500 not in statuses
    assert statuses[:4] == [200, 200, 200, 200], statuses  # the form again, with its error
    assert statuses[4:] == [429, 429], statuses
    assert "Too many requests" in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200, "pages without a limit are unaffected"
    assert limiter._storage_dead, "the limits came from the in-memory fallback"
