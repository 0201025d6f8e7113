"""Special inspections (bedah koperasi): opened from a true trigger, worked by a team where
clinic experts advise but do not sign, findings with evidence, recommendations, recovery plan,
visits, the sanction ladder one step at a time, and who may see any of it."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from tests.cooperatives.helpers import cooperative
from tests.supervision.plan_helpers import TODAY, freeze_today, healthy, troubled
from trading_house.cooperatives.policies import can_view_records
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.supervision import cases, plan_settings
from trading_house.supervision.case_models import CaseSanction, SpecialCase


@pytest.fixture(autouse=True)
def _today(app):
    freeze_today()


@pytest.fixture
def team(factory):
    class Team:
        examiner = factory.user("examiner", display_name="Pak Andi")
        other_examiner = factory.user("examiner", display_name="Ibu Besse")
        expert = factory.user("curator", display_name="Ibu Kurator")
        admin = factory.user("admin")

    return Team


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_each_trigger_must_be_true(ctx, team):
    coop = healthy("Sehat")
    for trigger in ("missed_rat", "special_supervision", "complaint"):
        with pytest.raises(DomainError):
            cases.open_case(coop, trigger=trigger, actor=team.examiner)
    with pytest.raises(DomainError) as error:
        cases.open_case(coop, trigger="referral", note="  ", actor=team.examiner)
    assert "who referred" in str(error.value.message)
    with pytest.raises(DomainError):
        cases.open_case(coop, trigger="bogus", actor=team.examiner)
    case = cases.open_case(coop, trigger="referral", note="Dinas Kabupaten", actor=team.examiner)
    db.session.commit()
    assert [m.user_id for m in case.members] == [team.examiner.id]
    with pytest.raises(DomainError) as error:
        cases.open_case(coop, trigger="referral", note="again", actor=team.examiner)
    assert "already has an open special inspection" in str(error.value.message)


def test_missed_rat_and_special_supervision_triggers(ctx, team):
    coop = troubled("Bermasalah")
    assert cases.open_case(coop, trigger="missed_rat", actor=team.examiner).trigger == "missed_rat"
    other = cooperative(name="Khusus", health_predicate="dalam_pengawasan_khusus")
    assert cases.open_case(other, trigger="special_supervision", actor=team.admin)
    third = cooperative(name="Diadukan")
    complaint = cases.log_complaint(
        third, received_on=TODAY, source="Anggota", summary="SHU tidak dibagi", actor=team.admin
    )
    with pytest.raises(DomainError):  # another cooperative's complaint
        cases.open_case(other, trigger="complaint", complaint_id=complaint.id, actor=team.admin)
    case = cases.open_case(third, trigger="complaint", complaint_id=complaint.id, actor=team.admin)
    assert case.complaint_id == complaint.id and case.members == []


def test_the_full_case_and_who_signs(ctx, team):
    coop = troubled("Bermasalah")
    plan_settings.ensure_default_ladder()
    case = cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    cases.add_member(case, team.expert.id, actor=team.examiner)
    with pytest.raises(DomainError):
        cases.add_member(case, team.expert.id, actor=team.examiner)  # already on it
    with pytest.raises(DomainError):
        cases.add_member(case, team.admin.id, actor=team.examiner)  # not an examiner/expert
    db.session.commit()
    expert_seat = next(m for m in case.members if m.user_id == team.expert.id)
    assert expert_seat.role == "expert" and not expert_seat.signs

    finding = cases.add_finding(
        case,
        track="finance",
        text="Kas tidak cocok",
        evidence=(png(), "kas.png"),
        actor=team.expert,
    )
    assert finding.evidence.content_type == "image/png"
    with pytest.raises(DomainError):
        cases.add_finding(
            case, track="finance", text="x", evidence=(b"%PDF-fake", "x.pdf"), actor=team.expert
        )
    with pytest.raises(DomainError):
        cases.add_finding(case, track="gossip", text="x", actor=team.expert)
    rec = cases.add_recommendation(
        case,
        track="organisation",
        text="Hold an extraordinary members' meeting",
        owner="Ketua",
        due_on=TODAY + timedelta(days=30),
        actor=team.expert,
    )
    with pytest.raises(DomainError):
        cases.add_recommendation(
            case,
            track="finance",
            text="x",
            owner="y",
            due_on=TODAY - timedelta(1),
            actor=team.expert,
        )
    # The expert advises but does not sign.
    from trading_house.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        cases.agree_recovery(case, plan="x", agreed_on=TODAY, actor=team.expert)
    with pytest.raises(PermissionDenied):
        cases.apply_next_sanction(case, note="x", actor=team.expert)
    with pytest.raises(PermissionDenied):  # not on the team at all
        cases.add_finding(case, track="business", text="x", actor=team.other_examiner)

    with pytest.raises(DomainError):
        cases.agree_recovery(
            case, plan="Rencana", agreed_on=TODAY + timedelta(1), actor=team.examiner
        )
    cases.agree_recovery(
        case, plan="1. RAT luar biasa\n2. Audit", agreed_on=TODAY, actor=team.examiner
    )
    assert case.status == "recovery"
    cases.move_recommendation(rec, "in_progress", actor=team.expert)
    cases.move_recommendation(rec, "done", actor=team.examiner)
    assert rec.is_done
    visit = cases.plan_visit(case, planned_on=TODAY + timedelta(days=7), actor=team.examiner)
    cases.record_visit(visit, visited_on=TODAY, notes="Buku kas sudah rapi", actor=team.examiner)

    first = cases.apply_next_sanction(case, note="Tidak RAT dua tahun", actor=team.examiner)
    second = cases.apply_next_sanction(case, note="Tidak ditanggapi", actor=team.examiner)
    assert (first.position, first.title) == (1, "Peringatan tertulis I")
    assert (second.position, second.title) == (2, "Peringatan tertulis II")
    for _step in range(3):
        cases.apply_next_sanction(case, note="lanjut", actor=team.admin)
    with pytest.raises(DomainError) as error:
        cases.apply_next_sanction(case, note="lagi", actor=team.admin)
    assert "Every step" in str(error.value.message)
    assert [s.kind for s in case.sanctions][-1] == "dissolution"
    cases.close_case(case, note="Dibubarkan", actor=team.examiner)
    db.session.commit()
    assert db.session.get(SpecialCase, case.id).is_closed
    with pytest.raises(DomainError):
        cases.add_finding(case, track="business", text="late", actor=team.examiner)


def test_the_open_case_team_reads_the_cooperative_records(ctx, team):
    coop = troubled("Bermasalah")
    assert not can_view_records(team.other_examiner, coop)
    case = cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    cases.add_member(case, team.other_examiner.id, actor=team.examiner)
    db.session.commit()
    assert can_view_records(team.other_examiner, coop)
    cases.close_case(case, note="Selesai", actor=team.examiner)
    db.session.commit()
    assert not can_view_records(team.other_examiner, coop)


def test_case_pages_bad_input_and_access(client, login, factory, team):
    officer = factory.user("coop_officer")
    stranger = factory.user("coop_officer")
    coop = troubled("Koperasi Bermasalah")
    from tests.cooperatives.helpers import cooperative as make

    make(officer=stranger, name="Lain")
    coop.officers = []
    db.session.commit()
    from trading_house.cooperatives.models import CooperativeOfficer

    db.session.add(
        CooperativeOfficer(cooperative_id=coop.id, user_id=officer.id, name="K", position="chair")
    )
    db.session.commit()
    login(team.examiner)
    response = client.post(
        "/pengawasan/kasus/baru", data={"cooperative_id": "x", "trigger": "missed_rat"}
    )
    assert response.status_code == 422
    response = client.post(
        "/pengawasan/kasus/baru",
        data={"cooperative_id": str(coop.id), "trigger": "special_supervision", "note": ""},
    )
    assert response.status_code == 302
    case = db.session.scalar(select(SpecialCase))
    url = f"/pengawasan/kasus/{case.id}"
    response = client.post(
        f"{url}/rekomendasi",
        data={"track": "finance", "text": "Audit", "owner": "Bendahara", "due_on": "kemarin"},
    )
    assert response.status_code == 422
    response = client.post(
        f"{url}/rekomendasi",
        data={
            "track": "finance",
            "text": "Audit",
            "owner": "Bendahara",
            "due_on": (TODAY - timedelta(1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "The deadline cannot be in the past." in response.get_data(as_text=True)
    response = client.post(
        f"{url}/temuan",
        data={
            "track": "finance",
            "text": "Kas",
            "evidence": (io.BytesIO(b"not an image"), "x.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    response = client.post(
        f"{url}/temuan",
        data={"track": "finance", "text": "Kas kurang", "evidence": (io.BytesIO(png()), "kas.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    finding = (
        case.findings[0]
        if case.findings
        else db.session.scalar(select(type(case).findings.property.mapper.class_))
    )
    page = client.get(url).get_data(as_text=True)
    assert "Kas kurang" in page
    evidence = client.get(f"{url}/temuan/{finding.id}/bukti")
    assert evidence.status_code == 200 and evidence.headers["Cache-Control"] == "private, no-store"
    assert client.post(f"{url}/sanksi", data={"note": ""}).status_code == 422
    client.post("/logout")

    login(officer)  # the cooperative's own officer reads, cannot work
    assert "Kas kurang" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/temuan", data={"track": "finance", "text": "x"}).status_code == 403
    client.post("/logout")
    login(stranger)  # another cooperative's officer: nothing to see
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/temuan/{finding.id}/bukti").status_code == 404
    client.post("/logout")
    login(team.other_examiner)  # an examiner off the team and not assigned
    assert client.get(url).status_code == 404
    assert client.get("/pengawasan/kasus").status_code == 200


def test_a_clinic_session_opens_from_a_recommendation(client, login, factory, team):
    from tests.readiness.conftest import Readiness

    Readiness(factory).template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, legal_form="koperasi", name="Kopi Toraja")
    coop = troubled("Kopi Toraja", enterprise_id=enterprise.id)
    case = cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    cases.add_member(case, team.expert.id, actor=team.examiner)
    rec = cases.add_recommendation(
        case,
        track="business",
        text="Perbaiki kemasan",
        owner="Manajer",
        due_on=TODAY + timedelta(days=20),
        actor=team.examiner,
    )
    db.session.commit()
    url = f"/pengawasan/kasus/{case.id}/rekomendasi/{rec.id}/klinik"
    login(team.examiner)
    assert client.get(url).status_code == 403  # examiners sign; the clinic is the experts'
    client.post("/logout")
    login(team.expert)
    assert client.get(url).status_code == 200
    response = client.post(url, data={"held_on": TODAY.isoformat(), "advice": "Kemasan"})
    assert response.status_code == 422  # no topic
    response = client.post(
        url, data={"held_on": TODAY.isoformat(), "topics": ["packaging"], "advice": "Kemasan"}
    )
    assert response.status_code == 302
    from trading_house.readiness.models import ClinicSession

    session = db.session.scalar(select(ClinicSession))
    assert session.enterprise_id == enterprise.id
    assert [f.description for f in session.follow_ups] == ["Perbaiki kemasan"]
    assert (
        client.post(
            url, data={"held_on": TODAY.isoformat(), "topics": ["packaging"], "advice": "x"}
        ).status_code
        == 422
    )


def test_sanctions_cannot_be_applied_twice_at_once(ctx, team):
    coop = troubled("Bermasalah")
    plan_settings.ensure_default_ladder()
    case = cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    cases.apply_next_sanction(case, note="I", actor=team.examiner)
    db.session.commit()
    assert db.session.scalars(select(CaseSanction.position)).all() == [1]
    assert date(2026, 9, 1) == TODAY


def test_a_special_examination_starts_from_the_case(client, login, factory, team):
    from tests.supervision.helpers import install

    install()
    coop = troubled("Bermasalah")
    case = cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    cases.add_member(case, team.expert.id, actor=team.examiner)
    db.session.commit()
    login(team.expert)
    assert client.post(f"/pengawasan/kasus/{case.id}/pemeriksaan").status_code == 403
    client.post("/logout")
    login(team.examiner)
    response = client.post(f"/pengawasan/kasus/{case.id}/pemeriksaan")
    assert (
        response.status_code == 302 and "/pengawasan/pemeriksaan/" in response.headers["Location"]
    )
    exam = cases.case_examinations(case)[0]
    assert (exam.kind, exam.year, exam.special_case_id) == ("special", 2025, case.id)
    page = client.get(f"/pengawasan/kasus/{case.id}").get_data(as_text=True)
    assert "Examination of 2025" in page


def test_the_case_list_links_only_cases_the_reader_may_open(client, login, team):
    coop = troubled("Bermasalah")
    cases.open_case(coop, trigger="missed_rat", actor=team.examiner)
    db.session.commit()
    login(team.other_examiner)
    page = client.get("/pengawasan/kasus").get_data(as_text=True)
    assert "Bermasalah" in page and "/pengawasan/kasus/1" not in page
    assert "its team and assigned examiner only" in page
