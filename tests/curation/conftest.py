"""Curation fixtures: the category tree, reason codes, an SME with a listing that passes the
pre-checks, curators, and a helper to sign several people in at once."""

import pytest

from trading_house.catalog.models import Category, Product
from trading_house.catalog.seed import seed_categories
from trading_house.curation.services import submit_listing
from trading_house.curation.settings import ensure_default_reasons
from trading_house.extensions import db

LONG_ID = (
    "Kopi arabika dari lereng Sapan, Toraja Utara, dipetik merah, diproses madu dan disangrai "
    "medium oleh anggota koperasi."
)
LONG_EN = (
    "Arabica coffee from the Sapan slopes of North Toraja, red-cherry picked, honey processed "
    "and medium roasted by members of the cooperative."
)


@pytest.fixture
def categories(app):
    """The real category tree, by slug (ids)."""
    with app.app_context():
        tree = seed_categories()
        ensure_default_reasons()
        db.session.commit()
        ids = {slug: c.id for slug, c in tree.items()}
        db.session.remove()
    return ids


@pytest.fixture
def sme(factory):
    owner = factory.user("sme", email="owner@kopisapan.id", preferred_language="id")
    staff = factory.user("sme", email="staff@kopisapan.id", preferred_language="en")
    enterprise = factory.enterprise(
        owner, staff=[staff], name="Kopi Sapan", regency_code="7326", slug="kopi-sapan"
    )
    return owner, enterprise


@pytest.fixture
def curator(factory):
    return factory.user("curator", email="kurator@rumahdagang.id", display_name="Nurhayati")


@pytest.fixture
def curator2(factory):
    return factory.user("curator", email="kurator2@rumahdagang.id", display_name="Ikhsan")


@pytest.fixture
def admin(factory):
    return factory.user("admin", email="admin@rumahdagang.id", display_name="Andi")


def ready_fields(**overrides) -> dict:
    """Content that passes every pre-check in the coffee category."""
    fields = {
        "name_indonesian": "Kopi Arabika Sapan 250 g",
        "name_english": "Sapan Arabica Coffee 250 g",
        "description_indonesian": LONG_ID,
        "description_english": LONG_EN,
        "retail_price_idr": 95000,
        "hs_code": "09011190",
        "weight_grams": 250,
        "materials": "Biji kopi arabika",
        "stock": 40,
        "lead_time_days": 7,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_listing(factory, categories, sme):
    """``make_listing(status="draft", photos=3, **fields)``: a listing of the SME's enterprise
    (``status="submitted"`` goes through the real submission)."""

    def _make(status="draft", photos=3, enterprise=None, category="kopi-arabika", **fields):
        values = ready_fields(**fields)
        product = factory.product(
            enterprise or sme[1],
            category=db.session.get(Category, categories[category]),
            status="draft" if status == "submitted" else status,
            **values,
        )
        for n in range(photos):
            factory.photo(product, position=n, alt_text=f"Foto {n + 1}")
        db.session.expire_all()
        product = db.session.get(Product, product.id)
        if status == "submitted":  # through the real submission: pre-checks and the event
            submit_listing(product, actor=sme[0])
            db.session.commit()
        return product

    return _make


@pytest.fixture
def sign_in(app, login):
    """``sign_in(user)`` -> a fresh client signed in as ``user`` (several at once)."""

    def _sign_in(user):
        client = app.test_client()
        login(user, target=client)
        return client

    return _sign_in


@pytest.fixture
def ctx(app):
    """A test request in English (messages are asserted in their English source text)."""
    with app.test_request_context("/?lang=en"):
        yield
        db.session.remove()
