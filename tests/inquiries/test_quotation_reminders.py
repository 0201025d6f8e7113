"""Buyers are reminded once before an open quotation lapses (``flask inquiries
remind-expiring``), on the channel they chose for "a quotation is about to expire"."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.notifications.conftest import (
    emails_to,
    give_number,
    meta_fixture,  # noqa: F401
    whatsapp_messages,
)
from trading_house.core.schedule import schedule
from trading_house.extensions import db
from trading_house.inquiries.reminders import remind_expiring_quotations
from trading_house.inquiries.terms import trading_today
from trading_house.notifications.models import ReminderSent
from trading_house.notifications.services import set_preferences


def _reminders(user):
    return [m for m in emails_to(user.email) if "is valid until" in m.subject]


def test_a_buyer_hears_once_by_e_mail_two_days_before(app, cast, start_thread, send_quotation):
    today = trading_today()
    quotation = send_quotation(start_thread(), valid_until=today + timedelta(days=2))
    assert remind_expiring_quotations() == 1
    db.session.commit()
    [email] = _reminders(cast.buyer)
    assert email.subject == (
        f"Quotation {quotation.number} is valid until {quotation.valid_until.isoformat()}"
    )
    assert "Accept or decline it before then" in email.body_text  # the buyer reads English
    assert f"/inquiries/{quotation.inquiry_id}#q{quotation.id}" in email.body_text
    assert remind_expiring_quotations() == 0, "once per quotation"
    db.session.commit()
    assert len(_reminders(cast.buyer)) == 1
    assert _reminders(cast.owner) == [], "the seller is not reminded"


def test_not_yet_three_days_before_nor_after_it_lapsed(app, cast, start_thread, send_quotation):
    today = trading_today()
    quotation = send_quotation(start_thread(), valid_until=today + timedelta(days=3))
    assert remind_expiring_quotations() == 0
    assert remind_expiring_quotations(today + timedelta(days=4)) == 0, "already past"
    assert remind_expiring_quotations(today + timedelta(days=1)) == 1
    db.session.commit()
    assert db.session.scalar(select(func.count(ReminderSent.id))) == 1
    assert quotation.status == "sent"


def test_the_setting_sets_the_days_and_zero_switches_it_off(
    app, cast, start_thread, send_quotation, monkeypatch
):
    send_quotation(start_thread(), valid_until=trading_today() + timedelta(days=5))
    monkeypatch.setitem(app.config, "QUOTATION_REMINDER_DAYS", 0)
    assert remind_expiring_quotations() == 0
    monkeypatch.setitem(app.config, "QUOTATION_REMINDER_DAYS", 5)
    assert remind_expiring_quotations() == 1


def test_a_decided_quotation_is_not_reminded(app, cast, start_thread, send_quotation):
    from trading_house.inquiries import quotations

    quotation = send_quotation(start_thread(), valid_until=trading_today() + timedelta(days=1))
    quotations.decline_quotation(quotation, cast.buyer, reason="Too expensive")
    db.session.commit()
    assert remind_expiring_quotations() == 0


def test_a_buyer_on_whatsapp_gets_the_template_not_the_e_mail(
    app, meta, cast, start_thread, send_quotation
):
    give_number(cast.buyer, "+6281355550003")
    set_preferences(cast.buyer, {"quotation.expiring": "whatsapp"})
    db.session.commit()
    inquiry = start_thread()
    quotation = send_quotation(inquiry, valid_until=trading_today() + timedelta(days=2))
    assert remind_expiring_quotations() == 1
    db.session.commit()
    [message] = whatsapp_messages(user_id=cast.buyer.id, event="quotation.expiring")
    assert message.template == "quotation_expiring"
    assert message.status == "pending"
    assert message.parameters[1] == quotation.valid_until.isoformat()
    assert message.parameters[2].endswith(f"/inquiries/{inquiry.id}#q{quotation.id}")
    assert message.link_path == f"/inquiries/{inquiry.id}"
    assert _reminders(cast.buyer) == []


def test_the_command_is_scheduled_daily_and_reports(app, cast, start_thread, send_quotation):
    assert "inquiries remind-expiring" in {job.name for job in schedule(app)}
    send_quotation(start_thread(), valid_until=trading_today())
    result = app.test_cli_runner().invoke(args=["inquiries", "remind-expiring"])
    assert result.exit_code == 0, result.output
    assert "1 buyer(s) reminded" in result.output
    again = app.test_cli_runner().invoke(args=["inquiries", "remind-expiring"])
    assert "0 buyer(s) reminded" in again.output
    db.session.expire_all()
    assert len(_reminders(cast.buyer)) == 1
