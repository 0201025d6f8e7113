"""Private pages are never cached: every response to a signed-in browser, the account pages
and every document sent as a file carry ``Cache-Control: private, no-store``; public files keep
their long cache lifetimes."""

from pathlib import Path

from sqlalchemy import select

from tests.accounts.conftest import link_path
from tests.factories import DEFAULT_PASSWORD
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db

NO_STORE = "private, no-store"


def cache_control(response) -> str:
    response.close()
    return response.headers.get("Cache-Control", "")


def test_pages_of_a_signed_in_buyer_are_not_stored(world, actor_clients):
    buyer = actor_clients["buyer"]
    number = world.order.number
    for path in ("/", "/catalog", "/account", "/orders", f"/orders/{number}", "/cart"):
        response = buyer.get(path)
        assert response.status_code == 200, path
        assert cache_control(response) == NO_STORE, path


def test_the_invoice_is_not_stored(world, actor_clients):
    response = actor_clients["buyer"].get(f"/orders/{world.order.number}/invoice.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert cache_control(response) == NO_STORE


def test_admin_pages_are_not_stored(world, actor_clients):
    admin = actor_clients["admin"]
    for path in ("/admin/", "/admin/users", f"/admin/users/{world.victim.id}", "/admin/audit"):
        response = admin.get(path)
        assert response.status_code == 200, path
        assert cache_control(response) == NO_STORE, path


def test_refusals_and_missing_pages_for_a_signed_in_user_are_not_stored(world, actor_clients):
    assert cache_control(actor_clients["buyer"].get("/admin/")) == NO_STORE
    assert cache_control(actor_clients["buyer"].get("/orders/RD-0000-000000")) == NO_STORE


def test_a_remember_me_browser_is_private_from_its_first_response(app, factory):
    user = factory.user(email="rina@example.id")
    first = app.test_client()
    first.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD, "remember": "y"})
    browser = app.test_client()
    browser.set_cookie("remember_token", first.get_cookie("remember_token").value)
    assert cache_control(browser.get("/catalog")) == NO_STORE


def test_account_pages_are_private_even_for_visitors(client, factory):
    factory.user(email="rina@example.id")
    for path in ("/login", "/register", "/reset-password", "/login/link"):
        assert cache_control(client.get(path)) == NO_STORE, path
    client.post("/reset-password", data={"email": "rina@example.id"})
    db.session.expire_all()
    reset = link_path(db.session.scalar(select(OutboxEmail)), "/reset-password/")
    assert cache_control(client.get(reset)) == NO_STORE, "a page holding a reset token"


def test_public_pages_for_visitors_may_be_cached(client, world):
    for path in ("/", "/catalog", f"/p/{world.published.slug}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in cache_control(response), path


def test_public_files_keep_their_cache_lifetimes_for_signed_in_users(app, world, actor_clients):
    buyer = actor_clients["buyer"]
    variant = Path(app.config["MEDIA_ROOT"]) / "cache-test" / "0123abcd.webp"
    variant.parent.mkdir(parents=True, exist_ok=True)
    variant.write_bytes(b"RIFF0000WEBP")
    media = buyer.get("/media/cache-test/0123abcd.webp")
    assert media.status_code == 200
    assert cache_control(media) == "public, max-age=31536000, immutable"
    static = buyer.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in cache_control(static)
    api = buyer.get("/api/v1/categories")
    assert api.status_code == 200 and cache_control(api) == "public, max-age=60"
