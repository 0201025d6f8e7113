"""Expiry: reminders 60 and 30 days ahead (each once), expired certificates, overdue follow-ups,
and ``flask readiness refresh`` being safe to run again and again."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.readiness.conftest import NOON, TODAY
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.readiness import clinic
from trading_house.readiness.expiry import refresh
from trading_house.readiness.models import (
    GradeChange,
    ProductGrade,
    ReadinessAnswer,
    ReadinessAnswerEvent,
)
from trading_house.readiness.scoring import export_ready_product_ids, refresh_all_grades
from trading_house.readiness.services import AnswerInput, save_answer


def _mails():
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def _ready_food_product(factory, rd, expires_on, staff=()):
    cats = rd.categories()
    rd.template()
    owner = factory.user("sme", preferred_language="en")
    enterprise = factory.enterprise(owner, staff=staff)
    product = factory.product(enterprise, category=cats["food"])
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(enterprise, code)
    rd.answer(enterprise, "prod.hs", product=product, certificate_number="19059090")
    rd.answer(enterprise, "prod.halal", product=product)
    answer = rd.answer(
        enterprise,
        "prod.registration",
        product=product,
        certificate_number="MD224713001234",
        expires_on=expires_on,
    )
    refresh_all_grades()
    db.session.commit()
    return owner, enterprise, product, answer


def test_reminders_go_out_at_60_and_30_days_each_once(ctx, factory, rd, frozen):
    frozen(NOON)
    staff = factory.user("sme", preferred_language="id")
    owner, _e, _p, answer = _ready_food_product(factory, rd, TODAY + timedelta(days=75), [staff])
    assert refresh().reminders_60 == 0  # 75 days ahead: too early
    frozen(NOON + timedelta(days=15))  # 60 days left
    result = refresh()
    db.session.commit()
    assert (result.reminders_60, result.reminders_30) == (1, 0)
    mails = _mails()
    assert {m.recipient for m in mails} == {owner.email, staff.email}  # every member, once
    english = next(m for m in mails if m.recipient == owner.email)
    assert "expires in 60 days" in english.subject
    assert "MD224713001234" in english.body_text
    indonesian = next(m for m in mails if m.recipient == staff.email)
    assert indonesian.body_text != english.body_text  # rendered in the member's language
    # the hourly cron runs again and again: nothing more
    for hours in (1, 2, 24):
        frozen(NOON + timedelta(days=15, hours=hours))
        assert refresh().reminders_60 == 0
    frozen(NOON + timedelta(days=40))  # 35 days left: still nothing
    assert (refresh().reminders_60, refresh().reminders_30) == (0, 0)
    frozen(NOON + timedelta(days=45))  # 30 days left
    assert refresh().reminders_30 == 1
    assert refresh().reminders_30 == 0
    db.session.commit()
    assert len(_mails()) == 4
    assert "expires in 30 days" in _mails()[-2].subject + _mails()[-1].subject
    assert answer.state == "verified"


def test_a_certificate_first_seen_inside_30_days_gets_one_reminder(ctx, factory, rd, frozen):
    frozen(NOON)
    _ready_food_product(factory, rd, TODAY + timedelta(days=20))
    result = refresh()
    assert (result.reminders_60, result.reminders_30) == (0, 1)
    frozen(NOON + timedelta(days=1))
    assert (refresh().reminders_60, refresh().reminders_30) == (0, 0)


def test_an_expired_certificate_turns_the_answer_expired_and_removes_the_badge(
    ctx, factory, rd, frozen
):
    frozen(NOON)
    _owner, enterprise, product, answer = _ready_food_product(
        factory, rd, TODAY + timedelta(days=3)
    )
    assert db.session.get(ProductGrade, product.id).grade == "A"
    assert product.id in set(db.session.scalars(export_ready_product_ids()))
    frozen(NOON + timedelta(days=3))  # the last valid day: still fine
    assert refresh().expired == 0
    frozen(NOON + timedelta(days=4))
    result = refresh()
    db.session.commit()
    assert result.expired == 1
    assert answer.state == "expired"
    event = db.session.scalars(
        select(ReadinessAnswerEvent).order_by(ReadinessAnswerEvent.id.desc())
    ).first()
    assert (event.from_state, event.to_state, event.actor_id) == ("verified", "expired", None)
    # registration (weight 4, not mandatory) no longer counts: product pillar 10/14 -> 81 (A)
    assert db.session.get(ProductGrade, product.id).score == 81
    assert any("expired" in m.subject for m in _mails())
    # a second run expires nothing more and sends nothing more
    mails = len(_mails())
    assert refresh().expired == 0
    assert len(_mails()) == mails


def test_expiry_of_a_mandatory_certificate_removes_export_ready(ctx, factory, rd, frozen):
    frozen(NOON)
    cats = rd.categories()
    rd.template(
        items=[
            ("ent.nib", "enterprise", "legal", 10, True, True, "nib", False, ()),
            (
                "prod.registration",
                "product",
                "product",
                4,
                True,
                True,
                "food_registration",
                True,
                ("food",),
            ),
        ]
    )
    enterprise = factory.enterprise()
    product = factory.product(enterprise, category=cats["food"])
    rd.answer(enterprise, "ent.nib", certificate_number="9120001234567")
    rd.answer(
        enterprise,
        "prod.registration",
        product=product,
        certificate_number="MD224713001234",
        expires_on=TODAY,
    )
    refresh_all_grades()
    db.session.commit()
    assert product.id in set(db.session.scalars(export_ready_product_ids()))
    frozen(NOON + timedelta(days=1))
    refresh()
    db.session.commit()
    assert db.session.get(ProductGrade, product.id).grade == "C"
    assert product.id not in set(db.session.scalars(export_ready_product_ids()))
    change = db.session.scalars(
        select(GradeChange)
        .where(GradeChange.product_id == product.id)
        .order_by(GradeChange.id.desc())
    ).first()
    assert (change.from_grade, change.to_grade) == ("A", "C")


def test_renewing_a_certificate_resets_its_reminders(ctx, factory, rd, frozen):
    frozen(NOON)
    owner, enterprise, product, answer = _ready_food_product(
        factory, rd, TODAY + timedelta(days=50)
    )
    assert refresh().reminders_60 == 1
    save_answer(
        enterprise,
        answer.item_id,
        product.id,
        AnswerInput(
            certificate_number="MD224713001234", expires_on=TODAY + timedelta(days=1800), send=True
        ),
        actor=owner,
    )
    db.session.commit()
    assert answer.state == "submitted"
    assert answer.reminded_60_at is None and answer.reminded_30_at is None


def test_overdue_follow_ups_are_flagged_to_the_curator_once(client, login, factory, rd, frozen):
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
    db.session.commit()
    frozen(NOON + timedelta(days=7))
    assert refresh().overdue_flagged == 0  # due today: not overdue yet
    frozen(NOON + timedelta(days=8))
    assert refresh().overdue_flagged == 1
    assert refresh().overdue_flagged == 0
    db.session.commit()
    (mail,) = _mails()
    assert mail.recipient == curator.email
    assert "Send the FOB calculation" in mail.body_text
    login(curator)
    body = client.get("/readiness/verification?lang=en").get_data(as_text=True)
    assert "UD Markisa Makassar" in body and "Send the FOB calculation" in body


def test_the_refresh_command_is_idempotent(app, factory, rd, frozen):
    frozen(NOON)
    with app.app_context():
        _ready_food_product(factory, rd, TODAY + timedelta(days=45))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["readiness", "refresh"])
    assert first.exit_code == 0, first.output
    assert "1 60-day" in first.output
    second = runner.invoke(args=["readiness", "refresh"])
    assert "0 expired, 0 60-day and 0 30-day reminder(s)" in second.output
    assert "0 grade(s) changed" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxEmail.id))) == 1
        reminded = select(func.count(ReadinessAnswer.id)).where(
            ReadinessAnswer.reminded_60_at.is_not(None)
        )
        assert db.session.scalar(reminded) == 1
