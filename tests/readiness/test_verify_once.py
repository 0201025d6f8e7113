"""Verify once: one verification of a document satisfies the identity badge, the checklist item
and the destination rules, and ends in all of them at once."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.readiness.conftest import NOON, TODAY
from trading_house.core.errors import DomainError
from trading_house.curation import identity
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.readiness import clinic, expiry, verified
from trading_house.readiness.destinations import add_rule, required_documents
from trading_house.readiness.models import (
    ClinicFollowUp,
    ReadinessAnswer,
    ReadinessAnswerEvent,
    VerifiedDocument,
)
from trading_house.readiness.scoring import ScoringContext, assess_product
from trading_house.readiness.services import review_answer

#: The small checklist plus the NPWP item (identity pairs NIB with NPWP).
NPWP = ("ent.npwp", "enterprise", "legal", 5, False, True, "npwp", False, ())


@pytest.fixture
def checklist(rd):
    from tests.readiness.conftest import SMALL_ITEMS

    return rd.template(items=[*SMALL_ITEMS, NPWP])


def _answer(enterprise, code, product=None):
    return db.session.scalar(
        select(ReadinessAnswer)
        .join(ReadinessAnswer.item)
        .where(
            ReadinessAnswer.enterprise_id == enterprise.id,
            ReadinessAnswer.product_id == (product.id if product else None)
            if product
            else ReadinessAnswer.product_id.is_(None),
        )
        .where(ReadinessAnswer.item.has(code=code))
    )


def _identity_pending(factory, enterprise):
    enterprise.nib, enterprise.npwp = "9120001234567", "012345678901000"
    enterprise.verification_status = "pending"
    db.session.commit()


def test_identity_verification_answers_the_nib_and_npwp_items(ctx, factory, rd, checklist):
    """The curator checks NIB/NPWP on the identity page; the checklist shows them verified."""
    enterprise = factory.enterprise()
    _identity_pending(factory, enterprise)
    nib_file = rd.document(enterprise=enterprise, filename="nib.pdf")
    # The SME had saved (not sent) an NIB answer; nothing yet for the NPWP.
    rd.answer(enterprise, "ent.nib", state="declared", certificate_number="9120001234567")
    curator = factory.user("curator")
    files = {"nib": [nib_file], "npwp": []}
    verified.identity_verified(enterprise, files, actor=curator)
    db.session.commit()

    nib = _answer(enterprise, "ent.nib")
    npwp = _answer(enterprise, "ent.npwp")
    assert nib.state == npwp.state == "verified"
    assert npwp.certificate_number == "012345678901000"  # the number the curator checked
    assert npwp.documents == [] and nib.documents  # own evidence kept
    assert nib.verified_document.source == "identity"
    assert nib.verified_document.verified_by_id == curator.id
    events = db.session.scalars(
        select(ReadinessAnswerEvent.to_state).where(ReadinessAnswerEvent.answer_id == npwp.id)
    ).all()
    assert events == ["submitted", "verified"]  # through the one lifecycle, with events
    # Verifying the same identity again does not duplicate anything.
    assert db.session.scalar(select(db.func.count(VerifiedDocument.id))) == 2


def test_the_curator_page_verifies_once_for_the_checklist_too(app, client, login, factory, rd):
    """Over HTTP: identity verified on the curation page -> the SME's checklist says Verified."""
    from tests.readiness.conftest import SMALL_ITEMS

    rd.template(items=[*SMALL_ITEMS, NPWP])
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    _identity_pending(factory, enterprise)
    curator = factory.user("curator")
    desk = login(curator)
    response = desk.post(f"/curation/identity/{enterprise.id}", data={"decision": "verify"})
    assert response.status_code == 302
    shop = login(owner, target=app.test_client())
    page = shop.get(f"/readiness/e/{enterprise.id}/business?lang=en")
    body = page.get_data(as_text=True)
    nib_card = body.split('data-item="ent.nib"')[1].split('data-item="')[0]
    assert 'data-state="verified"' in nib_card
    assert "Verified on the legal-identity page." in nib_card


def test_checklist_verification_of_nib_and_npwp_gives_the_identity_badge(
    ctx, factory, rd, checklist
):
    enterprise = factory.enterprise()
    enterprise.nib, enterprise.npwp = "9120001234567", "012345678901000"
    db.session.commit()
    curator = factory.user("curator")
    nib = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    npwp = rd.answer(
        enterprise, "ent.npwp", state="submitted", certificate_number="012345678901000"
    )
    review_answer(nib, "verified", actor=curator)
    assert db.session.get(Enterprise, enterprise.id).verification_status == "unverified"
    review_answer(npwp, "verified", actor=curator)
    db.session.commit()
    assert db.session.get(Enterprise, enterprise.id).verification_status == "verified"


def test_a_number_that_differs_from_the_profile_gives_no_badge(ctx, factory, rd, checklist):
    enterprise = factory.enterprise()
    enterprise.nib, enterprise.npwp = "9120001234567", "012345678901000"
    db.session.commit()
    curator = factory.user("curator")
    for code, number in (("ent.nib", "9120009999999"), ("ent.npwp", "012345678901000")):
        answer = rd.answer(enterprise, code, state="submitted", certificate_number=number)
        review_answer(answer, "verified", actor=curator)
    db.session.commit()
    assert db.session.get(Enterprise, enterprise.id).verification_status == "unverified"


def test_a_verified_certificate_expires_everywhere_at_once(ctx, factory, rd, frozen, checklist):
    """Checklist answer, product grade and destination rule lose it in the same refresh."""
    frozen(NOON)
    food = rd.categories()["food"]
    add_rule(
        {
            "market": "all",
            "category_id": str(food.id),
            "document_code": "health_cert",
            "title_english": "Health certificate",
            "title_indonesian": "Sertifikat kesehatan",
            "item_code": "prod.registration",
        }
    )
    enterprise = factory.enterprise()
    snack = factory.product(enterprise, category=food, hs_code="19059090")
    curator = factory.user("curator")
    answer = rd.answer(
        enterprise,
        "prod.registration",
        state="submitted",
        product=snack,
        certificate_number="MD224713001234",
        expires_on=TODAY + timedelta(days=3),
    )
    review_answer(answer, "verified", actor=curator)
    db.session.commit()
    record = answer.verified_document
    assert record.is_valid and record.expires_on == TODAY + timedelta(days=3)
    assert required_documents(snack, "JP", "en")[0].status == "held"

    frozen(NOON + timedelta(days=4))
    expiry.refresh()
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(VerifiedDocument, record.id).state == "expired"
    assert db.session.get(ReadinessAnswer, answer.id).state == "expired"
    assert required_documents(snack, "JP", "en")[0].status == "missing"
    results = {r.item.code: r for r in assess_product(snack, ScoringContext.load()).results}
    assert not results["prod.registration"].counts
    # A second refresh changes nothing.
    assert expiry.refresh().expired == 0


def test_an_expiring_identity_record_takes_the_badge_with_it(ctx, factory, rd, frozen, checklist):
    frozen(NOON)
    enterprise = factory.enterprise()
    _identity_pending(factory, enterprise)
    curator = factory.user("curator")
    identity.decide_identity(enterprise, curator=curator, verified=True, note=None)
    db.session.commit()
    record = verified.valid_document(enterprise.id, "ent.nib")
    record.expires_on = TODAY  # e.g. a licence the OSS revoked, valid until today
    db.session.commit()
    frozen(NOON + timedelta(days=1))
    expiry.refresh()
    db.session.commit()
    assert db.session.get(Enterprise, enterprise.id).verification_status == "unverified"
    assert _answer(enterprise, "ent.nib").state == "expired"
    assert _answer(enterprise, "ent.npwp").state == "verified"  # its own record still stands


def test_a_new_verification_supersedes_the_old_record(ctx, factory, rd, checklist):
    enterprise = factory.enterprise()
    curator = factory.user("curator")
    answer = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    review_answer(answer, "verified", actor=curator)
    first = answer.verified_document_id
    from trading_house.readiness.lifecycle import transition

    transition(answer, "submitted", actor=None)  # new evidence sent
    review_answer(answer, "verified", actor=curator)
    db.session.commit()
    assert db.session.get(VerifiedDocument, first).state == "superseded"
    assert answer.verified_document.is_valid and answer.verified_document_id != first


# --- clinic follow-ups tied to a checklist item ----------------------------------------------


def test_a_follow_up_on_an_item_closes_itself_when_verified(ctx, factory, rd, frozen, checklist):
    frozen(NOON)
    enterprise = factory.enterprise()
    curator = factory.user("curator")
    session = clinic.record_session(
        enterprise,
        curator=curator,
        held_on=TODAY - timedelta(days=20),
        topics=["legal"],
        advice="Register on oss.go.id.",
        follow_ups=[("", TODAY - timedelta(days=5), "ent.nib"), ("Call the bank", TODAY, "")],
    )
    db.session.commit()
    tied, free = session.follow_ups
    assert tied.item_code == "ent.nib" and tied.description == "Get “Title ent.nib” verified"
    assert free.item_code is None
    assert [f.id for f in clinic.overdue_follow_ups()] == [tied.id]
    answer = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    review_answer(answer, "verified", actor=curator)
    db.session.commit()
    assert db.session.get(ClinicFollowUp, tied.id).done_at is not None
    assert db.session.get(ClinicFollowUp, tied.id).closed_by_document_id is not None
    assert db.session.get(ClinicFollowUp, free.id).done_at is None  # free text: by hand
    assert clinic.overdue_follow_ups() == []


def test_a_follow_up_for_an_item_already_verified_is_refused(ctx, factory, rd, checklist):
    enterprise = factory.enterprise()
    rd.answer(enterprise, "ent.nib", certificate_number="9120001234567")
    with pytest.raises(DomainError) as error:
        clinic.record_session(
            enterprise,
            curator=factory.user("curator"),
            held_on=TODAY - timedelta(days=400),
            topics=["legal"],
            advice="Upload the NIB.",
            follow_ups=[("Upload NIB", TODAY - timedelta(days=300), "ent.nib")],
        )
    assert error.value.field == "follow_ups-0-item"
    assert "already verified" in str(error.value.message)
    with pytest.raises(DomainError) as error:
        clinic.record_session(
            enterprise,
            curator=factory.user("curator"),
            held_on=TODAY - timedelta(days=400),
            topics=["legal"],
            advice="Upload the NIB.",
            follow_ups=[("Upload it", TODAY - timedelta(days=300), "ent.unknown")],
        )
    assert "Choose a checklist item" in str(error.value.message)


def test_the_refresh_closes_follow_ups_whose_item_was_verified_before(ctx, factory, rd, checklist):
    """A free-text follow-up linked later (or from before this feature) stops being overdue."""
    enterprise = factory.enterprise()
    curator = factory.user("curator")
    session = clinic.record_session(
        enterprise,
        curator=curator,
        held_on=TODAY - timedelta(days=400),
        topics=["legal"],
        advice="Upload the NIB.",
        follow_ups=[("Unggah sertifikat NIB", TODAY - timedelta(days=300))],
    )
    rd.answer(enterprise, "ent.nib", certificate_number="9120001234567")
    session.follow_ups[0].item_code = "ent.nib"
    db.session.commit()
    assert expiry.refresh().follow_ups_closed == 1
    db.session.commit()
    assert clinic.overdue_follow_ups() == []


def test_the_clinic_form_offers_checklist_items(client, login, factory, rd, frozen):
    from tests.readiness.conftest import SMALL_ITEMS

    rd.template(items=[*SMALL_ITEMS, NPWP])
    enterprise = factory.enterprise()
    curator = login(factory.user("curator"))
    page = curator.get(f"/readiness/e/{enterprise.id}/clinic?lang=en").get_data(as_text=True)
    assert '<option value="ent.nib">Title ent.nib</option>' in page
    response = curator.post(
        f"/readiness/e/{enterprise.id}/clinic?lang=en",
        data={
            "csrf_token": "",
            "held_on": "2026-01-05",
            "topics": ["legal"],
            "advice": "Register the NIB.",
            "follow_ups-0-description": "",
            "follow_ups-0-due_on": "2026-01-20",
            "follow_ups-0-item": "ent.nib",
        },
    )
    assert response.status_code == 302
    page = curator.get(f"/readiness/e/{enterprise.id}/clinic?lang=en").get_data(as_text=True)
    assert "Get “Title ent.nib” verified" in page and "closes itself when verified" in page


def test_a_ten_digit_hs_code_answer_is_refused_with_an_explanation(ctx, factory, rd, checklist):
    from trading_house.readiness.services import AnswerInput, save_answer

    enterprise = factory.enterprise()
    product = factory.product(enterprise, category=rd.categories()["textile"])
    item = rd.item("prod.hs")
    with pytest.raises(DomainError) as error:
        save_answer(
            enterprise,
            item.id,
            product.id,
            AnswerInput(certificate_number="6211.42.00.00"),
            actor=None,
        )
    assert error.value.field == "certificate_number"
    assert "BTKI 2022" in str(error.value.message)
    answer = save_answer(
        enterprise, item.id, product.id, AnswerInput(certificate_number="6211.42.00"), actor=None
    )
    assert answer.certificate_number == "62114200"


def test_the_identity_page_shows_a_document_already_verified_as_a_checklist_item(
    client, login, factory, rd, checklist
):
    enterprise = factory.enterprise()
    _identity_pending(factory, enterprise)
    answer = rd.answer(enterprise, "ent.nib", state="submitted", certificate_number="9120001234567")
    review_answer(answer, "verified", actor=factory.user("curator"))
    db.session.commit()
    desk = login(factory.user("curator"))
    body = desk.get(f"/curation/identity/{enterprise.id}?lang=en").get_data(as_text=True)
    assert 'data-testid="already-verified-nib"' in body and "9120001234567" in body
    assert 'data-testid="already-verified-npwp"' not in body
    assert "nobody checks these documents twice" in body


def test_identities_verified_without_a_record_get_one_once(ctx, factory, rd, checklist):
    """The demo data (and any older path) verified identities directly: they are recorded."""
    enterprise = factory.enterprise()
    enterprise.nib, enterprise.npwp = "9120001234567", "012345678901000"
    enterprise.verification_status = "verified"
    db.session.commit()
    rd.answer(enterprise, "ent.nib", state="declared", certificate_number="9120001234567")
    assert verified.record_existing_identities() == 2
    db.session.commit()
    assert _answer(enterprise, "ent.nib").state == _answer(enterprise, "ent.npwp").state
    assert _answer(enterprise, "ent.nib").state == "verified"
    assert verified.record_existing_identities() == 0
