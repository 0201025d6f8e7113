"""An SME works through its self-assessment: saving as it goes, evidence, and every bad input."""

import io
from datetime import timedelta

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, select

from tests.readiness.conftest import pdf_bytes, png_bytes
from trading_house.core.models import Document
from trading_house.extensions import db
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import ReadinessAnswer, ReadinessAnswerEvent


def _post(client, enterprise, item, product=None, files=None, **fields):
    data = {f"a{item.id}-{k}": v for k, v in fields.items()}
    if product is not None:
        data[f"a{item.id}-product_id"] = str(product.id)
    for name, (content, filename) in (files or {}).items():
        data[f"a{item.id}-{name}"] = (io.BytesIO(content), filename)
    return client.post(
        f"/readiness/e/{enterprise.id}/answers/{item.id}",
        data=data,
        content_type="multipart/form-data",
    )


def _answers():
    return db.session.scalars(select(ReadinessAnswer).order_by(ReadinessAnswer.id)).all()


def _setup(factory, rd):
    rd.template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    return owner, enterprise


def test_an_sme_saves_then_sends_an_answer_with_evidence(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    nib = rd.item("ent.nib")
    login(owner)
    page = client.get(f"/readiness/e/{enterprise.id}/business?lang=en")
    assert page.status_code == 200
    assert "Title ent.nib" in page.get_data(as_text=True)

    saved = _post(
        client,
        enterprise,
        nib,
        certificate_number="9120 0012 34567",
        save="1",
        files={"evidence": (pdf_bytes("NIB"), "nib scan.pdf")},
    )
    assert saved.status_code == 302
    (answer,) = _answers()
    assert answer.state == "declared"
    assert answer.certificate_number == "9120001234567"  # normalised
    (document,) = answer.documents
    assert document.content_type == "application/pdf"
    assert document.filename == "nib scan.pdf"

    sent = _post(client, enterprise, nib, certificate_number="9120001234567", send="1")
    assert sent.status_code == 302
    db.session.expire_all()
    (answer,) = _answers()
    assert answer.state == "submitted"
    assert answer.documents == [document]  # kept without a new upload
    events = [(e.from_state, e.to_state) for e in answer.events]
    assert events == [("missing", "declared"), ("declared", "submitted")]
    assert all(e.actor_id == owner.id for e in answer.events)
    follow = client.get(f"/readiness/e/{enterprise.id}/business")
    assert "Waiting for verification" in follow.get_data(as_text=True)


def test_an_answer_without_evidence_kinds_needs_a_note_to_be_sent(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    product = factory.product(enterprise, category=rd.categories()["textile"])
    price = rd.item("prod.price")
    login(owner)
    empty = _post(client, enterprise, price, product=product, send="1")
    assert empty.status_code == 400
    assert "Write your answer in the note" in empty.get_data(as_text=True)
    ok = _post(client, enterprise, price, product=product, note="USD 9/kg FOB Makassar", send="1")
    assert ok.status_code == 302
    assert _answers()[0].state == "submitted"


def test_a_malformed_certificate_number_is_refused_and_kept_in_the_form(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    nib = rd.item("ent.nib")
    login(owner)
    response = _post(client, enterprise, nib, certificate_number="12345-ABC", save="1")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This is not a valid NIB (13 digits)" in body
    assert 'value="12345-ABC"' in body
    assert _answers() == []


def test_an_expiry_date_in_the_past_is_refused(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    product = factory.product(enterprise, category=rd.categories()["food"])
    registration = rd.item("prod.registration")
    login(owner)
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = _post(
        client,
        enterprise,
        registration,
        product=product,
        save="1",
        certificate_number="MD224713001234",
        expires_on=yesterday,
    )
    assert response.status_code == 400
    assert "This date is in the past" in response.get_data(as_text=True)
    assert _answers() == []
    far = (local_today() + timedelta(days=366 * 31)).isoformat()
    response = _post(
        client,
        enterprise,
        registration,
        product=product,
        save="1",
        certificate_number="MD224713001234",
        expires_on=far,
    )
    assert "more than 30 years away" in response.get_data(as_text=True)
    garbage = _post(
        client, enterprise, registration, product=product, save="1", expires_on="31/31/2026"
    )
    assert garbage.status_code == 400
    assert _answers() == []


def _javascript_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_bad_evidence_files_are_refused_with_a_clear_message(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    nib = rd.item("ent.nib")
    login(owner)
    cases = [
        (b"MZ\x90\x00 this is a program", "nib.pdf", "not a readable image or PDF"),
        (png_bytes()[:60], "nib.png", "not a readable image or PDF"),
        (_javascript_pdf(), "nib.pdf", "PDFs that contain scripts, actions, interactive forms"),
        (_encrypted_pdf(), "nib.pdf", "Encrypted (password-protected) PDFs are not accepted"),
        (b"%PDF-1.4 broken", "nib.pdf", "The PDF is damaged or not a real PDF"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "big.pdf", "larger than 10 MB"),
    ]
    for content, filename, message in cases:
        response = _post(
            client,
            enterprise,
            nib,
            certificate_number="9120001234567",
            save="1",
            files={"evidence": (content, filename)},
        )
        # werkzeug's test client spools a big request body to a temporary file it never closes
        response.request.environ["wsgi.input"].close()
        assert response.status_code == 400, filename
        assert message in response.get_data(as_text=True), message
    assert _answers() == []
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_images_are_accepted_as_evidence(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    login(owner)
    response = _post(
        client,
        enterprise,
        rd.item("ent.capacity"),
        save="1",
        files={"evidence": (png_bytes(), "capacity.jpg")},
    )
    assert response.status_code == 302
    assert _answers()[0].documents[0].content_type == "image/png"  # by content, not by name


def test_sending_an_incomplete_answer_says_what_is_missing(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    login(owner)
    response = _post(
        client, enterprise, rd.item("ent.nib"), certificate_number="9120001234567", send="1"
    )
    assert response.status_code == 400
    assert "Upload the document before sending it" in response.get_data(as_text=True)
    assert _answers() == []


def test_nothing_to_save_is_a_clear_error(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    login(owner)
    response = _post(client, enterprise, rd.item("ent.bank"), save="1")
    assert response.status_code == 400
    assert "Enter or upload something before saving" in response.get_data(as_text=True)


def test_another_enterprises_product_is_not_found(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    other = factory.enterprise()
    foreign = factory.product(other, category=rd.categories()["textile"])
    login(owner)
    response = _post(
        client,
        enterprise,
        rd.item("prod.hs"),
        product=foreign,
        certificate_number="62114200",
        save="1",
    )
    assert response.status_code == 404
    assert client.get(f"/readiness/e/{enterprise.id}/products/{foreign.id}").status_code == 404
    # and another enterprise's pages are not found at all
    assert client.get(f"/readiness/e/{other.id}").status_code == 404
    assert (
        _post(
            client, other, rd.item("ent.bank"), certificate_number="0123456789", save="1"
        ).status_code
        == 404
    )
    assert _answers() == []


def test_an_item_that_does_not_apply_to_the_product_is_refused(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    cloth = factory.product(enterprise, category=rd.categories()["textile"])
    login(owner)
    response = _post(
        client,
        enterprise,
        rd.item("prod.halal"),
        product=cloth,
        certificate_number="ID73110000123450322",
        save="1",
    )
    assert response.status_code == 400
    assert "does not apply to this product" in response.get_data(as_text=True)
    business_item = _post(
        client,
        enterprise,
        rd.item("ent.bank"),
        product=cloth,
        certificate_number="0123456789",
        save="1",
    )
    assert business_item.status_code == 400
    assert "about the business" in business_item.get_data(as_text=True)
    assert _answers() == []


def test_curators_see_but_do_not_answer_buyers_and_strangers_get_nothing(
    client, login, factory, rd
):
    _owner, enterprise = _setup(factory, rd)
    curator = factory.user("curator")
    login(curator)
    assert client.get(f"/readiness/e/{enterprise.id}/business").status_code == 200
    forbidden = _post(
        client, enterprise, rd.item("ent.bank"), certificate_number="0123456789", save="1"
    )
    assert forbidden.status_code == 403
    client.post("/logout")
    login(factory.user("buyer"))
    assert client.get(f"/readiness/e/{enterprise.id}").status_code == 404
    client.post("/logout")
    anonymous = client.get(f"/readiness/e/{enterprise.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_verified_answer_is_not_dropped_by_saving_it_unchanged(ctx, factory, rd):
    from trading_house.readiness.services import AnswerInput, save_answer

    owner, enterprise = _setup(factory, rd)
    answer = rd.answer(enterprise, "ent.bank", certificate_number="0123456789", note="")
    save_answer(
        enterprise, answer.item_id, None, AnswerInput(certificate_number="0123456789"), actor=owner
    )
    assert answer.state == "verified"
    # a new number is new evidence: back to the curator
    save_answer(
        enterprise,
        answer.item_id,
        None,
        AnswerInput(certificate_number="9876543210", send=True),
        actor=owner,
    )
    assert answer.state == "submitted"
    assert (
        db.session.scalar(
            select(ReadinessAnswerEvent.from_state)
            .order_by(ReadinessAnswerEvent.id.desc())
            .limit(1)
        )
        == "verified"
    )


def test_send_all_sends_complete_saved_answers_only(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    complete = rd.answer(enterprise, "ent.bank", state="declared", certificate_number="0123456789")
    incomplete = rd.answer(enterprise, "ent.nib", state="declared")  # has a document, no number
    login(owner)
    response = client.post(f"/readiness/e/{enterprise.id}/send", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "1 answer(s) sent for verification" in body
    assert "1 saved answer(s) are not complete yet" in body
    db.session.expire_all()
    assert db.session.get(ReadinessAnswer, complete.id).state == "submitted"
    assert db.session.get(ReadinessAnswer, incomplete.id).state == "declared"
