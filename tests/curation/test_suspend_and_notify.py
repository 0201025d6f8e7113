"""Suspend and reinstate by a curator; archive by the business; the SME is told by e-mail in its
own language and in the in-app inbox."""

from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.core.models import OutboxEmail
from trading_house.curation import services
from trading_house.curation.models import Notification, Review
from trading_house.extensions import db


def test_suspend_with_a_reason_then_reinstate(app, client, sme, curator, make_listing, sign_in):
    product = make_listing(status="approved", slug="sirup-markisa")
    desk = sign_in(curator)
    assert client.get("/p/sirup-markisa").status_code == 200
    # A reason is required.
    response = desk.post(
        f"/curation/review/{product.id}/suspend?lang=en", data={}, follow_redirects=True
    )
    assert "Tick at least one reason" in response.get_data(as_text=True)
    assert client.get("/p/sirup-markisa").status_code == 200
    desk.post(
        f"/curation/review/{product.id}/suspend",
        data={"reasons": ["buyer_complaints"], "feedback": "Tutup botol bocor."},
    )
    assert client.get("/p/sirup-markisa").status_code == 404
    shop = sign_in(sme[0])
    edit = shop.get(f"/business/products/{product.id}/revise?lang=en")
    page = edit.get_data(as_text=True)
    assert "Tutup botol bocor." in page and "Suspended by the trading house" in page
    # The business cannot put it back on sale itself.
    assert shop.post(f"/curation/review/{product.id}/reinstate").status_code == 404
    desk.post(f"/curation/review/{product.id}/reinstate", data={"feedback": "Kemasan baru oke."})
    assert client.get("/p/sirup-markisa").status_code == 200
    with app.app_context():
        events = db.session.get(Product, product.id).events
        assert [(e.from_status, e.to_status) for e in events] == [
            ("approved", "suspended"),
            ("suspended", "approved"),
        ]
        assert db.session.scalars(select(Review.decision).order_by(Review.id)).all() == [
            "suspended",
            "reinstated",
        ]
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == sme[0].id)
        ).all()
        assert kinds == ["suspended", "reinstated"]


def test_the_business_archives_its_listing(app, client, sme, make_listing, sign_in):
    product = make_listing(status="approved", slug="kopi-arsip")
    shop = sign_in(sme[0])
    assert shop.post(f"/business/products/{product.id}/archive").status_code == 302
    assert client.get("/p/kopi-arsip").status_code == 404
    with app.app_context():
        assert db.session.get(Product, product.id).status == "archived"


def test_the_email_is_in_each_members_language(app, sme, curator, make_listing, ctx):
    """The owner reads Indonesian, the staff member English: each gets the reasons in theirs."""
    product = make_listing(status="submitted")
    _revision, version = services.review_target(product)
    services.decide(
        product,
        curator=curator,
        decision="changes_requested",
        seen_version=version,
        reasons=["photos_quality"],
        feedback="Foto kedua gelap.",
        field_notes={"description_english": "Add brewing advice."},
    )
    db.session.commit()
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxEmail))}
    indonesian = mails["owner@kopisapan.id"].body_text
    english = mails["staff@kopisapan.id"].body_text
    assert "Foto kurang jelas, gelap atau terlalu kecil" in indonesian
    assert "Photos are unclear, dark or too small" not in indonesian
    assert "Photos are unclear, dark or too small" in english
    assert "Foto kurang jelas" not in english
    assert "Kopi Arabika Sapan 250 g" in indonesian  # the product's Indonesian name
    for body in (indonesian, english):
        assert "Foto kedua gelap." in body and "Add brewing advice." in body
        assert f"/business/products/{product.id}/edit" in body
    assert "Sapan Arabica Coffee 250 g" in english  # the product's English name
    assert "Hello" in english or "Halo" in english


def test_approval_and_rejection_mails(app, sme, curator, make_listing, ctx):
    approved = make_listing(status="submitted", sku="A")
    rejected = make_listing(status="submitted", sku="B")
    cases = ((approved, "approved", []), (rejected, "rejected", ["not_local"]))
    for product, decision, reasons in cases:
        _revision, version = services.review_target(product)
        services.decide(
            product, curator=curator, decision=decision, seen_version=version, reasons=reasons
        )
    db.session.commit()
    bodies = [
        m.body_text
        for m in db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == "staff@kopisapan.id")
        )
    ]
    assert any("It is now published" in b for b in bodies)
    assert any("Not a product of a South Sulawesi SME" in b for b in bodies)
