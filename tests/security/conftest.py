"""Security-suite fixtures: one small world with every kind of object and the seven actors.

The objects are made with the factories and the areas' own services (as each area's tests do),
so the authorization matrix and the form fuzzing reach real pages, not only 404s.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.cooperatives import helpers as coop_factory
from tests.orders.helpers import place, shipping_zones
from tests.readiness.conftest import Readiness
from tests.supervision.helpers import security_world as supervision_world
from tests.supervision.world import add_supervision
from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.cooperatives.models import Cooperative
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db
from trading_house.inquiries import quotations, services
from trading_house.inquiries.models import Inquiry
from trading_house.inquiries.terms import trading_today
from trading_house.orders.models import Order
from trading_house.readiness.models import ReadinessAnswer

#: The actors of the matrix, in the order they are tried (deniers first, so an allowed actor's
#: POST cannot change what a later denial check sees).
ACTORS = (
    "anonymous",
    "other_buyer",
    "other_sme",
    "other_coop_officer",
    "buyer",
    "sme",
    "curator",
    "examiner",
    "coop_officer",
    "admin",
)

EN = {"preferred_language": "en"}


@dataclass
class World:
    users: dict
    enterprise: Enterprise
    other_enterprise: Enterprise
    draft: Product
    published: Product
    photo: object
    order: Order
    inquiry: Inquiry
    quotation: object
    answer: ReadinessAnswer
    template: object
    victim: User
    membership: Membership
    cooperative: Cooperative
    other_cooperative: Cooperative
    examination: object = None
    certificate: object = None


@pytest.fixture
def world(app, factory):
    buyer = factory.user("buyer", email="buyer@example.jp", company="Sakura", country="JP", **EN)
    other_buyer = factory.user("buyer", email="other-buyer@example.nl", **EN)
    sme = factory.user("sme", email="owner@kopi.id", **EN)
    other_sme = factory.user("sme", email="owner@sutra.id", **EN)
    curator = factory.user("curator", email="kurator@example.id", **EN)
    admin = factory.user("admin", email="admin@example.id", **EN)
    victim = factory.user("sme", email="staff@kopi.id", **EN)  # target of user/membership routes
    examiner = factory.user("examiner", email="pengawas@example.id", **EN)
    coop_officer = factory.user("coop_officer", email="ketua@kopsejahtera.id", **EN)
    other_coop_officer = factory.user("coop_officer", email="ketua@ksp-maju.id", **EN)
    enterprise = factory.enterprise(sme, staff=[victim], name="Kopi Toraja Sejahtera")
    other_enterprise = factory.enterprise(other_sme, name="Sutra Sengkang")
    rd = Readiness(factory)
    template = rd.template()
    category = factory.category("Kopi")
    shipping_zones()
    published = factory.product(
        enterprise,
        category=category,
        name_english="Toraja Arabica",
        export_moq=100,
        export_unit="kg",
        hs_code="09011100",
        origin_regency_code="7318",
        sample_available=True,
        lead_time_days=21,
        weight_grams=300,
        stock=40,
    )
    draft = factory.product(enterprise, category=category, status="draft", published_at=None)
    factory.product(other_enterprise, category=category, name_english="Sengkang Silk")
    photo = factory.photo(draft)
    factory.photo(published)
    order = place(buyer, [(published, 1)])
    inquiry = services.start_inquiry(
        buyer,
        published,
        quantity=200,
        unit="kg",
        destination_country="JP",
        incoterm="FOB",
        date_needed=trading_today() + timedelta(days=60),
        message="Please quote FOB Makassar.",
        locale="en",
    )
    db.session.commit()
    quotation = quotations.issue_quotation(
        sme,
        inquiry,
        unit_price=1250,
        currency="USD",
        quantity=200,
        moq=100,
        incoterm="FOB",
        named_place="Makassar",
        lead_time_days=21,
        valid_until=trading_today() + timedelta(days=30),
        payment_terms="bank_transfer",
        notes="",
    )
    db.session.commit()
    answer = rd.answer(enterprise, "ent.nib", state="submitted")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == victim.id))
    cooperative = coop_factory.cooperative(
        coop_officer, name="Koperasi Produsen Kopi Toraja Sejahtera", examiner=examiner
    )
    other_cooperative = coop_factory.cooperative(other_coop_officer, name="KSP Maju Bersama")
    coop_factory.statement(cooperative, 2025)
    coop_factory.rat(cooperative, 2025, date(2026, 3, 14))
    coop_factory.member(cooperative, "Yohanis Rante")
    examination, certificate = supervision_world(cooperative, examiner, admin)
    add_supervision(cooperative, examiner=examiner, admin=admin)
    users = dict(
        buyer=buyer,
        other_buyer=other_buyer,
        sme=sme,
        other_sme=other_sme,
        curator=curator,
        admin=admin,
        examiner=examiner,
        coop_officer=coop_officer,
        other_coop_officer=other_coop_officer,
    )
    return World(
        users=users,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        draft=draft,
        published=published,
        photo=photo,
        order=order,
        inquiry=inquiry,
        quotation=quotation,
        answer=answer,
        template=template,
        victim=victim,
        membership=membership,
        cooperative=cooperative,
        other_cooperative=other_cooperative,
        examination=examination,
        certificate=certificate,
    )


def first_id(model) -> int:
    """The smallest id in a table, or an id that does not exist (the route must then 404)."""
    return db.session.scalar(select(func.min(model.id))) or 987654


@pytest.fixture
def actor_clients(app, world):
    """``clients[actor]``: a test client signed in as that actor (``anonymous``: none)."""
    clients = {}
    for actor in ACTORS:
        client = app.test_client()
        if actor != "anonymous":
            user = world.users[actor]
            response = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert response.status_code in (302, 303), actor
            client.get("/?lang=en")
        clients[actor] = client
    return clients


PASSWORD = "Sulawesi-Selatan-2026"
