"""Rate limits per IP address (sign-in, sign-up, sign-in links) and per e-mail address (sign-up).

Wrong passwords for one account are slowed down by the sign-in throttle (test_throttle.py),
not by a rate limit that anyone could run out for the owner.
"""

from tests.accounts.conftest import STRONG
from tests.accounts.test_register import buyer_form


def attempt(client, email, password="Wrong-password-1", lang="en"):
    return client.post(f"/login?lang={lang}", data={"email": email, "password": password})


def test_attempts_from_one_ip_are_limited_across_addresses(limited_client, factory):
    for n in range(6):
        assert attempt(limited_client, f"person{n}@example.id").status_code == 200
    blocked = attempt(limited_client, "someone-else@example.id")
    assert blocked.status_code == 429
    assert "You tried too many times." in blocked.get_data(as_text=True)
    assert limited_client.get("/login").status_code == 200, "the form itself is not limited"


def test_the_429_page_is_in_the_visitors_language(limited_client, factory):
    for n in range(6):
        attempt(limited_client, f"x{n}@example.id")
    blocked = attempt(limited_client, "x@example.id", lang="id")
    assert blocked.status_code == 429
    assert 'lang="id"' in blocked.get_data(as_text=True)


def test_the_main_test_app_is_not_limited(client, limited_client, factory):
    """The Limiter is shared; an app with RATELIMIT_ENABLED off stays unlimited."""
    for n in range(8):
        assert attempt(client, f"person{n}@example.id").status_code == 200


def test_sign_ups_from_one_ip_are_limited(limited_client, factory):
    for n in range(4):
        response = limited_client.post(
            "/register?lang=en", data=buyer_form(email=f"buyer{n}@example.jp")
        )
        assert response.status_code == 302
    blocked = limited_client.post("/register?lang=en", data=buyer_form(email="more@example.jp"))
    assert blocked.status_code == 429
    assert limited_client.get("/register").status_code == 200, "the form itself is not limited"


def test_sign_ups_for_one_address_are_limited_from_any_ip(limited_app, limited_client, factory):
    """Mail-bombing one inbox with "you already have an account" notes is limited too (and
    looks the same whether the address has an account or not)."""
    for n in range(2):
        other_ip = limited_app.test_client()
        other_ip.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        response = other_ip.post("/register?lang=en", data=buyer_form(email="Kenji@Example.jp"))
        assert response.status_code == 302
    limited_client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert limited_client.post("/register", data=buyer_form()).status_code == 302, "others fine"
    blocked = limited_client.post("/register", data=buyer_form(email="kenji@example.jp"))
    assert blocked.status_code == 429


def test_sign_up_form_errors_do_not_use_up_the_address(limited_client, factory):
    for _ in range(3):
        page = limited_client.post(
            "/register?lang=en", data=buyer_form(password="short", password_confirm="short")
        )
        assert page.status_code == 200
    response = limited_client.post(
        "/register?lang=en", data=buyer_form(password=STRONG, password_confirm=STRONG)
    )
    assert response.status_code == 302


def test_sign_in_link_requests_from_one_ip_are_limited(limited_client, factory):
    for n in range(2):
        response = limited_client.post("/login/link", data={"email": f"p{n}@example.id"})
        assert response.status_code == 302
    assert limited_client.post("/login/link", data={"email": "p@example.id"}).status_code == 429
