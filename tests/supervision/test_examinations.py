"""The examination as its people see it: the cooperative's self-assessment, the examiner's
verification from a phone (saves applied once), finalising and the predicate."""

import io
import re
from datetime import timedelta

from babel.dates import format_date
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.supervision.conftest import YEAR
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.supervision.models import Examination, FieldSave


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _exam():
    return db.session.scalar(select(Examination))


def _self_assess(client, login, scene):
    login(scene.officer)
    page = client.get("/pengawasan/koperasi-saya/pemeriksaan").get_data(as_text=True)
    assert "Koperasi Produsen Kopi Toraja" in page
    response = client.post(
        "/pengawasan/koperasi-saya/pemeriksaan/mulai",
        data={"csrf_token": _token(page), "year": YEAR},
    )
    assert response.status_code == 302
    exam = _exam()
    page = client.get(response.location).get_data(as_text=True)
    data = {"csrf_token": _token(page)}
    for answer in exam.answers:
        if not answer.item.is_ratio and answer.item.self_assessable:
            data[f"answer_{answer.item_id}"] = "yes"
            data[f"note_{answer.item_id}"] = "Lihat notulen RAT"
    assert client.post(response.location, data=data).status_code == 302
    send = client.post(
        f"/pengawasan/koperasi-saya/pemeriksaan/{exam.id}/kirim",
        data={"csrf_token": data["csrf_token"]},
    )
    assert send.status_code == 302
    db.session.expire_all()
    return _exam()


def test_officer_self_assessment_with_computed_ratios_then_sent(client, login, scene):
    exam = _self_assess(client, login, scene)
    assert exam.is_submitted
    page = client.get(f"/pengawasan/koperasi-saya/pemeriksaan/{exam.id}").get_data(as_text=True)
    assert "Submitted" in page
    # The ratios come from the statement: current ratio 350 M / 100 M.
    assert "3.5000" in page
    ratio = next(a for a in exam.answers if a.item.ratio_key == "current_ratio")
    assert str(ratio.value) == "3.5000"


def test_officer_cannot_type_a_ratio_or_send_an_incomplete_self_assessment(client, login, scene):
    login(scene.officer)
    page = client.get("/pengawasan/koperasi-saya/pemeriksaan").get_data(as_text=True)
    response = client.post(
        "/pengawasan/koperasi-saya/pemeriksaan/mulai",
        data={"csrf_token": _token(page), "year": YEAR},
    )
    exam = _exam()
    ratio = next(a for a in exam.answers if a.item.is_ratio)
    page = client.get(response.location).get_data(as_text=True)
    client.post(
        response.location, data={"csrf_token": _token(page), f"answer_{ratio.item_id}": "no"}
    )
    db.session.expire_all()
    assert _exam().answers[0].self_answer is None or ratio.self_answer is None
    refused = client.post(
        f"/pengawasan/koperasi-saya/pemeriksaan/{exam.id}/kirim",
        data={"csrf_token": _token(page)},
        follow_redirects=True,
    )
    assert "Answer every question before sending" in refused.get_data(as_text=True)
    assert _exam().is_self_assessment


def test_future_and_duplicate_years_are_refused_with_a_message(client, login, scene):
    login(scene.officer)
    page = client.get("/pengawasan/koperasi-saya/pemeriksaan").get_data(as_text=True)
    future = client.post(
        "/pengawasan/koperasi-saya/pemeriksaan/mulai",
        data={"csrf_token": _token(page), "year": business_today().year + 1},
    )
    assert future.status_code == 422
    assert "cannot be in the future" in future.get_data(as_text=True)
    client.post(
        "/pengawasan/koperasi-saya/pemeriksaan/mulai",
        data={"csrf_token": _token(page), "year": YEAR},
    )
    again = client.post(
        "/pengawasan/koperasi-saya/pemeriksaan/mulai",
        data={"csrf_token": _token(page), "year": YEAR},
    )
    assert again.status_code == 422
    assert "already has a routine examination" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Examination.id))) == 1


def _save(client, exam, token, draft_id, revision, answers):
    return client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/simpan",
        json={"draft_id": draft_id, "revision": revision, "answers": answers},
        headers={"X-CSRFToken": token},
    )


def test_field_saves_are_applied_once_and_never_go_back(client, login, scene):
    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(scene.examiner)
    page = client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True)
    token = _token(page)
    assert (
        client.post(
            f"/pengawasan/pemeriksaan/{exam.id}/tinjau", data={"csrf_token": token}
        ).status_code
        == 302
    )
    question = next(a for a in exam.answers if a.item.code == "tk.rat")
    first = {str(question.item_id): {"answer": "no", "note": "RAT belum dilaksanakan"}}
    second = {str(question.item_id): {"answer": "yes", "note": "RAT 12 Maret, notulen ada"}}
    sent = _save(client, exam, token, "draft-1", 2, second)
    assert sent.status_code == 200 and sent.json["changed"] == 1
    # The connection dropped before the phone heard back: it sends revision 2 again.
    again = _save(client, exam, token, "draft-1", 2, second)
    assert again.json["duplicate"] is True and again.json["changed"] == 1
    # An older revision arriving late changes nothing.
    late = _save(client, exam, token, "draft-1", 1, first)
    assert late.json["stale"] is True
    db.session.expire_all()
    answer = next(a for a in _exam().answers if a.item.code == "tk.rat")
    assert (answer.answer, answer.examiner_note) == ("yes", "RAT 12 Maret, notulen ada")
    assert answer.verified_by_id == scene.examiner.id
    assert db.session.scalar(select(func.count(FieldSave.id))) == 2


def test_a_broken_field_save_is_refused_without_a_500(client, login, scene):
    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(scene.examiner)
    token = _token(client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True))
    # Not in review yet: refused with a message.
    closed = _save(client, exam, token, "d", 1, {})
    assert closed.status_code == 422 and "not open for verification" in closed.json["error"]
    client.post(f"/pengawasan/pemeriksaan/{exam.id}/tinjau", data={"csrf_token": token})
    for payload in (
        {"draft_id": "", "revision": 1},
        {"draft_id": "x" * 65, "revision": 1},
        {"draft_id": "d", "revision": "abc"},
        {"draft_id": "d", "revision": 1, "answers": {"999999": {"answer": "yes"}}},
        {"draft_id": "d", "revision": 2, "answers": {"1": {"answer": "maybe"}}},
    ):
        response = client.post(
            f"/pengawasan/pemeriksaan/{exam.id}/simpan",
            json=payload,
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 422, payload
        assert response.json["ok"] is False
    not_json = client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/simpan", data="x", headers={"X-CSRFToken": token}
    )
    assert not_json.status_code == 400


def test_finalise_sets_the_predicate_and_refuses_a_future_visit(client, login, scene):
    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(scene.examiner)
    token = _token(client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True))
    client.post(f"/pengawasan/pemeriksaan/{exam.id}/tinjau", data={"csrf_token": token})
    answers = {
        str(a.item_id): {"answer": "yes", "note": ""} for a in exam.answers if not a.item.is_ratio
    }
    assert _save(client, exam, token, "d", 1, answers).json["ok"]
    form = {
        "csrf_token": token,
        "visited_on": (business_today() + timedelta(days=1)).isoformat(),
        "visit_place": "Kantor koperasi, Rantepao",
        "present": "Ketua, Bendahara, Pengawas",
        "conclusions": "Sehat.",
        "recommendations": "Lanjutkan pendidikan anggota.",
    }
    future = client.post(f"/pengawasan/pemeriksaan/{exam.id}/selesai", data=form)
    assert future.status_code == 422
    assert "cannot be in the future" in future.get_data(as_text=True)
    form["visited_on"] = business_today().isoformat()
    done = client.post(f"/pengawasan/pemeriksaan/{exam.id}/selesai", data=form)
    assert done.status_code == 302
    page = client.get(done.location).get_data(as_text=True)
    assert "Finalised" in page and "Sehat" in page
    db.session.expire_all()
    exam = _exam()
    assert exam.predicate == "sehat" and exam.total_score == 100
    assert exam.cooperative.health_predicate == "sehat"
    # The report and minutes are PDFs in Indonesian.
    report = client.get(f"/pengawasan/pemeriksaan/{exam.id}/laporan.pdf")
    assert report.status_code == 200 and report.data[:4] == b"%PDF"
    minutes = client.get(f"/pengawasan/pemeriksaan/{exam.id}/berita-acara.pdf")
    assert minutes.status_code == 200 and minutes.data[:4] == b"%PDF"
    # Field by field against the examination: the office's letterhead (not the trading house's),
    # the visit date the Indonesian way, the score with a decimal comma.
    visit = format_date(exam.visited_on, format="long", locale="id")
    for document in (report, minutes):
        text = " ".join(_pdf_text(document.data).split())
        assert "Dinas Koperasi dan UKM Provinsi Sulawesi Selatan" in text
        assert "Koperasi Rumah Dagang" not in text
        assert exam.cooperative.name in text and exam.cooperative.nik in text
        assert f"{visit} · Kantor koperasi, Rantepao" in text
        assert exam.examiner.display_name in text
        assert "Skor total 100,00 dari 100: Sehat" in text
        assert "Lanjutkan pendidikan anggota." in text
    assert "Pada tanggal " + visit in " ".join(_pdf_text(minutes.data).split())
    # The score on the page in the reader's language: a decimal point in English, a comma in
    # Indonesian.
    assert 'data-testid="total-score">100.00<' in client.get(done.location).get_data(as_text=True)
    page = client.get(done.location + "?lang=id").get_data(as_text=True)
    assert 'data-testid="total-score">100,00<' in page
    assert "Ketua, Bendahara, Pengawas" in _pdf_text(minutes.data)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_finalise_without_a_statement_is_refused(client, login, scene, factory):
    from tests.cooperatives.helpers import cooperative
    from tests.supervision.helpers import answer_all
    from trading_house.supervision import examinations

    other = cooperative(examiner=scene.examiner, name="Koperasi Tanpa Laporan")
    exam = examinations.open_examination(other, year=YEAR, actor=scene.examiner)
    answer_all(exam)
    examinations.start_review(exam, actor=scene.examiner)
    db.session.commit()
    login(scene.examiner)
    token = _token(client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True))
    response = client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/selesai",
        data={
            "csrf_token": token,
            "visited_on": business_today().isoformat(),
            "visit_place": "x",
            "present": "y",
        },
    )
    assert response.status_code == 422
    assert "no submitted financial statement" in response.get_data(as_text=True)


def test_other_examiners_and_officers_get_404(client, login, scene, factory):
    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(factory.user("examiner", email="other@example.id"))
    assert client.get(f"/pengawasan/pemeriksaan/{exam.id}").status_code == 404
    assert client.get(f"/pengawasan/pemeriksaan/{exam.id}/laporan.pdf").status_code == 404
    client.get("/logout")
    from tests.cooperatives.helpers import cooperative

    stranger = factory.user("coop_officer", email="lain@koperasi.id")
    cooperative(stranger, name="Koperasi Lain")
    login(stranger)
    assert client.get(f"/pengawasan/koperasi-saya/pemeriksaan/{exam.id}").status_code == 404


def test_an_untouched_item_keeps_the_cooperatives_answer_and_finalise_needs_verification(
    client, login, scene
):
    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(scene.examiner)
    token = _token(client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True))
    client.post(f"/pengawasan/pemeriksaan/{exam.id}/tinjau", data={"csrf_token": token})
    questions = [a for a in exam.answers if not a.item.is_ratio]
    draft = {str(a.item_id): {"answer": "", "note": ""} for a in questions}
    draft[str(questions[0].item_id)] = {"answer": "no", "note": "Tidak ada bukti"}
    assert _save(client, exam, token, "d", 1, draft).json["changed"] == 1
    db.session.expire_all()
    answers = {a.item_id: a for a in _exam().answers}
    assert answers[questions[1].item_id].answer == "yes"  # the cooperative's, not wiped
    assert not answers[questions[1].item_id].is_verified
    # Taking the verification back returns to the cooperative's answer.
    draft[str(questions[0].item_id)] = {"answer": "", "note": ""}
    assert _save(client, exam, token, "d", 2, draft).json["changed"] == 1
    db.session.expire_all()
    assert next(a for a in _exam().answers if a.item_id == questions[0].item_id).answer == "yes"
    page = client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/selesai",
        data={
            "csrf_token": token,
            "visited_on": business_today().isoformat(),
            "visit_place": "x",
            "present": "y",
        },
    )
    assert page.status_code == 422
    assert "Verify every question before finalising" in page.get_data(as_text=True)


def test_officers_hear_of_the_result_and_of_a_return_by_e_mail(client, login, scene):
    from trading_house.core.models import OutboxEmail

    exam = _self_assess(client, login, scene)
    client.get("/logout")
    login(scene.examiner)
    token = _token(client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True))
    client.post(f"/pengawasan/pemeriksaan/{exam.id}/tinjau", data={"csrf_token": token})
    client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/kembalikan",
        data={"csrf_token": token, "reason": "Lampirkan notulen RAT"},
    )
    mail = db.session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()))
    assert mail.recipient == "ketua@koperasi.id"
    assert (
        "Lampirkan notulen RAT" in mail.body_text and "sent the self-assessment" in mail.body_text
    )
    from tests.supervision.helpers import finalised

    db.session.execute(db.delete(Examination))
    db.session.commit()
    finalised(scene.coop, YEAR, scene.examiner)
    mail = db.session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()))
    assert "is finalised" in mail.body_text and "Predicate: Sehat" in mail.body_text
