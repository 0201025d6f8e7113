"""Staff see the WhatsApp outbox (statuses, errors, fallbacks) and every reply, unknown ones too."""

import json

from sqlalchemy import select

from tests.notifications.conftest import SECRET, give_number, whatsapp_messages
from tests.notifications.fake_meta import message_payload, sign
from trading_house.core.models import AuditEntry
from trading_house.extensions import db
from trading_house.notifications.outbox import queue_whatsapp, send_due
from trading_house.notifications.services import opt_out


def test_staff_see_what_was_sent_refused_and_replied(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000001", "https://x.test/o/1"])
    queue_whatsapp(user, "order.paid", "order_teleported", ["x"])
    db.session.commit()
    send_due()
    body = json.dumps(message_payload("wamid.IN9", "Siapa ini?", sender="6281299998888")).encode()
    client.post(
        "/webhooks/whatsapp",
        data=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, SECRET)},
    )
    login(factory.user("curator"))
    page = client.get("/staff/whatsapp").get_data(as_text=True)
    assert 'data-status="sent"' in page and 'data-status="refused"' in page
    assert "unknown template &#39;order_teleported&#39;" in page
    assert "0812-3456-7890" in page
    assert "Siapa ini?" in page and "unknown number" in page
    refused_only = client.get("/staff/whatsapp?status=refused").get_data(as_text=True)
    assert 'data-status="sent"' not in refused_only and 'data-status="refused"' in refused_only


def test_people_who_are_not_staff_are_refused(factory, client, login):
    login(factory.user("buyer"))
    assert client.get("/staff/whatsapp").status_code == 403


def _failed_message(meta, user):
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000007", "https://x.test/o/7"])
    db.session.commit()
    meta.answers.append((400, {"error": {"message": "template paused", "code": 132015}}))
    send_due()
    [failed] = whatsapp_messages()
    assert failed.status == "failed"
    return failed


def test_staff_send_a_failed_message_again_once_with_an_audit_entry(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    failed = _failed_message(meta, user)
    curator = factory.user("curator")
    login(curator)
    page = client.get("/staff/whatsapp").get_data(as_text=True)
    assert f'data-testid="resend-{failed.id}"' in page
    response = client.post(f"/staff/whatsapp/{failed.id}/resend", follow_redirects=True)
    assert "The message will be sent again." in response.get_data(as_text=True)
    old, new = whatsapp_messages()
    assert (old.status, old.resent_as_id) == ("failed", new.id)
    assert (new.status, new.template, new.parameters) == ("pending", "order_paid", old.parameters)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "whatsapp.resent"))
    assert (entry.actor_id, entry.subject_id) == (curator.id, old.id)
    assert entry.data["new_message_id"] == new.id
    assert send_due() == 1
    assert [p[0] for p in meta.texts_to("+6281234567890")] == ["RD-2026-000007"] * 2

    # A second click (or a second curator) queues nothing more.
    page = client.get("/staff/whatsapp").get_data(as_text=True)
    assert f'data-testid="resend-{failed.id}"' not in page and f"Sent again as #{new.id}" in page
    response = client.post(f"/staff/whatsapp/{failed.id}/resend", follow_redirects=True)
    assert "Only a failed message can be sent again, once." in response.get_data(as_text=True)
    assert len(whatsapp_messages()) == 2


def test_a_resend_to_someone_who_opted_out_is_refused_and_says_why(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    failed = _failed_message(meta, user)
    opt_out(user)
    db.session.commit()
    login(factory.user("admin"))
    response = client.post(f"/staff/whatsapp/{failed.id}/resend", follow_redirects=True)
    assert "Not sent again: opted out" in response.get_data(as_text=True)
    assert [m.status for m in whatsapp_messages()] == ["failed", "refused"]


def test_sent_messages_and_codes_are_not_sent_again(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000008", "https://x.test/o/8"])
    db.session.commit()
    send_due()
    [sent] = whatsapp_messages()
    login(factory.user("curator"))
    response = client.post(f"/staff/whatsapp/{sent.id}/resend", follow_redirects=True)
    assert "Only a failed message can be sent again, once." in response.get_data(as_text=True)
    assert client.post("/staff/whatsapp/987654/resend").status_code == 404
    assert len(whatsapp_messages()) == 1


def test_a_buyer_cannot_resend(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    failed = _failed_message(meta, user)
    login(factory.user("buyer"))
    assert client.post(f"/staff/whatsapp/{failed.id}/resend").status_code == 403
    assert len(whatsapp_messages()) == 1
