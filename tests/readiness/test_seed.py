"""The demo seed makes every grade appear, fills the queue, and leaves a certificate expiring."""

from datetime import timedelta

from sqlalchemy import func, select

from trading_house.extensions import db
from trading_house.readiness import seed, verified
from trading_house.readiness.clinic import overdue_follow_ups
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import (
    ClinicFollowUp,
    ClinicSession,
    EnterpriseGrade,
    GradeChange,
    ReadinessAnswer,
)
from trading_house.readiness.scoring import assess_enterprise_all
from trading_house.readiness.services import verification_queue


def test_seed_demo_shows_grades_a_to_d(ctx, factory):
    coffee = factory.category("Kopi & Teh", slug="kopi-teh")
    food = factory.category("Makanan Olahan", slug="makanan-olahan")
    crafts = factory.category("Kerajinan", slug="kerajinan")
    wood = factory.category("Kayu", parent=crafts, slug="kerajinan-kayu")
    textile = factory.category("Tenun", slug="tenun-sutra")
    factory.user("curator")
    for index, (category, hs) in enumerate(
        [
            (coffee, "09011110"),
            (food, "20098990"),
            (wood, "44201100"),
            (textile, "62114200"),
            (coffee, "09012120"),
            (food, "19059090"),
        ]
    ):
        enterprise = factory.enterprise(regency_code=("7318", "7371", "7306", "7313")[index % 4])
        factory.product(enterprise, category=category, hs_code=hs)
        factory.product(enterprise, category=category, hs_code=hs)
    seed.seed_demo()
    db.session.commit()

    grades = set(db.session.scalars(select(EnterpriseGrade.grade)))
    assert grades == {"A", "B", "C", "D"}
    for enterprise_grade in db.session.scalars(select(EnterpriseGrade)):
        enterprise = enterprise_grade.enterprise_id
        from trading_house.enterprises.models import Enterprise

        fresh = assess_enterprise_all(db.session.get(Enterprise, enterprise)).enterprise
        assert fresh.grade == enterprise_grade.grade  # the cache matches the answers
    soon = local_today() + timedelta(days=25)
    assert (
        db.session.scalar(
            select(func.count(ReadinessAnswer.id)).where(
                ReadinessAnswer.state == "verified", ReadinessAnswer.expires_on == soon
            )
        )
        == 1
    )
    assert verification_queue()
    assert (
        db.session.scalar(
            select(func.count(ReadinessAnswer.id)).where(ReadinessAnswer.state == "rejected")
        )
        >= 1
    )
    assert db.session.scalar(select(func.count(ClinicSession.id))) >= 2
    # verify once: every verified answer shows its one record; the demo "upload NIB" follow-up
    # is tied to the NIB item and is never overdue once NIB is verified
    assert not db.session.scalars(
        select(ReadinessAnswer).where(
            ReadinessAnswer.state == "verified", ReadinessAnswer.verified_document_id.is_(None)
        )
    ).all()
    nib_follow_ups = db.session.scalars(
        select(ClinicFollowUp).where(ClinicFollowUp.item_code == "ent.nib")
    ).all()
    assert nib_follow_ups
    for follow_up in nib_follow_ups:
        held = verified.valid_document(follow_up.session.enterprise_id, "ent.nib")
        assert (follow_up.done_at is not None) == (held is not None)
    overdue = {f.id for f in overdue_follow_ups()}
    assert all(f.id not in overdue for f in nib_follow_ups if f.done_at)
    # a history over time: grade changes on more than one day
    days = {c.changed_at.date() for c in db.session.scalars(select(GradeChange))}
    assert len(days) > 3
    # running it again adds nothing
    answers = db.session.scalar(select(func.count(ReadinessAnswer.id)))
    seed.seed_demo()
    assert db.session.scalar(select(func.count(ReadinessAnswer.id))) == answers
