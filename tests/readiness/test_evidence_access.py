"""Evidence is private: its enterprise's members, curators and admins; nobody else, ever."""

import pytest

from tests.readiness.conftest import pdf_bytes, png_bytes
from trading_house.core.storage import private_storage, public_storage
from trading_house.extensions import db


@pytest.fixture
def evidence(factory, rd):
    rd.template()
    owner = factory.user("sme")
    staff = factory.user("sme")
    enterprise = factory.enterprise(owner, staff=[staff])
    pdf = pdf_bytes("NIB 9120001234567")
    document = rd.document(pdf, enterprise)
    answer = rd.answer(
        enterprise,
        "ent.nib",
        state="submitted",
        documents=[document],
        certificate_number="9120001234567",
    )
    image = rd.document(png_bytes(), enterprise)
    photo = rd.answer(enterprise, "ent.capacity", state="submitted", documents=[image])
    return {
        "owner": owner,
        "staff": staff,
        "enterprise": enterprise,
        "answer": answer,
        "document": document,
        "photo": photo,
        "pdf": pdf,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("staff", 200),
        ("curator", 200),
        ("admin", 200),
        ("other_sme", 404),
        ("buyer", 404),
    ],
)
def test_who_may_open_evidence(client, login, factory, evidence, who, status):
    users = {
        "owner": evidence["owner"],
        "staff": evidence["staff"],
        "curator": factory.user("curator"),
        "admin": factory.user("admin"),
        "other_sme": factory.enterprise().members[0].user,
        "buyer": factory.user("buyer"),
    }
    login(users[who])
    response = client.get(f"/readiness/answers/{evidence['answer'].id}/evidence")
    assert response.status_code == status
    if status == 200:
        assert response.data == evidence["pdf"]
        assert response.mimetype == "application/pdf"
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment;")


def test_anonymous_visitors_are_sent_to_sign_in(client, evidence):
    response = client.get(f"/readiness/answers/{evidence['answer'].id}/evidence")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_images_too_are_downloads_that_cannot_run_in_the_page(client, login, factory, evidence):
    """An image is never shown inline from our origin: a crafted file cannot act as a page."""
    login(factory.user("curator"))
    response = client.get(f"/readiness/answers/{evidence['photo'].id}/evidence?inline=1")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_evidence_is_never_in_public_media(client, app, evidence):
    document = evidence["document"]
    with app.app_context():
        assert private_storage().exists(document.storage_key)
        assert not public_storage().exists(document.storage_key)
    assert client.get(f"/media/{document.storage_key}").status_code == 404
    assert client.get(f"/media/../private/{document.storage_key}").status_code == 404


def test_an_unknown_answer_or_one_without_document_is_not_found(client, login, factory, rd):
    rd.template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    answer = rd.answer(enterprise, "ent.bank", state="submitted", certificate_number="0123456789")
    login(owner)
    assert answer.documents == []
    assert client.get(f"/readiness/answers/{answer.id}/evidence").status_code == 404
    assert client.get("/readiness/answers/999999/evidence").status_code == 404


def test_a_member_who_leaves_loses_access(client, login, evidence):
    from trading_house.enterprises.models import Membership

    staff = evidence["staff"]
    login(staff)
    url = f"/readiness/answers/{evidence['answer'].id}/evidence"
    assert client.get(url).status_code == 200
    db.session.execute(db.delete(Membership).where(Membership.user_id == staff.id))
    db.session.commit()
    assert client.get(url).status_code == 404
