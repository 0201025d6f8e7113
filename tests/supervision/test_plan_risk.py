"""The risk score and the yearly plan: who is riskiest, who gets which examiner, what is left
uncovered, and the capacity an admin sets."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.cooperatives.helpers import cooperative, rat, statement
from tests.supervision.plan_helpers import TODAY, freeze_today, healthy, troubled
from trading_house.cooperatives.models import Cooperative
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.supervision import cases, plan, risk
from trading_house.supervision.plan_models import PlanEntry


@pytest.fixture(autouse=True)
def _today(app):
    freeze_today()


def codes(r):
    return [reason.code for reason in r.reasons]


def test_a_healthy_cooperative_scores_zero(ctx):
    coop = healthy("Sehat Selalu")
    assessed = risk.assess_risk(coop)
    assert assessed.score == 0
    assert codes(assessed) == ["predicate"]


def test_a_troubled_cooperative_has_every_reason_and_is_capped(ctx):
    coop = troubled("Koperasi Bermasalah")
    examiner = plan_examiner()
    cases.log_complaint(
        coop, received_on=TODAY, source="Anggota", summary="Dana hilang", actor=examiner
    )
    db.session.commit()
    assessed = risk.assess_risk(coop)
    assert set(codes(assessed)) == {
        "rat_missed",
        "rat_missed_twice",
        "statement_missing",
        "nik_expired",
        "complaint",
        "predicate",
    }
    assert assessed.score == 100  # 25+15+20+15+10+30 = 115, capped
    assert assessed.missed_rat_twice


def test_late_and_unreported_rat_and_worsening_ratios(ctx):
    coop = cooperative(name="Telat", health_predicate="cukup_sehat")
    rat(coop, 2024, date(2025, 5, 1), reported_on=date(2025, 5, 5))
    rat(coop, 2025, date(2026, 8, 10))  # after 30 June 2026, never reported
    statement(coop, 2024, surplus=60_000_000, non_performing_loans=5_000_000)
    statement(coop, 2025, surplus=5_000_000, non_performing_loans=40_000_000)
    assessed = risk.assess_risk(coop)
    reasons = {r.code: r for r in assessed.reasons}
    assert set(reasons) == {"rat_late", "rat_not_reported", "ratio_worse", "predicate"}
    assert "npl_ratio" in reasons["ratio_worse"].data["ratios"]
    assert "return_on_assets" in reasons["ratio_worse"].data["ratios"]
    assert "RAT for 2025 held late" in reasons["rat_late"].text()
    assert assessed.score == 10 + 5 + reasons["ratio_worse"].points + 10


def test_a_young_cooperative_owes_no_rat_for_years_before_it_existed(ctx):
    coop = cooperative(name="Baru", founded_on=date(2026, 2, 1), health_predicate=None)
    assert codes(risk.assess_risk(coop)) == ["never_examined"]


def test_a_draft_statement_counts_as_missing(ctx):
    coop = cooperative(name="Draf", health_predicate="sehat")
    for year in (2024, 2025):
        rat(coop, year, date(year + 1, 4, 20), reported_on=date(year + 1, 5, 1))
    statement(coop, 2024)
    statement(coop, 2025, status="draft")
    assert codes(risk.assess_risk(coop)) == ["statement_missing", "predicate"]


def plan_examiner(name="Pak Pengawas", **fields):
    from tests.factories import Factory

    return Factory().user("examiner", display_name=name, **fields)


def test_the_plan_ranks_by_risk_and_leaves_the_least_risky_uncovered(ctx, factory):
    admin = factory.user("admin")
    first = plan_examiner("Andi")
    second = plan_examiner("Besse")
    plan.set_capacity(first, 1, actor=admin)
    plan.set_capacity(second, 1, actor=admin)
    worst = troubled("A Terburuk")
    middle = cooperative(name="B Sedang", health_predicate="dalam_pengawasan")
    best = healthy("C Terbaik")
    outside = cooperative(name="D Lintas Provinsi", membership_regencies=["7318", "7604"])
    db.session.commit()

    built = plan.build_plan(2026, actor=admin)
    db.session.commit()
    entries = db.session.scalars(
        select(PlanEntry).where(PlanEntry.plan_id == built.id).order_by(PlanEntry.rank)
    ).all()
    assert [e.cooperative_id for e in entries] == [worst.id, middle.id, best.id]
    assert entries[0].examiner_id is not None and entries[1].examiner_id is not None
    assert {entries[0].examiner_id, entries[1].examiner_id} == {first.id, second.id}
    assert entries[2].examiner_id is None  # uncovered: no capacity left
    assert db.session.get(Cooperative, worst.id).assigned_examiner_id == entries[0].examiner_id
    assert db.session.get(Cooperative, best.id).assigned_examiner_id is None
    assert outside.id not in {e.cooperative_id for e in entries}  # the ministry's


def test_rebuilding_keeps_an_examiner_while_they_have_room(ctx, factory):
    admin = factory.user("admin")
    andi = plan_examiner("Andi")
    besse = plan_examiner("Besse")
    coop = troubled("Kopi")
    coop.assigned_examiner_id = besse.id
    db.session.commit()
    plan.build_plan(2026, actor=admin)
    db.session.commit()
    assert db.session.get(Cooperative, coop.id).assigned_examiner_id == besse.id
    again = plan.build_plan(2026, actor=admin)
    db.session.commit()
    assert len(again.entries) == 1  # rebuilt, not doubled
    assert andi.id != besse.id


def test_assigning_over_capacity_is_refused_with_a_message(ctx, factory):
    admin = factory.user("admin")
    andi = plan_examiner("Andi")
    plan.set_capacity(andi, 1, actor=admin)
    troubled("Satu")
    troubled("Dua")
    db.session.commit()
    built = plan.build_plan(2026, actor=admin)
    db.session.commit()
    uncovered = next(e for e in built.entries if e.examiner_id is None)
    with pytest.raises(DomainError) as error:
        plan.assign_entry(uncovered, andi.id, actor=admin)
    assert "already carries 1 cooperatives" in str(error.value.message)


def test_capacity_cannot_drop_below_the_current_load(ctx, factory):
    admin = factory.user("admin")
    andi = plan_examiner("Andi")
    troubled("Satu")
    troubled("Dua")
    db.session.commit()
    plan.build_plan(2026, actor=admin)
    db.session.commit()
    with pytest.raises(DomainError) as error:
        plan.set_capacity(andi, 1, actor=admin)
    assert "already carries 2" in str(error.value.message)
    with pytest.raises(DomainError):
        plan.set_capacity(andi, -3, actor=admin)


def test_admin_builds_and_examiner_reads_the_plan_pages(client, login, factory):
    admin = factory.user("admin")
    examiner = plan_examiner("Andi")
    troubled("Koperasi Bermasalah")
    healthy("Koperasi Sehat")
    login(admin)
    assert client.post("/pengawasan/rencana/susun", data={"year": "1999"}).status_code == 422
    response = client.post("/pengawasan/rencana/susun", data={"year": "2026"})
    assert response.status_code == 302
    page = client.get("/pengawasan/rencana?year=2026").get_data(as_text=True)
    assert page.index("Koperasi Bermasalah") < page.index("Koperasi Sehat")
    assert "Annual members" in page or "RAT" in page
    assert "Every cooperative is covered." in page
    response = client.post(f"/pengawasan/pemeriksa/{examiner.id}", data={"capacity": "abc"})
    assert response.status_code == 422
    response = client.post(f"/pengawasan/pemeriksa/{examiner.id}", data={"capacity": "0"})
    assert response.status_code == 422
    assert "already carries 2" in response.get_data(as_text=True)
    client.post("/logout")
    login(examiner)
    assert client.get("/pengawasan/rencana?year=2026&show=mine").status_code == 200
    assert client.post("/pengawasan/rencana/susun", data={"year": "2026"}).status_code == 403
    assert client.get("/pengawasan/pemeriksa").status_code == 403
