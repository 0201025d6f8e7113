"""Staff see the WhatsApp outbox (statuses, errors, fallbacks) and every reply, unknown ones too."""

import json

from tests.notifications.conftest import SECRET, give_number
from tests.notifications.fake_meta import message_payload, sign
from trading_house.extensions import db
from trading_house.notifications.outbox import queue_whatsapp, send_due


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
