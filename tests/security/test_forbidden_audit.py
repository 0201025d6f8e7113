"""Refused requests (403) go to the audit log — who, which route, when — without flooding it."""

from datetime import timedelta

from sqlalchemy import select

from trading_house.core import clock
from trading_house.core.models import AuditEntry
from trading_house.extensions import db


def refusals():
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.forbidden").order_by(AuditEntry.id)
        )
    )


def test_a_buyer_on_a_staff_route_is_audited_once_a_minute(world, actor_clients):
    buyer = actor_clients["buyer"]
    clock.freeze(clock.utcnow())
    for _ in range(3):
        assert buyer.get("/admin/users?lang=en").status_code == 403
    [entry] = refusals()
    assert entry.actor_id == world.users["buyer"].id
    assert entry.data == {
        "endpoint": "admin.users",
        "method": "GET",
        "path": "/admin/users?lang=en",
    }
    assert entry.ip_address == "127.0.0.1" and entry.created_at == clock.utcnow()
    buyer.post(f"/admin/users/{world.victim.id}/roles", data={"roles": ["admin"]})
    assert [e.data["endpoint"] for e in refusals()] == ["admin.users", "admin.change_roles"]
    clock.freeze(clock.utcnow() + timedelta(seconds=61))
    buyer.get("/admin/users")
    assert len(refusals()) == 3, "a minute later the next attempt is recorded again"


def test_each_user_is_audited_on_their_own(world, actor_clients):
    for actor in ("buyer", "sme", "curator"):
        assert actor_clients[actor].get("/admin/").status_code == 403
    assert sorted(e.actor_id for e in refusals()) == sorted(
        world.users[a].id for a in ("buyer", "sme", "curator")
    )


def test_the_refusal_page_is_unchanged(world, actor_clients):
    response = actor_clients["sme"].get("/admin/audit?lang=en")
    assert response.status_code == 403
    assert "You do not have permission to do that." in response.get_data(as_text=True)


def test_the_admin_reads_the_refusals_in_the_audit_log(world, actor_clients):
    actor_clients["buyer"].get("/admin/rates")
    page = actor_clients["admin"].get("/admin/audit?action=auth.forbidden&lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "auth.forbidden" in text
    assert "buyer@example.jp" in text


def test_allowed_pages_and_visitors_sent_to_sign_in_are_not_refusals(world, actor_clients):
    assert actor_clients["admin"].get("/admin/users").status_code == 200
    assert actor_clients["anonymous"].get("/admin/users").status_code == 302
    assert refusals() == []
