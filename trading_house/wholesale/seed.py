"""Demo data of wholesale: the East Java trip. "Toko Oleh-Oleh Surabaya" is approved in the
group "East Java oleh-oleh shops" (−12 %) on net 30 with a credit limit, has an owner and an
accountant, one order on terms with an overdue invoice; "CV Kerajinan Kulit Sidoarjo" waits
for approval. The README lists the accounts (password :data:`DEMO_PASSWORD`)."""

import secrets
from datetime import timedelta

from sqlalchemy import select

from trading_house.accounts.seed import DEMO_PASSWORD
from trading_house.accounts.services import create_user, find_user_by_email
from trading_house.catalog.models import Product
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.orders import disputes
from trading_house.orders.models import Fulfilment, OrderLine
from trading_house.payments import milestones
from trading_house.wholesale import ordering, policies, pricing, services
from trading_house.wholesale.models import BuyerGroup, MemberRole, OrganisationMember

GROUP_NAME = "East Java oleh-oleh shops"
ORGANISATION_NAME = "Toko Oleh-Oleh Surabaya"

DEMO_USERS = (
    {
        "email": "grosir@rumahdagang.id",
        "display_name": "Dewi Kusumawati",
        "company": ORGANISATION_NAME,
    },
    {
        "email": "keuangan.grosir@rumahdagang.id",
        "display_name": "Bambang Setiawan",
        "company": ORGANISATION_NAME,
    },
    {
        "email": "sidoarjo@rumahdagang.id",
        "display_name": "Agus Prasetyo",
        "company": "CV Kerajinan Kulit Sidoarjo",
    },
)


def _demo_user(spec):
    user = find_user_by_email(spec["email"])
    if user is None:
        user = create_user(
            spec["email"],
            DEMO_PASSWORD,
            spec["display_name"],
            ("buyer",),
            verified=True,
            company=spec["company"],
            country="ID",
            buyer_type="wholesale",
            timezone="Asia/Jakarta",
        )
    return user


def seed_demo() -> None:
    admin = find_user_by_email("admin@rumahdagang.id")
    if admin is None or db.session.scalar(select(BuyerGroup.id).limit(1)) is not None:
        return
    owner, accountant, applicant = (_demo_user(spec) for spec in DEMO_USERS)
    group = services.create_group(
        actor=None,
        name=GROUP_NAME,
        description="Souvenir shops of Surabaya and Sidoarjo, met on the East Java trip.",
    )
    price_list = pricing.price_list_for(group_id=group.id, create=True, name=GROUP_NAME)
    pricing.set_discount(price_list, actor=None, discount_bp=1200, name=GROUP_NAME)
    products = db.session.scalars(
        select(Product)
        .where(Product.status == "approved", Product.stock >= 60)
        .order_by(Product.id)
    ).all()[:6]
    for index, product in enumerate(products):
        pack = 6 if index % 2 else 12
        pricing.set_item(
            price_list,
            actor=None,
            product_id=product.id,
            unit_price_idr=None,
            case_pack=pack,
            min_quantity=pack * 2,
        )

    shop = services.apply_for_organisation(
        owner,
        name=ORGANISATION_NAME,
        tax_number="01.234.567.8-614.000",
        country="ID",
        city="Surabaya",
        address="Jl. Genteng Besar 62, Surabaya 60275",
        about="Oleh-oleh shop near Pasar Genteng: snacks, coffee and crafts from the islands.",
    )
    shop.members.append(OrganisationMember(user_id=accountant.id, role=MemberRole.ACCOUNTANT))
    services.approve(
        shop,
        actor=admin,
        group_id=group.id,
        net_terms_days=30,
        credit_limit_idr=50_000_000,
        note="Visited in Surabaya, November 2026.",
    )
    services.apply_for_organisation(
        applicant,
        name="CV Kerajinan Kulit Sidoarjo",
        tax_number="02.345.678.9-617.000",
        country="ID",
        city="Sidoarjo",
        address="Jl. Raya Tanggulangin 12, Sidoarjo",
        about="Leather-goods wholesaler in Tanggulangin; wants Bone songkok and silk.",
    )
    db.session.flush()
    if products:
        first = pricing.price_for(shop, products[0], 1)
        order, _created = ordering.place_wholesale_order(
            owner,
            quantities={products[0].id: first.min_quantity},
            on_terms=True,
            idempotency_key=secrets.token_urlsafe(24),
            note="Demo: first order on terms.",
            locale="id",
        )
        # An older invoice, so the overdue view and the reminders have something to show.
        invoice = ordering.invoice_of(order)
        assert invoice is not None  # an order on terms is invoiced when it is placed
        invoice.issued_on = business_today() - timedelta(days=40)
        invoice.due_on = business_today() - timedelta(days=10)
        _milestone_demo(owner, admin, products[1] if len(products) > 1 else products[0])
    _dispute_demo()
    db.session.flush()


def _milestone_demo(owner, admin, product) -> None:
    """A larger order paid up front in two parts: 30 % deposit paid, 70 % before shipment."""
    shop = policies.approved_organisation_of(owner)
    assert shop is not None  # approved in seed_demo
    price = pricing.price_for(shop, product, 1)
    order, _created = ordering.place_wholesale_order(
        owner,
        quantities={product.id: price.min_quantity * 2},
        on_terms=False,
        idempotency_key=secrets.token_urlsafe(24),
        note="Demo: deposit and balance.",
        locale="id",
    )
    parts = milestones.plan(order, [(3000, "on_order"), (7000, "before_shipment")], actor=admin)
    milestones.confirm(
        parts[0], actor=admin, method="bank_transfer", received_reference="Demo: BCA 0412-3381"
    )


def _dispute_demo() -> None:
    """The delivered demo order: its buyer reports a damaged line (open, payout held)."""
    line = db.session.scalar(
        select(OrderLine)
        .join(Fulfilment, Fulfilment.id == OrderLine.fulfilment_id)
        .where(Fulfilment.status == "delivered")
        .order_by(OrderLine.id)
    )
    if line is None:
        return
    disputes.open_dispute(
        line.order,
        line,
        actor=line.order.buyer,
        reason="damaged",
        quantity=1,
        description="Demo: one pack arrived with a torn seal; photo sent by WhatsApp.",
    )
