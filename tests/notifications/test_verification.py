"""A WhatsApp number is verified by a code sent to it, before anything else is sent to it."""

import re
from datetime import timedelta

from sqlalchemy import select

from tests.notifications.conftest import emails_to, whatsapp_messages
from trading_house.core import clock
from trading_house.core.clock import utcnow
from trading_house.extensions import db
from trading_house.notifications.models import WhatsAppNumber
from trading_house.notifications.outbox import send_due


def _number(user):
    db.session.expire_all()
    return db.session.scalar(select(WhatsAppNumber).where(WhatsAppNumber.user_id == user.id))


def _ask_code(client, phone="0812-3456-7890"):
    return client.post("/account/whatsapp/number", data={"phone": phone})


def _code_sent(meta, e164="+6281234567890") -> str:
    send_due()
    return meta.texts_to(e164)[-1][0]


def test_a_local_mobile_number_gets_a_code_and_the_right_code_verifies_it(
    meta, factory, client, login
):
    user = factory.user()
    login(user)
    response = _ask_code(client)
    assert response.status_code == 302
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "We sent a six-digit code to 0812-3456-7890" in page

    code = _code_sent(meta)
    assert re.fullmatch(r"\d{6}", code)
    assert meta.bodies()[0]["template"]["name"] == "verification_code"
    number = _number(user)
    assert number.phone_e164 == "+6281234567890"
    assert number.code_hash and code not in number.code_hash
    # The code is not kept in clear in the outbox either, once it left.
    [message] = whatsapp_messages(user_id=user.id)
    assert message.status == "sent" and code not in message.parameters

    response = client.post("/account/whatsapp/verify", data={"code": code})
    assert response.status_code == 302
    assert _number(user).verified
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Your WhatsApp number 0812-3456-7890 is verified." in page


def test_an_international_form_is_the_same_number(meta, factory, client, login):
    login(factory.user())
    _ask_code(client, "0062 812 3456 7890")
    [message] = whatsapp_messages()
    assert message.recipient == "+6281234567890"


def test_a_landline_is_refused_with_a_clear_message(meta, factory, client, login):
    login(factory.user())
    response = _ask_code(client, "0411-362-1234")  # a Makassar landline
    assert response.status_code == 422
    assert "Enter a mobile number: WhatsApp does not work on a landline." in response.get_data(
        as_text=True
    )
    assert whatsapp_messages() == []


def test_digits_that_are_no_number_are_refused(meta, factory, client, login):
    login(factory.user())
    response = _ask_code(client, "12345")
    assert response.status_code == 422
    assert "not a valid phone number" in response.get_data(as_text=True)
    assert whatsapp_messages() == []


def test_a_wrong_code_counts_down_and_five_wrong_codes_void_the_code(meta, factory, client, login):
    user = factory.user()
    login(user)
    _ask_code(client)
    code = _code_sent(meta)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/account/whatsapp/verify", data={"code": wrong})
    assert response.status_code == 422
    assert "That code is not right. 4 tries left." in response.get_data(as_text=True)
    for _ in range(4):
        response = client.post("/account/whatsapp/verify", data={"code": wrong})
    assert "Too many wrong codes. Ask for a new code." in response.get_data(as_text=True)
    response = client.post("/account/whatsapp/verify", data={"code": code})
    assert "Too many wrong codes" in response.get_data(as_text=True)
    assert not _number(user).verified
    assert _number(user).code_attempts == 5


def test_an_expired_code_is_refused(meta, factory, client, login):
    user = factory.user()
    login(user)
    _ask_code(client)
    code = _code_sent(meta)
    clock.freeze(utcnow() + timedelta(minutes=10, seconds=1))
    response = client.post("/account/whatsapp/verify", data={"code": code})
    assert response.status_code == 422
    assert "This code has expired. Ask for a new code." in response.get_data(as_text=True)
    assert not _number(user).verified


def test_a_new_code_waits_a_minute_and_at_most_five_go_out_per_hour(meta, factory, client, login):
    user = factory.user()
    login(user)
    start = utcnow()
    clock.freeze(start)
    _ask_code(client)
    client.post("/account/whatsapp/resend")
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "A code was just sent. Wait a minute before asking for another." in page
    assert len(whatsapp_messages()) == 1
    for minute in range(1, 6):
        clock.freeze(start + timedelta(minutes=minute))
        client.post("/account/whatsapp/resend")
    assert len(whatsapp_messages()) == 5
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Too many codes were sent to this number. Try again in an hour." in page
    clock.freeze(start + timedelta(minutes=61))
    client.post("/account/whatsapp/resend")
    assert len(whatsapp_messages()) == 6


def test_only_the_newest_code_works(meta, factory, client, login):
    user = factory.user()
    login(user)
    start = utcnow()
    clock.freeze(start)
    _ask_code(client)
    first = _code_sent(meta)
    clock.freeze(start + timedelta(minutes=2))
    client.post("/account/whatsapp/resend")
    second = _code_sent(meta)
    if first != second:
        client.post("/account/whatsapp/verify", data={"code": first})
        assert not _number(user).verified
    client.post("/account/whatsapp/verify", data={"code": second})
    assert _number(user).verified


def test_without_whatsapp_settings_the_page_says_the_channel_is_off(factory, client, login):
    login(factory.user())
    page = client.get("/account/notifications").get_data(as_text=True)
    assert 'data-testid="whatsapp-off"' in page
    assert 'data-testid="phone-form"' not in page
    account = client.get("/account").get_data(as_text=True)
    assert "WhatsApp notifications are not available on this site yet" in account
    response = _ask_code(client)
    assert whatsapp_messages() == []
    assert response.status_code == 422


def test_opt_in_needs_the_box_ticked_and_records_who_when_and_which_text(
    meta, factory, client, login
):
    from trading_house.notifications.models import WhatsAppConsent

    user = factory.user()
    login(user)
    _ask_code(client)
    client.post("/account/whatsapp/verify", data={"code": _code_sent(meta)})
    response = client.post("/account/whatsapp/opt-in", data={})
    assert response.status_code == 422
    assert "Tick the box to agree." in response.get_data(as_text=True)
    assert not _number(user).opted_in
    client.post("/account/whatsapp/opt-in", data={"agree": "y"})
    number = _number(user)
    assert number.opted_in and number.consent_version == "2026-12-v1"
    [consent] = db.session.scalars(select(WhatsAppConsent)).all()
    assert (consent.user_id, consent.action, consent.source) == (user.id, "opt_in", "account")
    assert consent.consent_version == "2026-12-v1"

    client.post("/account/whatsapp/opt-out")
    number = _number(user)
    assert not number.opted_in and number.opted_out_at is not None
    page = client.get("/account/notifications").get_data(as_text=True)
    assert 'data-testid="opted-out"' in page
    assert emails_to(user.email) == []
