"""The whole lifecycle: submit → queue → request changes → fix → approve → buyers see it; and
every decision as an immutable audit row with notifications in the SME's language."""

import pytest
from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.core.models import OutboxEmail
from trading_house.curation import services
from trading_house.curation.models import Notification, Review
from trading_house.extensions import db


def seen_version(client, product_id) -> str:
    page = client.get(f"/curation/review/{product_id}").get_data(as_text=True)
    marker = 'name="seen_version" type="hidden" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_submit_review_fix_approve_and_buyers_see_it(
    app, sme, curator, make_listing, sign_in, client
):
    owner, enterprise = sme
    product = make_listing(slug="kopi-sapan-honey")
    product_id = product.id
    shop = sign_in(owner)
    desk = sign_in(curator)

    # The SME sends the listing; it is not public yet and waits in the queue.
    assert shop.post(f"/business/products/{product_id}/send-for-review").status_code == 302
    assert client.get("/p/kopi-sapan-honey").status_code == 404
    queue = desk.get("/curation/?lang=en").get_data(as_text=True)
    assert f'data-product-id="{product_id}"' in queue and "New listing" in queue

    # The curator claims it and asks for changes, with reasons, feedback and a field note.
    assert desk.post(f"/curation/review/{product_id}/claim").status_code == 302
    screen = desk.get(f"/curation/review/{product_id}?lang=en").get_data(as_text=True)
    for part in ("You are reviewing", "Automatic pre-checks", LONG_EN_START, "Kopi Arabika Sapan"):
        assert part in screen
    response = desk.post(
        f"/curation/review/{product_id}/decide",
        data={
            "decision": "changes_requested",
            "reasons": ["photos_quality", "english_text"],
            "feedback": "Foto kedua gelap.",
            "note_description_english": "Add brewing advice.",
            "seen_version": seen_version(desk, product_id),
            "then": "queue",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.status == "changes_requested"
        review = db.session.scalar(select(Review).where(Review.product_id == product_id))
        assert (review.decision, review.curator_id) == ("changes_requested", curator.id)
        assert review.reason_codes == ["photos_quality", "english_text"]
        assert review.field_notes == {"description_english": "Add brewing advice."}
        assert review.submitted_at is not None and review.snapshot["photos"]
        # Both members are told, in the inbox and by e-mail.
        kinds = db.session.scalars(select(Notification.kind)).all()
        assert kinds == ["changes_requested", "changes_requested"]
        assert db.session.scalar(
            select(OutboxEmail).where(OutboxEmail.recipient == "owner@kopisapan.id")
        )

    # The SME sees the feedback next to the fields, and its unread message.
    edit = shop.get(f"/business/products/{product_id}/edit?lang=en").get_data(as_text=True)
    assert 'data-testid="curator-feedback"' in edit
    assert "Foto kedua gelap." in edit
    assert 'data-field-note="description_english" data-note-kind="curator"' in edit
    assert 'data-field-note="photos" data-note-kind="curator"' in edit  # from the reason code
    dashboard = shop.get("/business?lang=en").get_data(as_text=True)
    assert 'data-testid="unread-count">1<' in dashboard

    # The SME fixes the text and sends it again.
    with app.app_context():
        product = db.session.get(Product, product_id)
        product.description_english += " Brew with 92 °C water, 15 g per cup."
        db.session.commit()
    assert shop.post(f"/business/products/{product_id}/send-for-review").status_code == 302

    # Another curator approves it; the buyer finds it.
    response = desk.post(
        f"/curation/review/{product_id}/decide",
        data={"decision": "approved", "seen_version": seen_version(desk, product_id)},
    )
    assert response.status_code == 302
    page = client.get("/p/kopi-sapan-honey?lang=en")
    assert page.status_code == 200 and "Brew with 92" in page.get_data(as_text=True)
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert [(e.from_status, e.to_status) for e in product.events] == [
            ("draft", "submitted"),
            ("submitted", "changes_requested"),
            ("changes_requested", "submitted"),
            ("submitted", "approved"),
        ]
        assert product.published_at is not None
        decisions = db.session.scalars(select(Review.decision).order_by(Review.id)).all()
        assert decisions == ["changes_requested", "approved"]
    history = shop.get(f"/business/products/{product_id}/revise?lang=en").get_data(as_text=True)
    assert 'data-testid="decisions"' in history

    # The inbox: reading marks it read.
    inbox = shop.get("/business/inbox?lang=en").get_data(as_text=True)
    assert inbox.count('data-read="no"') == 2
    assert shop.post("/business/inbox/read").status_code == 302
    assert 'data-read="no"' not in shop.get("/business/inbox").get_data(as_text=True)


LONG_EN_START = "Arabica coffee from the Sapan slopes"


def test_reject_then_rework_as_draft(app, sme, curator, make_listing, ctx):
    product = make_listing(status="submitted")
    _revision, version = services.review_target(product)
    services.decide(
        product, curator=curator, decision="rejected", seen_version=version, reasons=["not_local"]
    )
    db.session.commit()
    assert product.status == "rejected"
    services.reopen_listing(product, actor=sme[0])
    assert product.status == "draft"


def test_a_decision_without_reason_or_feedback_is_refused(sme, curator, make_listing, ctx):
    product = make_listing(status="submitted")
    _revision, version = services.review_target(product)
    with pytest.raises(services.DomainError) as error:
        services.decide(product, curator=curator, decision="rejected", seen_version=version)
    assert error.value.field == "feedback"
    with pytest.raises(services.DomainError):
        services.decide(
            product,
            curator=curator,
            decision="changes_requested",
            seen_version=version,
            reasons=["no_such_code"],
        )


def test_bad_decision_input_is_explained_and_nothing_changes(
    app, sme, curator, make_listing, sign_in
):
    product = make_listing(status="submitted")
    desk = sign_in(curator)
    response = desk.post(
        f"/curation/review/{product.id}/decide?lang=en",
        data={"decision": "rejected", "seen_version": seen_version(desk, product.id)},
    )
    assert response.status_code == 422
    assert "Tick at least one reason or write feedback" in response.get_data(as_text=True)
    response = desk.post(f"/curation/review/{product.id}/decide?lang=en", data={})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Product, product.id).status == "submitted"
        assert db.session.scalar(select(Review.id)) is None


def test_withdraw_from_review(app, sme, make_listing, sign_in):
    product = make_listing(status="submitted")
    shop = sign_in(sme[0])
    assert shop.post(f"/business/products/{product.id}/withdraw-review").status_code == 302
    with app.app_context():
        assert db.session.get(Product, product.id).status == "draft"


def test_reviews_are_immutable(sme, curator, make_listing, ctx):
    product = make_listing(status="submitted")
    _revision, version = services.review_target(product)
    review = services.decide(product, curator=curator, decision="approved", seen_version=version)
    db.session.commit()
    review.feedback = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.delete(db.session.get(Review, review.id))
        db.session.flush()
    db.session.rollback()


def test_content_with_blocking_problems_is_never_approved(sme, curator, make_listing, ctx):
    """The listing changed while it waited (a photo was deleted): approval is refused."""
    product = make_listing(status="submitted")
    db.session.delete(product.photos[0])
    db.session.commit()
    db.session.refresh(product)
    _revision, version = services.review_target(product)
    with pytest.raises(services.DomainError) as error:
        services.decide(product, curator=curator, decision="approved", seen_version=version)
    assert "request changes instead" in str(error.value.message)
    db.session.rollback()
    assert db.session.get(Product, product.id).status == "submitted"
