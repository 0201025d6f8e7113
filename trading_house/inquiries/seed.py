"""Demo threads in different states between the demo importers and the demo enterprises.

Runs after the accounts, enterprises and catalog seeds; quietly does nothing when their
data is missing. Times are moved back with ``core.clock.freeze`` so that response times and
the "usually answers within" line on enterprise pages show realistic values.
"""

import logging
from datetime import timedelta

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.accounts.services import find_user_by_email
from trading_house.catalog.models import Product
from trading_house.core import clock
from trading_house.core.money import Money
from trading_house.core.rates import convert, rate_table
from trading_house.enterprises.models import Membership
from trading_house.extensions import db
from trading_house.inquiries import pools, quotations, rfq, services
from trading_house.inquiries.models import Inquiry
from trading_house.inquiries.terms import trading_today

log = logging.getLogger(__name__)


def _seller(product: Product) -> User | None:
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.enterprise_id == product.enterprise_id)
        .order_by(Membership.role != "owner", Membership.id)
    )


def _products() -> list[Product]:
    """Published products, one per enterprise first, export products (with an MOQ) first."""
    rows = db.session.scalars(
        select(Product)
        .where(Product.status == "approved")
        .order_by(Product.export_moq.is_(None), Product.id)
    ).all()
    seen: set[int] = set()
    first: list[Product] = []
    rest: list[Product] = []
    for product in rows:
        (rest if product.enterprise_id in seen else first).append(product)
        seen.add(product.enterprise_id)
    return [p for p in first + rest if _seller(p) is not None]


def seed_demo() -> None:
    kenji, sanne = (
        find_user_by_email("importer@rumahdagang.id"),
        find_user_by_email("buyer2@rumahdagang.id"),
    )
    curator = find_user_by_email("kurator@rumahdagang.id")
    products = _products()
    if not kenji or not sanne or len(products) < 2:
        return
    if db.session.scalar(select(Inquiry.id).limit(1)):
        return  # already seeded
    now = clock.utcnow()
    try:
        _threads(kenji, sanne, products, now)
        if curator is not None:
            _requests(kenji, sanne, curator, products, now)
    finally:
        clock.freeze(None)
    db.session.flush()


def _ask(buyer, product, days_ago: float, now, message: str, **extra) -> Inquiry:
    clock.freeze(now - timedelta(days=days_ago))
    return services.start_inquiry(
        buyer,
        product,
        quantity=max(product.export_moq or 0, 200),
        unit=product.export_unit,
        destination_country=buyer.country or "JP",
        incoterm="FOB",
        date_needed=trading_today() + timedelta(days=75),
        message=message,
        locale=buyer.preferred_language,
        **extra,
    )


def _quote(inquiry, product, now, hours_later: float, currency: str):
    """The seller quotes its listed price for the quantity, in ``currency`` (IDR without a rate),
    so the demo's quotations pass the same plausibility check as typed ones."""
    clock.freeze(inquiry.created_at + timedelta(hours=hours_later))
    listed = Money(product.listed_unit_price_idr(inquiry.quantity), "IDR")
    price = convert(listed, currency) or listed
    seller = _seller(product)
    services.post_message(
        seller,
        inquiry,
        "Terima kasih atas permintaannya. Kami kirimkan penawaran harga FOB Makassar.",
        locale="id",
    )
    return quotations.issue_quotation(
        seller,
        inquiry,
        unit_price=price.amount,
        currency=price.currency,
        quantity=inquiry.quantity,
        moq=product.export_moq,
        incoterm="FOB",
        named_place="Makassar",
        lead_time_days=product.lead_time_days or 21,
        valid_until=trading_today() + timedelta(days=30),
        payment_terms="bank_transfer",
        notes="Packed in export cartons; phytosanitary certificate on request.",
    )


def _threads(kenji, sanne, products, now) -> None:
    # 1. open: asked yesterday, not answered yet
    _ask(
        kenji,
        products[0],
        1,
        now,
        "Could you quote FOB Makassar? We would start with one order a month.\n"
        "Our specification: https://example.com/spec.pdf",
        sample_quantity=3 if products[0].sample_available else None,
    )
    # 2. quoted: answered after 5 hours
    quoted = _ask(sanne, products[1], 6, now, "Please quote for our first order to Rotterdam.")
    _quote(quoted, products[1], now, 5, "EUR")
    # 3. accepted (an order is created by the orders area, when it is installed)
    if len(products) > 2:
        accepted = _ask(kenji, products[2], 12, now, "We need this for our spring catalogue.")
        quotation = _quote(accepted, products[2], now, 20, "JPY")
        clock.freeze(accepted.created_at + timedelta(days=2))
        savepoint = db.session.begin_nested()
        try:
            quotations.accept_quotation(quotation, kenji)
            savepoint.commit()
        except Exception:  # the order area said no: keep the demo going with a quoted thread
            log.warning("demo acceptance failed; the thread stays quoted", exc_info=True)
            savepoint.rollback()
    # 4. declined with a reason, answered after 30 hours
    declined = _ask(sanne, products[0], 20, now, "What is your best price for a trial order?")
    quotation = _quote(declined, products[0], now, 30, "USD")
    clock.freeze(declined.created_at + timedelta(days=3))
    quotations.decline_quotation(quotation, sanne, "The price is above our target for a trial.")


def _pool(request, curator, products, now) -> None:
    """A pooled quotation in euros being composed: the first demo enterprise (umkm1, also
    umkm@rumahdagang.id) is asked to confirm a line in net rupiah; another one confirmed."""
    if not rate_table().get("EUR"):
        return
    clock.freeze(now - timedelta(hours=20))
    pool = pools.start_pool(curator, request, currency="EUR", margin_bp=800)
    asked = [p for p in products[:3] if p.enterprise_id != products[0].enterprise_id][:1]
    for product in [products[0], *asked]:
        net = product.listed_unit_price_idr(500)
        line = pools.add_pool_line(
            curator, pool, product_id=product.id, quantity=500, unit_cost=net, price_confirmed=True
        )
        db.session.flush()
        if product is not products[0]:
            seller = _seller(product)
            clock.freeze(now - timedelta(hours=4))
            pools.answer_pool_line(
                seller, line, confirm=True, quantity=500, unit_cost=net, price_confirmed=True
            )
    pools.update_pool_terms(
        curator,
        pool,
        margin_bp=800,
        incoterm="FOB",
        named_place="Makassar",
        lead_time_days=45,
        valid_until=trading_today() + timedelta(days=21),
        payment_terms="bank_transfer",
        notes="One consolidated shipment from Makassar; the trading house is the exporter.",
    )


def _requests(kenji, sanne, curator, products, now) -> None:
    clock.freeze(now - timedelta(days=2))
    category_id = products[0].category_id
    routed = rfq.post_request(
        sanne,
        category_id=category_id,
        title="2 tonnes per month for a year-round programme",
        description="We look for a steady supply for our shops in the Netherlands, "
        "packed in 1 kg bags with our label. Samples first, please.",
        quantity=2000,
        unit="kg",
        destination_country="NL",
        date_needed=trading_today() + timedelta(days=90),
        incoterm="CIF",
    )
    enterprise_ids = sorted({p.enterprise_id for p in products[:2]})
    clock.freeze(now - timedelta(days=1))
    rfq.route_request(curator, routed, enterprise_ids)
    _pool(routed, curator, products, now)
    clock.freeze(now - timedelta(hours=3))
    rfq.post_request(
        kenji,
        category_id=products[-1].category_id,
        title="Gift sets for a department store in Osaka",
        description="About 500 gift sets for the year-end season; local materials preferred.",
        quantity=500,
        unit="set",
        destination_country="JP",
        date_needed=trading_today() + timedelta(days=120),
    )
