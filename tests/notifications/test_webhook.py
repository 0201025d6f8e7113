"""Meta's webhook: the handshake, signatures, retried and out-of-order statuses, the e-mail
fallback, and replies (to the inbox, or "STOP")."""

import json

from sqlalchemy import select

from tests.notifications.conftest import (
    SECRET,
    VERIFY_TOKEN,
    emails_to,
    give_number,
    whatsapp_messages,
)
from tests.notifications.fake_meta import message_payload, sign, status_payload
from trading_house.curation.models import Notification
from trading_house.extensions import db
from trading_house.notifications.models import WhatsAppReply
from trading_house.notifications.outbox import queue_whatsapp, send_due
from trading_house.notifications.services import set_preferences

LINK = "https://rumahdagang.test/inquiries/7"


def _post(client, payload, *, secret=SECRET, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not False:
        headers["X-Hub-Signature-256"] = signature or sign(body, secret)
    return client.post("/webhooks/whatsapp", data=body, headers=headers)


def _sent_message(user, event="inquiry.message", template="inquiry_message"):
    queue_whatsapp(user, event, template, ["Kopi Toraja 2 ton", LINK], link=LINK)
    db.session.commit()
    send_due()
    [message] = whatsapp_messages(user_id=user.id)
    return message


# --- handshake -----------------------------------------------------------------------------------


def test_the_handshake_echoes_the_challenge_for_the_right_token(meta, client):
    response = client.get(
        "/webhooks/whatsapp",
        query_string={
            "hub.mode": "subscribe",
            "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "1158201444"


def test_the_handshake_refuses_a_wrong_token(meta, client):
    response = client.get(
        "/webhooks/whatsapp",
        query_string={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert response.status_code == 403
    assert "1" not in response.get_data(as_text=True)


def test_without_settings_the_webhook_does_not_exist(client):
    assert client.get("/webhooks/whatsapp").status_code == 404
    assert _post(client, status_payload("wamid.X", "sent")).status_code == 404


# --- signatures ----------------------------------------------------------------------------------


def test_a_signed_status_is_recorded(meta, factory, client):
    user = factory.user()
    give_number(user)
    message = _sent_message(user)
    response = _post(client, status_payload(message.provider_message_id, "delivered"))
    assert response.status_code == 200
    assert response.get_json()["outcomes"] == ["delivered"]
    [message] = whatsapp_messages()
    assert message.status == "delivered" and message.delivered_at is not None


def test_a_wrong_signature_is_refused_and_changes_nothing(meta, factory, client):
    user = factory.user()
    give_number(user)
    message = _sent_message(user)
    payload = status_payload(message.provider_message_id, "read")
    assert _post(client, payload, secret="not-the-secret").status_code == 403
    body = json.dumps(payload).encode()
    tampered = body.replace(b'"read"', b'"failed"')
    assert _post(client, None, raw=tampered, signature=sign(body, SECRET)).status_code == 403
    assert whatsapp_messages()[0].status == "sent"


def test_a_missing_signature_is_refused(meta, factory, client):
    user = factory.user()
    give_number(user)
    message = _sent_message(user)
    response = _post(client, status_payload(message.provider_message_id, "read"), signature=False)
    assert response.status_code == 403
    assert whatsapp_messages()[0].status == "sent"


def test_a_body_above_the_cap_is_refused_before_it_is_read(meta, client):
    raw = b'{"entry": [], "pad": "' + b"x" * (70 * 1024) + b'"}'
    assert _post(client, None, raw=raw).status_code == 413


def test_signed_rubbish_is_a_bad_request(meta, client):
    assert _post(client, None, raw=b"not json").status_code == 400


# --- retries and order ---------------------------------------------------------------------------


def test_a_replayed_delivery_changes_nothing(meta, factory, client):
    user = factory.user()
    give_number(user)
    message = _sent_message(user, event="order.paid", template="order_paid")
    set_preferences(user, {"order.paid": "whatsapp"})
    db.session.commit()
    payload = status_payload(
        message.provider_message_id, "failed", errors=[{"code": 131047, "title": "Re-engage"}]
    )
    assert _post(client, payload).get_json()["outcomes"] == ["failed"]
    assert _post(client, payload).get_json()["outcomes"] == ["duplicate"]
    [message] = whatsapp_messages()
    assert message.status == "failed"
    assert "131047" in message.last_error
    assert len(emails_to(user.email)) == 1  # one fallback e-mail, not two


def test_statuses_out_of_order_never_move_a_message_back(meta, factory, client):
    user = factory.user()
    give_number(user)
    message = _sent_message(user)
    wamid = message.provider_message_id
    _post(client, status_payload(wamid, "read", ts=1764900300))
    response = _post(client, status_payload(wamid, "delivered", ts=1764900200))
    assert response.get_json()["outcomes"] == ["kept read"]
    _post(client, status_payload(wamid, "sent", ts=1764900100))
    response = _post(client, status_payload(wamid, "failed"))
    assert response.get_json()["outcomes"] == ["ignored: already read"]
    [message] = whatsapp_messages()
    assert message.status == "read"
    assert message.delivered_at is not None and message.read_at is not None
    assert emails_to(user.email) == []


def test_a_status_before_the_sender_saved_the_id_is_applied_afterwards(meta, factory, client):
    user = factory.user()
    give_number(user)
    queue_whatsapp(user, "inquiry.message", "inquiry_message", ["Kopi", LINK], link=LINK)
    db.session.commit()
    # Meta's answer and its "delivered" webhook race; the webhook wins.
    response = _post(client, status_payload("wamid.FAKE-EARLY", "delivered"))
    assert response.get_json()["outcomes"] == ["early"]
    meta.answers.append(
        (200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.FAKE-EARLY"}]})
    )
    send_due()
    [message] = whatsapp_messages()
    assert message.status == "delivered"


# --- replies -------------------------------------------------------------------------------------


def test_a_reply_lands_in_the_inbox_with_a_link_to_the_thread(meta, factory, client, login):
    user = factory.user()
    give_number(user)
    message = _sent_message(user)
    payload = message_payload(
        "wamid.IN1", "Bisa kirim sampel dulu?", context_id=message.provider_message_id
    )
    assert _post(client, payload).get_json()["outcomes"] == ["to inbox"]
    assert _post(client, payload).get_json()["outcomes"] == ["duplicate"]
    [reply] = db.session.scalars(select(WhatsAppReply)).all()
    assert (reply.user_id, reply.in_reply_to_id) == (user.id, message.id)
    [note] = db.session.scalars(select(Notification)).all()
    assert note.kind == "whatsapp_reply" and note.data["link"] == "/inquiries/7"
    login(user)
    page = client.get("/business/inbox").get_data(as_text=True)
    assert "Your reply on WhatsApp: “Bisa kirim sampel dulu?”" in page
    assert 'value="/inquiries/7"' in page


def test_stop_opts_out_and_is_confirmed(meta, factory, client):
    from trading_house.notifications.models import WhatsAppConsent

    user = factory.user()
    give_number(user)
    _sent_message(user)
    response = _post(client, message_payload("wamid.IN2", " stop "))
    assert response.get_json()["outcomes"] == ["opted out"]
    db.session.expire_all()
    number = user and db.session.scalar(
        select(WhatsAppConsent).where(WhatsAppConsent.user_id == user.id)
    )
    assert (number.action, number.source) == ("opt_out", "reply")
    send_due()
    confirmation = whatsapp_messages(template="opt_out_confirmed")
    assert [m.status for m in confirmation] == ["sent"]
    # Nothing else goes to them on WhatsApp.
    set_preferences(user, {"order.paid": "whatsapp"})
    from trading_house.notifications.services import notify

    notify(user, "order.paid", link=LINK, number="RD-1")
    db.session.commit()
    assert whatsapp_messages(template="order_paid")[0].status == "refused"


def test_a_message_from_an_unknown_number_is_kept(meta, ctx, client):
    response = _post(client, message_payload("wamid.IN3", "Halo", sender="6281299998888"))
    assert response.get_json()["outcomes"] == ["kept (unknown sender)"]
    [reply] = db.session.scalars(select(WhatsAppReply)).all()
    assert (reply.sender, reply.user_id, reply.text) == ("+6281299998888", None, "Halo")


def test_stop_from_a_shared_number_stops_every_account_on_it_with_one_confirmation(
    meta, factory, client
):
    mother, son = factory.user(), factory.user()
    give_number(mother)
    give_number(son)
    response = _post(client, message_payload("wamid.IN4", "Stop"))
    assert response.get_json()["outcomes"] == ["opted out"]
    from trading_house.notifications.services import whatsapp_number

    db.session.expire_all()
    assert not whatsapp_number(mother).opted_in and not whatsapp_number(son).opted_in
    assert len(whatsapp_messages(template="opt_out_confirmed")) == 1


def test_a_reply_to_nothing_in_particular_links_to_the_conversations(meta, factory, client):
    user = factory.user()
    give_number(user)
    _post(client, message_payload("wamid.IN5", "Halo, saya mau tanya"))
    [note] = db.session.scalars(select(Notification)).all()
    assert note.data["link"] == "/inquiries/"
