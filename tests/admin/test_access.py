"""Only administrators reach the admin screens."""

import pytest

PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/rates",
    "/admin/categories",
    "/admin/audit",
    "/admin/enterprises",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["buyer", "sme", "curator"])
def test_other_signed_in_users_get_403(client, factory, sign_in, role):
    sign_in(factory.user(role))
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    assert client.post("/admin/rates", data={"currency": "USD", "rate": "1"}).status_code == 403


def test_admin_sees_the_index_with_its_sections(as_admin):
    response = as_admin.get("/admin/?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for label in ("Users", "Categories", "Exchange rates", "Audit log", "Enterprises"):
        assert label in page
    for path in PAGES:
        assert as_admin.get(path).status_code == 200, path


def test_admin_link_in_the_navigation(as_admin):
    assert 'href="/admin/"' in as_admin.get("/?lang=en").get_data(as_text=True)
