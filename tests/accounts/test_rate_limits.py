"""Sign-in is rate-limited per IP address and, for failed attempts, per e-mail address."""

from tests.factories import DEFAULT_PASSWORD


def attempt(client, email, password="Wrong-password-1", lang="en"):
    return client.post(f"/login?lang={lang}", data={"email": email, "password": password})


def test_failed_attempts_for_one_address_are_limited(limited_client, factory):
    factory.user(email="rina@example.id")
    for _ in range(3):
        assert attempt(limited_client, "rina@example.id").status_code == 200
    blocked = attempt(limited_client, "RINA@example.id", DEFAULT_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many requests" in blocked.get_data(as_text=True)
    assert "You tried too many times." in blocked.get_data(as_text=True)


def test_the_429_page_is_in_the_visitors_language(limited_client, factory):
    for _ in range(3):
        attempt(limited_client, "x@example.id")
    blocked = attempt(limited_client, "x@example.id", lang="id")
    assert blocked.status_code == 429
    assert 'lang="id"' in blocked.get_data(as_text=True)


def test_successful_sign_ins_do_not_count_against_the_address(limited_client, factory):
    factory.user(email="rina@example.id")
    for _ in range(4):
        assert attempt(limited_client, "rina@example.id", DEFAULT_PASSWORD).status_code == 302
        limited_client.post("/logout")


def test_attempts_from_one_ip_are_limited_across_addresses(limited_client, factory):
    for n in range(6):
        assert attempt(limited_client, f"person{n}@example.id").status_code == 200
    assert attempt(limited_client, "someone-else@example.id").status_code == 429
    assert limited_client.get("/login").status_code == 200, "the form itself is not limited"


def test_the_main_test_app_is_not_limited(client, limited_client, factory):
    """The Limiter is shared; an app with RATELIMIT_ENABLED off stays unlimited."""
    for _ in range(8):
        assert attempt(client, "rina@example.id").status_code == 200
