"""Supervision in the marketplace: the pooled-deal minimum an admin sets, the predicate on a
cooperative seller's public page, and the reminders sent through the outbox."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.cooperatives.helpers import cooperative, rat, statement
from tests.inquiries.conftest import browser_for, cast, outbox  # noqa: F401 - fixtures
from tests.inquiries.test_rfq import posted  # noqa: F401 - fixture
from tests.supervision.plan_helpers import freeze_today
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.inquiries.quotation_models import Pool, PoolLine
from trading_house.supervision import cases, plan_settings, reminders


def test_pooled_deals_can_require_cukup_sehat(cast, posted, browser_for):  # noqa: F811
    coop = cooperative(
        name="Koperasi Kopi Toraja",
        enterprise_id=cast.enterprise.id,
        health_predicate="dalam_pengawasan",
    )
    admin = browser_for(cast.admin)
    assert (
        admin.post("/pengawasan/pengaturan", data={"pool_min_predicate": "bogus"}).status_code
        == 422
    )
    assert (
        admin.post("/pengawasan/pengaturan", data={"pool_min_predicate": "cukup_sehat"}).status_code
        == 302
    )
    curator = browser_for(cast.curator)
    curator.post(f"/inquiries/requests/{posted.id}/pools", data={"currency": "IDR", "margin": "10"})
    pool = db.session.scalar(select(Pool))
    line = {"product_id": cast.product.id, "quantity": "3000", "unit_cost": "162.500"}
    refused = curator.post(f"/inquiries/pools/{pool.id}/lines", data=line, follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "Koperasi Kopi Toraja is rated “Dalam Pengawasan”" in text
    assert "at least “Cukup Sehat”" in text
    assert db.session.scalar(select(PoolLine)) is None

    coop.health_predicate = "cukup_sehat"
    db.session.commit()
    assert curator.post(f"/inquiries/pools/{pool.id}/lines", data=line).status_code == 302
    pool_line = db.session.scalar(select(PoolLine))
    # Rated down before the enterprise confirms: the confirmation is refused too.
    coop.health_predicate = "dalam_pengawasan_khusus"
    db.session.commit()
    owner = browser_for(cast.owner)
    answer = owner.post(
        f"/inquiries/pool-lines/{pool_line.id}/answer",
        data={"decision": "confirm", "quantity": "3000", "unit_cost": "162.500"},
        follow_redirects=True,
    )
    assert "pooled export deals need a cooperative rated" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PoolLine, pool_line.id).status == "requested"
    # An enterprise that is not a supervised cooperative is never refused.
    assert plan_settings.check_pool_line(enterprise_id=cast.other_enterprise.id) is None


def test_the_public_page_shows_the_predicate_and_nothing_private(client, factory):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, legal_form="koperasi", name="Koperasi Sutra Wajo")
    coop = cooperative(
        name="Koperasi Sutra Wajo",
        enterprise_id=enterprise.id,
        health_predicate="cukup_sehat",
        predicate_rated_on=date(2026, 3, 2),
    )
    cases.log_complaint(
        coop,
        received_on=date(2026, 3, 1),
        source="Anggota",
        summary="Rahasia internal",
        actor=factory.user("admin"),
    )
    db.session.commit()
    page = client.get(f"/e/{enterprise.slug}?lang=en").get_data(as_text=True)
    assert 'data-testid="cooperative-health"' in page and "Cukup Sehat" in page
    assert "Rahasia internal" not in page
    plain = factory.enterprise(factory.user("sme"), name="UD Biasa")
    assert "cooperative-health" not in client.get(f"/e/{plain.slug}").get_data(as_text=True)


def _outbox(recipient):
    return db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.recipient == recipient).order_by(OutboxEmail.id)
    ).all()


def test_officers_are_reminded_before_and_after_the_deadline_once(app, ctx, factory):
    officer = factory.user("coop_officer", email="ketua@koperasi.id")
    done = factory.user("coop_officer", email="ketua@rajin.id")
    late = cooperative(officer, name="Koperasi Lalai")
    diligent = cooperative(done, name="Koperasi Rajin")
    rat(diligent, 2026 - 1, date(2026, 3, 1))
    statement(diligent, 2025)
    assert reminders.stage_for(date(2026, 3, 1), date(2026, 6, 30)) is None
    freeze_today(date(2026, 5, 15))  # 46 days before 30 June
    assert reminders.remind().officers == 1
    assert reminders.remind().officers == 0  # once per stage
    freeze_today(date(2026, 6, 20))
    assert reminders.remind().officers == 1
    freeze_today(date(2026, 7, 2))
    assert reminders.remind().officers == 1
    db.session.commit()
    mails = _outbox(officer.email)
    assert len(mails) == 3 and "Overdue" in mails[-1].subject
    assert "Koperasi Lalai" in mails[0].body_text and "the RAT" in mails[0].body_text
    assert _outbox(done.email) == []
    assert late.id != diligent.id


def test_examiners_hear_of_overdue_recommendations_and_visits_once(app, ctx, factory):
    examiner = factory.user("examiner", email="pengawas@example.id")
    coop = cooperative(name="Koperasi Bermasalah")
    freeze_today(date(2026, 9, 1))
    case = cases.open_case(coop, trigger="referral", note="Dinas", actor=examiner)
    cases.add_recommendation(
        case,
        track="finance",
        text="Audit kas",
        owner="Bendahara",
        due_on=date(2026, 9, 10),
        actor=examiner,
    )
    cases.plan_visit(case, planned_on=date(2026, 9, 5), actor=examiner)
    db.session.commit()
    freeze_today(date(2026, 9, 11))
    sent = reminders.remind()
    assert (sent.recommendations, sent.visits) == (1, 1)
    again = reminders.remind()
    assert (again.recommendations, again.visits) == (0, 0)
    db.session.commit()
    bodies = [m.body_text for m in _outbox(examiner.email)]
    assert any("Audit kas" in b for b in bodies)
    assert all("/pengawasan/kasus/" in b for b in bodies)


def test_the_remind_command_runs(app, factory):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["supervision", "remind"])
    assert result.exit_code == 0, result.output
    assert "Queued" in result.output
    assert timedelta(days=1)
