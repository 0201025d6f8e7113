"""Curators verify answers from one screen per enterprise; the queue is oldest first."""

from datetime import timedelta

from sqlalchemy import select

from tests.readiness.conftest import NOON
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import EnterpriseGrade, ReadinessAnswer


def _review(client, answer, **fields):
    data = {f"r{answer.id}-{k}": v for k, v in fields.items()}
    return client.post(f"/readiness/answers/{answer.id}/review", data=data)


def test_the_queue_lists_enterprises_with_waiting_answers_oldest_first(
    client, login, factory, rd, frozen
):
    rd.template()
    older = factory.enterprise(name="Koperasi Kopi Toraja")
    newer = factory.enterprise(name="UD Sirup Markisa", regency_code="7318")
    idle = factory.enterprise(name="CV Tanpa Jawaban")
    frozen(NOON - timedelta(days=3))
    rd.answer(older, "ent.nib", state="submitted", certificate_number="9120001234567")
    frozen(NOON - timedelta(days=1))
    rd.answer(newer, "ent.bank", state="submitted", certificate_number="0123456789")
    rd.answer(newer, "ent.capacity", state="submitted")
    rd.answer(idle, "ent.capacity", state="declared")
    frozen(NOON)
    login(factory.user("curator"))
    body = client.get("/readiness/verification?lang=en").get_data(as_text=True)
    assert body.index("Koperasi Kopi Toraja") < body.index("UD Sirup Markisa")
    assert "CV Tanpa Jawaban" not in body
    assert "2 answers" in body and "1 answer" in body
    assert "waiting 3 days" in body
    # the same filters as the curation queue: regency, waiting time, order
    body = client.get("/readiness/verification?regency=7318").get_data(as_text=True)
    assert "UD Sirup Markisa" in body and "Koperasi Kopi Toraja" not in body
    body = client.get("/readiness/verification?age=3").get_data(as_text=True)
    assert "Koperasi Kopi Toraja" in body and "UD Sirup Markisa" not in body
    body = client.get("/readiness/verification?sort=newest").get_data(as_text=True)
    assert body.index("UD Sirup Markisa") < body.index("Koperasi Kopi Toraja")
    body = client.get("/readiness/verification?age=nonsense&page=x&regency=9999")
    assert body.status_code == 200


def test_a_curator_verifies_and_rejects_from_one_screen(client, login, factory, rd):
    rd.template()
    owner = factory.user("sme", preferred_language="en")
    enterprise = factory.enterprise(owner)
    nib = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    capacity = rd.answer(enterprise, "ent.capacity", state="submitted")
    bank = rd.answer(enterprise, "ent.bank", state="submitted", certificate_number="0123456789")
    curator = factory.user("curator")
    login(curator)
    screen = client.get(f"/readiness/verification/{enterprise.id}?lang=en")
    body = screen.get_data(as_text=True)
    assert screen.status_code == 200
    for answer in (nib, capacity, bank):
        assert f'data-answer="{answer.id}"' in body
    assert f"/readiness/answers/{nib.id}/evidence" in body  # the evidence opens from the screen

    assert _review(client, nib, verify="1").status_code == 302
    assert _review(client, capacity, verify="1").status_code == 302
    # rejecting needs a note
    missing_note = _review(client, bank, reject="1")
    assert missing_note.status_code == 400
    assert "Say what is wrong" in missing_note.get_data(as_text=True)
    assert _review(client, bank, reject="1", note="Wrong account: not in USD").status_code == 302

    db.session.expire_all()
    states = {a.id: a.state for a in db.session.scalars(select(ReadinessAnswer))}
    assert states == {nib.id: "verified", capacity.id: "verified", bank.id: "rejected"}
    assert db.session.get(ReadinessAnswer, nib.id).reviewed_by_id == curator.id
    assert db.session.get(ReadinessAnswer, bank.id).curator_note == "Wrong account: not in USD"
    # the grade is recomputed at once: nib + capacity verified -> B
    assert db.session.get(EnterpriseGrade, enterprise.id).grade == "B"
    # the SME hears about the rejection in its language, and sees the note on its page
    (mail,) = db.session.scalars(select(OutboxEmail)).all()
    assert mail.recipient == owner.email
    assert "Wrong account: not in USD" in mail.body_text
    assert "needs another look" in mail.subject
    client.post("/logout")
    login(owner)
    page = client.get(f"/readiness/e/{enterprise.id}/business?lang=en").get_data(as_text=True)
    assert "Wrong account: not in USD" in page
    # once decided, an answer cannot be decided again
    client.post("/logout")
    login(curator)
    again = _review(client, nib, reject="1", note="changed my mind")
    assert again.status_code == 400
    assert "cannot become" in again.get_data(as_text=True)


def test_an_expired_certificate_cannot_be_verified(client, login, factory, rd, frozen):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    product = factory.product(enterprise, category=cats["food"])
    answer = rd.answer(
        enterprise,
        "prod.registration",
        state="submitted",
        product=product,
        certificate_number="MD224713001234",
        expires_on=local_today() + timedelta(days=2),
    )
    frozen(NOON)  # the clock moves on past the expiry date before the curator looks
    answer.expires_on = local_today() - timedelta(days=1)
    db.session.commit()
    login(factory.user("curator"))
    response = _review(client, answer, verify="1")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReadinessAnswer, answer.id).state == "submitted"


def test_only_staff_open_the_queue_or_review(client, login, factory, rd):
    rd.template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    answer = rd.answer(enterprise, "ent.capacity", state="submitted")
    login(owner)
    assert client.get("/readiness/verification").status_code == 403
    assert client.get(f"/readiness/verification/{enterprise.id}").status_code == 403
    assert _review(client, answer, verify="1").status_code == 403
    db.session.expire_all()
    assert db.session.get(ReadinessAnswer, answer.id).state == "submitted"
    client.post("/logout")
    login(factory.user("admin"))
    assert client.get("/readiness/verification").status_code == 200
    assert client.get("/readiness/verification/999999").status_code == 404
