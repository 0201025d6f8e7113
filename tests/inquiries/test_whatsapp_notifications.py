"""Inquiry events on the channel each person chose (notifications.notify at the call sites)."""

from tests.notifications.conftest import (
    emails_to,
    give_number,
    meta_fixture,  # noqa: F401
    whatsapp_messages,
)
from trading_house.extensions import db
from trading_house.notifications.services import set_preferences


def test_a_seller_on_whatsapp_hears_of_a_new_inquiry_and_messages_there(
    meta, cast, start_thread, browser_for
):
    give_number(cast.owner, "+6281355550001")
    set_preferences(cast.owner, {"inquiry.new": "whatsapp", "inquiry.message": "whatsapp"})
    db.session.commit()
    inquiry = start_thread()
    [new] = whatsapp_messages(user_id=cast.owner.id)
    assert (new.event, new.template) == ("inquiry.new", "inquiry_new")
    assert new.parameters[0] == inquiry.subject[:60] or new.parameters[0].endswith("…")
    assert new.link_path == f"/inquiries/{inquiry.id}"
    assert not [m for m in emails_to(cast.owner.email) if m.subject.startswith("New inquiry")]
    # The other member kept e-mail.
    assert [m for m in emails_to(cast.staff.email) if m.subject.startswith("New inquiry")]

    browser_for(cast.owner).post(f"/inquiries/{inquiry.id}/read")
    browser_for(cast.buyer).post(f"/inquiries/{inquiry.id}/messages", data={"body": "Any news?"})
    messages = whatsapp_messages(user_id=cast.owner.id, event="inquiry.message")
    assert len(messages) == 1
    assert "Any news?" not in " ".join(messages[0].parameters)  # no private text on WhatsApp


def test_a_buyer_on_both_channels_gets_the_quotation_twice(
    meta, cast, start_thread, send_quotation
):
    give_number(cast.buyer, "+6281355550002")
    set_preferences(cast.buyer, {"quotation.received": "both"})
    db.session.commit()
    inquiry = start_thread()
    send_quotation(inquiry)
    [message] = whatsapp_messages(user_id=cast.buyer.id)
    assert message.template == "quotation_received"
    assert [m for m in emails_to(cast.buyer.email) if m.subject.startswith("Quotation")]


def test_none_means_nothing(meta, cast, start_thread):
    set_preferences(cast.owner, {"inquiry.new": "none"})
    db.session.commit()
    start_thread()
    assert not [m for m in emails_to(cast.owner.email) if m.subject.startswith("New inquiry")]
    assert whatsapp_messages(user_id=cast.owner.id) == []
