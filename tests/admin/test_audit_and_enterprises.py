"""The audit-log browser, and the verification of enterprises' legal identity."""

from datetime import timedelta

from sqlalchemy import select

from trading_house.core import audit, clock
from trading_house.core.models import AuditEntry
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db


def test_audit_log_newest_first_filtered_by_action_and_actor(as_admin, factory, admin):
    someone = factory.user("sme", email="pelaku@umkm.id")
    start = clock.utcnow()
    for n, (action, actor) in enumerate(
        [
            ("auth.sign_in", someone),
            ("enterprise.profile_updated", someone),
            ("user.deactivated", admin),
        ]
    ):
        clock.freeze(start + timedelta(minutes=n))
        audit.record(action, actor=actor, note=f"entry {n}")
    db.session.commit()
    clock.freeze(None)
    page = as_admin.get("/admin/audit?lang=en").get_data(as_text=True)
    positions = [
        page.index(f'data-action="{a}"') for a in ("user.deactivated", "enterprise.profile_updated")
    ]
    assert positions == sorted(positions)
    page = as_admin.get("/admin/audit?action=enterprise.profile_updated").get_data(as_text=True)
    assert (
        'data-action="enterprise.profile_updated"' in page
        and 'data-action="user.deactivated"' not in page
    )
    page = as_admin.get("/admin/audit?actor=pelaku").get_data(as_text=True)
    assert 'data-action="auth.sign_in"' in page and 'data-action="user.deactivated"' not in page
    assert "pelaku@umkm.id" in page


def test_audit_log_is_paginated(as_admin):
    for n in range(30):
        audit.record("demo.event", n=n)
    db.session.commit()
    first = as_admin.get("/admin/audit?action=demo.event").get_data(as_text=True)
    assert first.count('data-action="demo.event"') == 25
    second = as_admin.get("/admin/audit?action=demo.event&page=2").get_data(as_text=True)
    assert second.count('data-action="demo.event"') == 5
    assert as_admin.get("/admin/audit?page=xyz").status_code == 200


def _status(enterprise_id):
    db.session.expire_all()
    return db.session.get(Enterprise, enterprise_id).verification_status


def test_admin_verifies_and_rejects_enterprises(as_admin, factory, admin):
    waiting = factory.enterprise(
        name="Menunggu", verification_status="pending", nib="1234567890123"
    )
    page = as_admin.get("/admin/enterprises?status=pending").get_data(as_text=True)
    assert f'data-enterprise="{waiting.slug}"' in page
    url = f"/admin/enterprises/{waiting.id}/verification"
    assert (
        as_admin.post(url, data={"to": "rejected", "note": "NIB tidak terdaftar"}).status_code
        == 302
    )
    assert _status(waiting.id) == "rejected"
    assert as_admin.post(url, data={"to": "verified"}).status_code == 302
    assert _status(waiting.id) == "verified"
    verified = db.session.get(Enterprise, waiting.id)
    assert verified.verified_by_id == admin.id and verified.verified_at is not None
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "enterprise.verification_changed")
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.data["from_status"], e.data["to_status"]) for e in entries] == [
        ("pending", "rejected"),
        ("rejected", "verified"),
    ]


def test_illegal_verification_moves_are_refused(as_admin, factory):
    enterprise = factory.enterprise(verification_status="verified")
    url = f"/admin/enterprises/{enterprise.id}/verification"
    response = as_admin.post(url + "?lang=en", data={"to": "rejected"}, follow_redirects=True)
    assert "cannot go from" in response.get_data(as_text=True)
    assert _status(enterprise.id) == "verified"
    as_admin.post(url, data={"to": "nonsense"})
    assert _status(enterprise.id) == "verified"
    assert (
        as_admin.post("/admin/enterprises/99999/verification", data={"to": "verified"}).status_code
        == 404
    )


def test_verification_redirect_never_leaves_the_site(as_admin, factory):
    enterprise = factory.enterprise(verification_status="pending")
    response = as_admin.post(
        f"/admin/enterprises/{enterprise.id}/verification",
        data={"to": "verified", "next": "https://evil.example/"},
    )
    assert response.headers["Location"].endswith("/admin/enterprises")
