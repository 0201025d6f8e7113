"""Demo data of the orders area: shipping zones and rates, commission defaults, and a few
orders for the demo buyers (paid and shipped further by ``payments/seed.py``)."""

import logging
from typing import Any

from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.catalog.models import Category, Product
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.checkout import place_order
from trading_house.orders.fulfilment import cancel
from trading_house.orders.models import CommissionRate, Order, ShippingRate, ShippingZone
from trading_house.orders.shipping import Address

log = logging.getLogger(__name__)

#: (Indonesian name, English name, scope, areas, quoted,
#:  [(service, min g, max g, IDR, days[, IDR per extra kg on the top band])])
ZONES: tuple[tuple[str, str, str, list[str], bool, list[tuple[Any, ...]]], ...] = (
    (
        "Sulawesi Selatan",
        "South Sulawesi",
        "domestic",
        ["73"],
        False,
        [
            ("JNE REG", 0, 1000, 12000, (1, 2)),
            ("JNE REG", 1000, 5000, 25000, (1, 2)),
            ("JNE REG", 5000, None, 60000, (2, 3), 10000),
            ("Kurir lokal Makassar", 0, 3000, 15000, (0, 1)),
        ],
    ),
    (
        "Sulawesi, Bali, Nusa Tenggara, Maluku, Papua",
        "Eastern Indonesia",
        "domestic",
        [
            "71",
            "72",
            "74",
            "75",
            "76",
            "51",
            "52",
            "53",
            "81",
            "82",
            "91",
            "92",
            "93",
            "94",
            "95",
            "96",
        ],
        False,
        [
            ("JNE REG", 0, 1000, 35000, (2, 4)),
            ("JNE REG", 1000, 5000, 70000, (2, 4)),
            ("JNE REG", 5000, None, 150000, (3, 6), 28000),
        ],
    ),
    (
        "Jawa, Sumatera, Kalimantan",
        "Java, Sumatra, Kalimantan",
        "domestic",
        [],
        False,
        [
            ("JNE REG", 0, 1000, 30000, (2, 3)),
            ("JNE REG", 1000, 5000, 60000, (2, 3)),
            ("JNE REG", 5000, None, 130000, (3, 5), 24000),
            ("J&T Express", 0, 5000, 55000, (2, 4)),
        ],
    ),
    (
        "Singapura & Malaysia",
        "Singapore & Malaysia",
        "international",
        ["SG", "MY"],
        False,
        [
            ("POS Indonesia EMS", 0, 2000, 350000, (5, 8)),
            ("POS Indonesia EMS", 2000, 10000, 900000, (5, 8)),
            ("Kargo udara", 10000, None, 2400000, (6, 10), 180000),
        ],
    ),
    (
        "Luar negeri lainnya",
        "Rest of the world",
        "international",
        [],
        True,
        # Guide rates: the trading house quotes each parcel, buyers see an estimate from these.
        [
            ("POS Indonesia EMS", 0, 2000, 550000, (7, 14)),
            ("POS Indonesia EMS", 2000, 10000, 1400000, (7, 14)),
            ("Kargo udara", 10000, None, 3200000, (8, 15), 240000),
        ],
    ),
)


#: English names of the demo services (courier brands keep their names).
SERVICE_ENGLISH = {"Kargo udara": "Air cargo", "Kurir lokal Makassar": "Makassar local courier"}


def seed_shipping() -> None:
    """The demo zones and rates (only into an empty zones table)."""
    if db.session.scalar(select(func.count(ShippingZone.id))):
        return
    for indonesian, english, scope, areas, quoted, rates in ZONES:
        zone = ShippingZone(
            name_indonesian=indonesian,
            name_english=english,
            scope=scope,
            areas=areas,
            quoted=quoted,
            active=True,
        )
        for service, low, high, price, (days_min, days_max), *extra in rates:
            zone.rates.append(
                ShippingRate(
                    service=service,
                    service_english=SERVICE_ENGLISH.get(service, service),
                    min_weight_grams=low,
                    max_weight_grams=high,
                    price_idr=price,
                    extra_kg_price_idr=extra[0] if extra else 0,
                    days_min=days_min,
                    days_max=days_max,
                )
            )
        db.session.add(zone)
    db.session.flush()


def seed_commission() -> None:
    """10 % by default; 8 % on coffee (thin margins), 12 % on crafts, when those exist."""
    if db.session.scalar(select(func.count(CommissionRate.id))):
        return
    db.session.add(CommissionRate(category_id=None, rate_bp=1000))
    for slug_part, bp in (("kopi", 800), ("kerajinan", 1200)):
        category = db.session.scalar(
            select(Category).where(Category.parent_id.is_(None), Category.slug.contains(slug_part))
        )
        if category is not None:
            db.session.add(CommissionRate(category_id=category.id, rate_bp=bp))
    db.session.flush()


def _buyer(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _demo_order(buyer: User, products, address: Address, key: str, **options) -> Order | None:
    """Place an order through the real checkout (cart → place_order)."""
    cart = carts.get_or_create_cart(user=buyer)
    for product, quantity in products:
        carts.add_item(cart, product.id, quantity)
    from trading_house.orders.shipping import options_for, parcel_weight

    weight = parcel_weight((p, q) for p, q in products)
    choices = options_for(address.country, address.region, weight, "id")
    if not choices:
        return None
    order, _created = place_order(
        buyer=buyer,
        cart=cart,
        address=address,
        shipping_key=choices[0].key,
        currency=options.get("currency", "IDR"),
        payment_method="bank_transfer",
        idempotency_key=f"demo-seed-{key}-0000",
        locale=buyer.preferred_language or "id",
    )
    return order


def seed_orders() -> list[Order]:
    """Four orders for pembeli@ and one export order for importer@ (once)."""
    if db.session.scalar(select(func.count(Order.id)).where(Order.kind == "retail")):
        return []
    retail, importer = _buyer("pembeli@rumahdagang.id"), _buyer("importer@rumahdagang.id")
    products = list(
        db.session.scalars(
            select(Product)
            .where(Product.status == "approved", Product.stock >= 40)
            .order_by(Product.id)
            .limit(8)
        )
    )
    if retail is None or len(products) < 6:
        log.warning("demo buyers or products missing; no demo orders")
        return []
    makassar = Address(
        name=retail.display_name,
        phone="+628114000123",
        line1="Jl. Somba Opu No. 45",
        line2="",
        city="Kota Makassar",
        region="73",
        postal_code="90111",
        country="ID",
    )
    orders = []
    # The cancelled one first: a buyer may hold only a few unpaid orders at a time.
    cancelled = _demo_order(retail, [(products[3], 1)], makassar, "retail-cancelled")
    if cancelled is not None:
        cancel(cancelled, actor=retail, reason="Salah pilih ukuran")
        orders.append(cancelled)
    for index, items in enumerate(
        (
            [(products[0], 2)],
            [(products[1], 1), (products[2], 3)],
            [(products[4], 2)],
        )
    ):
        order = _demo_order(retail, items, makassar, f"retail-{index}")
        if order is not None:
            orders.append(order)
    if importer is not None:
        singapore = Address(
            name="Tanaka Trading Pte Ltd",
            phone="+6561234567",
            line1="10 Anson Road #20-01",
            line2="",
            city="Singapore",
            region="",
            postal_code="079903",
            country="SG",
        )
        currency = "USD" if _has_rate("USD") else "IDR"
        exportable = [p for p in products[5:] if max(20, p.export_moq or 0) <= p.stock]
        if exportable:
            product = exportable[0]
            quantity = max(20, product.export_moq or 0)
            order = _demo_order(
                importer, [(product, quantity)], singapore, "export", currency=currency
            )
            if order is not None:
                orders.append(order)
    return orders


def _has_rate(currency: str) -> bool:
    from trading_house.core.rates import rate_table

    return currency in rate_table()


def seed_demo() -> None:
    seed_shipping()
    seed_commission()
    seed_orders()
