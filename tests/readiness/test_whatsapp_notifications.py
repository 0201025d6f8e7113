"""Readiness events on the channel each person chose (notifications.notify at the call sites)."""

from datetime import timedelta

from tests.notifications.conftest import (
    emails_to,
    give_number,
    meta_fixture,  # noqa: F401
    whatsapp_messages,
)
from tests.readiness.conftest import NOON, TODAY
from tests.readiness.test_expiry import _ready_food_product
from trading_house.extensions import db
from trading_house.notifications.services import set_preferences
from trading_house.readiness import clinic
from trading_house.readiness.expiry import refresh
from trading_house.readiness.services import review_answer


def test_evidence_verified_and_rejected_reach_whatsapp(meta, ctx, factory, rd):
    rd.template()
    owner = factory.user("sme", preferred_language="en")
    enterprise = factory.enterprise(owner)
    nib = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    bank = rd.answer(enterprise, "ent.bank", state="submitted", certificate_number="0123456789")
    curator = factory.user("curator")
    give_number(owner)
    set_preferences(owner, {"evidence.verified": "whatsapp", "evidence.rejected": "whatsapp"})
    db.session.commit()
    review_answer(nib, "verified", actor=curator)
    review_answer(bank, "rejected", actor=curator, note="Wrong account: not in USD")
    db.session.commit()
    verified, rejected = whatsapp_messages(user_id=owner.id)
    assert verified.template == "evidence_verified"
    assert verified.parameters[0] == nib.item.title_for("en")[:80]
    assert rejected.template == "evidence_rejected"
    assert "Wrong account" not in " ".join(rejected.parameters)
    assert emails_to(owner.email) == []


def test_a_verification_still_sends_no_e_mail_to_people_on_e_mail(meta, ctx, factory, rd):
    rd.template()
    owner = factory.user("sme", preferred_language="en")
    enterprise = factory.enterprise(owner)
    nib = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    review_answer(nib, "verified", actor=factory.user("curator"))
    db.session.commit()
    assert emails_to(owner.email) == [] and whatsapp_messages() == []


def test_a_certificate_reminder_carries_its_date(meta, ctx, factory, rd, frozen):
    frozen(NOON)
    owner, _e, _p, _answer = _ready_food_product(factory, rd, TODAY + timedelta(days=75))
    give_number(owner)
    set_preferences(owner, {"certificate.expiring": "both"})
    db.session.commit()
    frozen(NOON + timedelta(days=15))
    refresh()
    db.session.commit()
    [message] = whatsapp_messages(user_id=owner.id)
    assert message.template == "certificate_expiring"
    expires = TODAY + timedelta(days=75)
    assert message.parameters[1] == f"{expires:%B} {expires.day}, {expires.year}"
    assert len(emails_to(owner.email)) == 1


def test_an_overdue_follow_up_reaches_the_curator_on_whatsapp(meta, ctx, factory, rd, frozen):
    frozen(NOON)
    rd.template()
    curator = factory.user("curator", preferred_language="en")
    enterprise = factory.enterprise(name="UD Markisa Makassar")
    clinic.record_session(
        enterprise,
        curator=curator,
        held_on=TODAY,
        topics=["pricing"],
        advice="Cost the FOB price.",
        follow_ups=[("Send the FOB calculation", TODAY + timedelta(days=7))],
    )
    give_number(curator)
    set_preferences(curator, {"clinic.follow_up_due": "whatsapp"})
    db.session.commit()
    frozen(NOON + timedelta(days=8))
    refresh()
    db.session.commit()
    [message] = whatsapp_messages(user_id=curator.id)
    assert message.parameters[0] == "UD Markisa Makassar"
    assert emails_to(curator.email) == []
