"""Every event × every channel choice: who gets an e-mail, who gets a WhatsApp message."""

import pytest

from tests.notifications.conftest import emails_to, give_number, whatsapp_messages
from trading_house.extensions import db
from trading_house.notifications.events import EVENTS, offered_events
from trading_house.notifications.services import Email, notify, set_preferences
from trading_house.notifications.templates import TEMPLATES

EXPECTED = {"email": (1, 1), "whatsapp": (0, 1), "both": (1, 1), "none": (0, 0)}


def _params(event_key):
    template = TEMPLATES[EVENTS[event_key].template]
    return {p.name: f"{p.name} value"[: p.max_length] for p in template.params if p.name != "link"}


def _notify(user, event_key):
    result = notify(
        user,
        event_key,
        email=Email("Subject", "whatsapp_fallback", reader=user, text="What happened"),
        link="https://rumahdagang.test/orders/RD-1",
        **_params(event_key),
    )
    db.session.commit()
    return result


@pytest.mark.parametrize("channel", ["email", "whatsapp", "both", "none"])
@pytest.mark.parametrize("event_key", [event.key for event in offered_events()])
def test_each_event_goes_where_the_person_chose(meta, factory, event_key, channel):
    user = factory.user()
    give_number(user)
    set_preferences(user, {event_key: channel})
    db.session.commit()
    _notify(user, event_key)
    wants_email, _ = EXPECTED[channel]
    assert len(emails_to(user.email)) == wants_email
    sent = whatsapp_messages(user_id=user.id)
    if channel in ("whatsapp", "both"):
        [message] = sent
        assert message.status == "pending"
        assert message.template == EVENTS[event_key].template
        assert message.recipient == "+6281234567890"
        assert message.parameters[-1] == "https://rumahdagang.test/orders/RD-1"
        assert message.link_path == "/orders/RD-1"
    else:
        assert sent == []


def test_without_a_choice_it_is_e_mail_as_before(meta, factory):
    user = factory.user()
    give_number(user)
    _notify(user, "order.paid")
    assert len(emails_to(user.email)) == 1
    assert whatsapp_messages() == []


def test_a_number_that_is_not_verified_gets_nothing_and_the_e_mail_goes(meta, factory):
    user = factory.user()
    give_number(user, verified=False, opted_in=False)
    set_preferences(user, {"order.paid": "whatsapp"})
    _notify(user, "order.paid")
    assert whatsapp_messages() == []
    assert len(emails_to(user.email)) == 1


def test_without_an_opt_in_the_message_is_refused_and_the_e_mail_goes(meta, factory):
    user = factory.user()
    give_number(user, opted_in=False)
    set_preferences(user, {"order.paid": "whatsapp"})
    _notify(user, "order.paid")
    [message] = whatsapp_messages()
    assert (message.status, message.last_error) == ("refused", "not opted in")
    assert len(emails_to(user.email)) == 1


def test_someone_who_opted_out_is_refused_recorded_and_e_mailed(meta, factory):
    user = factory.user()
    give_number(user, opted_out=True)
    set_preferences(user, {"order.paid": "whatsapp"})
    _notify(user, "order.paid")
    [message] = whatsapp_messages()
    assert (message.status, message.last_error) == ("refused", "opted out")
    assert meta.requests == []
    assert len(emails_to(user.email)) == 1


def test_with_the_channel_off_whatsapp_choices_get_e_mail(factory):
    user = factory.user()
    give_number(user)
    set_preferences(user, {"order.paid": "whatsapp"})
    _notify(user, "order.paid")
    assert whatsapp_messages() == []
    assert len(emails_to(user.email)) == 1


def test_the_choices_are_saved_from_the_settings_page(meta, factory, client, login):
    from trading_house.notifications.forms import field_name
    from trading_house.notifications.services import preferences_of

    user = factory.user()
    login(user)
    data = {field_name(event.key): "email" for event in offered_events()}
    data[field_name("order.shipped")] = "both"
    data[field_name("inquiry.message")] = "none"
    response = client.post("/account/notifications", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    chosen = preferences_of(user)
    assert chosen["order.shipped"] == "both"
    assert chosen["inquiry.message"] == "none"
    assert chosen["order.paid"] == "email"
    page = client.get("/account/notifications").get_data(as_text=True)
    assert '<option selected value="both">' in page

    data[field_name("order.paid")] = "carrier-pigeon"
    response = client.post("/account/notifications", data=data)
    assert response.status_code == 422
    assert preferences_of(user)["order.paid"] == "email"


def test_examination_events_have_templates_but_are_not_offered_yet():
    for key in ("examination.scheduled", "examination.report_issued"):
        assert EVENTS[key].template in TEMPLATES
        assert key not in {event.key for event in offered_events()}


def test_people_are_offered_only_the_events_that_can_reach_them(meta, factory, client, login):
    buyer = factory.user("buyer")
    login(buyer)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "An order is shipped" in page
    assert "A listing is approved" not in page and "A clinic follow-up is due" not in page
    seller = factory.user("sme")
    login(seller)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "A listing is approved" in page and "A paid order waits for your business" in page
    assert "A clinic follow-up is due" not in page


def test_with_the_channel_off_the_page_offers_only_e_mail_or_nothing(factory, client, login):
    """QA: with WhatsApp off the page said "we use e-mail" yet offered "WhatsApp" for each event."""
    from trading_house.notifications.forms import field_name
    from trading_house.notifications.services import preferences_of

    user = factory.user("buyer")
    give_number(user)
    set_preferences(user, {"order.paid": "whatsapp", "order.shipped": "both"})
    db.session.commit()
    login(user)
    page = client.get("/account/notifications?lang=en").get_data(as_text=True)
    assert "WhatsApp notifications are not available on this site yet" in page
    assert 'value="whatsapp"' not in page and 'value="both"' not in page
    assert '<option value="none">Nothing</option>' in page
    # What really happens is shown: those events go by e-mail.
    assert page.count('<option selected value="email">') == len(offered_events(user))

    data = {field_name(event.key): "email" for event in offered_events(user)}
    data[field_name("order.placed")] = "none"
    assert client.post("/account/notifications", data=data).status_code == 302
    db.session.expire_all()
    assert preferences_of(user)["order.placed"] == "none"
    data[field_name("order.paid")] = "whatsapp"
    assert client.post("/account/notifications", data=data).status_code == 422
