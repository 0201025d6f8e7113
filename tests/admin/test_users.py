"""Finding users, changing their roles, deactivating and reactivating them."""

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.core.models import AuditEntry
from trading_house.extensions import db


def _user(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_search_by_email_or_name_and_filter_by_role(as_admin, factory):
    factory.user("buyer", email="kenji@sakura.jp", display_name="Kenji Tanaka")
    factory.user("sme", email="rina@tenun.id", display_name="Rina Wulandari")
    factory.user("curator", email="nur@rumahdagang.id", display_name="Nurhayati")
    page = as_admin.get("/admin/users?q=SAKURA").get_data(as_text=True)
    assert 'data-user="kenji@sakura.jp"' in page and "rina@tenun.id" not in page
    page = as_admin.get("/admin/users?q=wulan").get_data(as_text=True)
    assert 'data-user="rina@tenun.id"' in page and "kenji@sakura.jp" not in page
    page = as_admin.get("/admin/users?role=curator").get_data(as_text=True)
    assert 'data-user="nur@rumahdagang.id"' in page and "kenji@sakura.jp" not in page
    page = as_admin.get("/admin/users?q=100%25_").get_data(as_text=True)
    assert 'data-user="' not in page  # % and _ are literal characters, not wildcards


def test_user_list_is_paginated_and_survives_bad_page_numbers(as_admin, factory):
    for n in range(30):
        factory.user("buyer", email=f"pembeli{n:02d}@example.com")
    first = as_admin.get("/admin/users?lang=en").get_data(as_text=True)
    assert first.count('data-user="') == 25
    assert "Page 1 of 2" in first
    second = as_admin.get("/admin/users?page=2").get_data(as_text=True)
    assert second.count('data-user="') == 6  # 30 buyers + the admin
    for bad in ("abc", "-1", "999"):
        assert as_admin.get(f"/admin/users?page={bad}").status_code == 200
    assert as_admin.get("/admin/users?role=emperor").status_code == 200


def test_admin_changes_roles_and_it_is_audited(as_admin, factory, admin):
    user = factory.user("buyer", email="calon.kurator@gmail.com")
    page = as_admin.get(f"/admin/users/{user.id}?lang=en").get_data(as_text=True)
    assert "calon.kurator@gmail.com" in page
    response = as_admin.post(f"/admin/users/{user.id}/roles", data={"roles": ["buyer", "curator"]})
    assert response.status_code == 302
    assert _user(user.id).role_names == {"buyer", "curator"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles_changed"))
    assert entry.actor_id == admin.id and entry.subject_id == user.id


def test_bad_role_changes_are_explained(as_admin, factory, admin):
    user = factory.user("buyer")
    response = as_admin.post(f"/admin/users/{user.id}/roles?lang=en", data={})
    assert response.status_code == 400
    assert 'data-field-error="roles"' in response.get_data(as_text=True)
    response = as_admin.post(f"/admin/users/{user.id}/roles", data={"roles": ["emperor"]})
    assert response.status_code == 400
    assert _user(user.id).role_names == {"buyer"}
    response = as_admin.post(f"/admin/users/{admin.id}/roles", data={"roles": ["buyer"]})
    assert response.status_code == 400
    assert _user(admin.id).has_role("admin")


def test_deactivate_then_reactivate(as_admin, factory, new_client):
    user = factory.user("buyer", email="nakal@gmail.com")
    their_browser = new_client()
    response = their_browser.post(
        "/login", data={"email": user.email, "password": "Sulawesi-Selatan-2026"}
    )
    assert response.status_code == 302
    assert as_admin.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert _user(user.id).active is False
    page = as_admin.get(f"/admin/users/{user.id}?lang=en").get_data(as_text=True)
    assert "Deactivated" in page
    # Their open session has ended.
    assert "/login" in their_browser.get("/account").headers.get("Location", "")
    assert as_admin.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert _user(user.id).active is True
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"user.deactivated", "user.reactivated"} <= actions


def test_admin_cannot_deactivate_themselves(as_admin, admin):
    response = as_admin.post(f"/admin/users/{admin.id}/deactivate?lang=en", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    assert _user(admin.id).active is True


def test_unknown_user_is_404(as_admin):
    assert as_admin.get("/admin/users/99999").status_code == 404
    assert as_admin.post("/admin/users/99999/deactivate").status_code == 404
