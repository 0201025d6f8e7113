"""Demo reviews: buyer2@ bought, received and reviewed three products (one answered by the
seller, one reported and waiting for the curators); pembeli@'s delivered order keeps a line
to review by hand."""

import logging

from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.checkout import place_order
from trading_house.orders.disputes import confirm_receipt
from trading_house.orders.fulfilment import deliver, ship
from trading_house.orders.models import Order
from trading_house.orders.shipping import Address, options_for, parcel_weight
from trading_house.reviews import services
from trading_house.reviews.models import Review

log = logging.getLogger(__name__)

REVIEWS = (
    ((5, 5, 4, 5), "Kopinya harum dan segar, sangrai pas. Pengiriman ke Surabaya 3 hari."),
    ((4, 4, 5, 4), "Sesuai foto, kemasan rapi dan aman. Akan pesan lagi untuk toko."),
    ((2, 3, 2, 3), "Dua botol bocor saat tiba. Rasa enak, kemasan perlu diperbaiki."),
)
SURABAYA = Address(
    name="Toko Oleh-Oleh Surabaya",
    phone="+6281234567890",
    line1="Jl. Genteng Besar No. 12",
    line2="",
    city="Kota Surabaya",
    region="35",
    postal_code="60275",
    country="ID",
)


def _seed_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _delivered_order(buyer: User, product: Product, admin: User, key: str) -> Order | None:
    from trading_house.payments.services import confirm_transfer

    quantity = max(2, product.export_moq or 0)  # buyer2@ is an importer: the MOQ binds
    cart = carts.get_or_create_cart(user=buyer)
    carts.add_item(cart, product.id, quantity, user=buyer)
    choices = options_for("ID", "35", parcel_weight([(product, quantity)]), "id")
    if not choices:
        return None
    order, _ = place_order(
        buyer=buyer,
        cart=cart,
        address=SURABAYA,
        shipping_key=choices[0].key,
        currency="IDR",
        payment_method="bank_transfer",
        idempotency_key=f"demo-reviews-{key}-0000",
        locale="id",
    )
    confirm_transfer(order, actor=admin, amount_minor=order.total_minor, reason="Demo data.")
    for fulfilment in order.fulfilments:
        ship(fulfilment, actor=admin, courier="JNE", tracking_number=f"JNE77{key}")
        deliver(fulfilment, actor=admin)
        confirm_receipt(order, fulfilment, actor=buyer)  # reviews come after receipt
    return order


def seed_demo() -> None:
    if db.session.scalar(select(func.count(Review.id))):
        return
    buyer, admin = _seed_user("buyer2@rumahdagang.id"), _seed_user("admin@rumahdagang.id")
    if buyer is None or admin is None:
        log.warning("demo buyer2@ or admin@ missing; no demo reviews")
        return
    products = list(
        db.session.scalars(
            select(Product)
            .where(Product.status == "approved", Product.stock >= 20)
            .order_by(Product.id)
        )
    )
    products = [p for p in products if max(2, p.export_moq or 0) <= p.stock][:3]
    for index, (product, (stars, text)) in enumerate(zip(products, REVIEWS, strict=False)):
        order = _delivered_order(buyer, product, admin, str(index))
        if order is None:
            continue
        review = services.write_review(buyer, order.lines[0], services.Stars(*stars), text)
        owner = next((m.user for m in product.enterprise.members if m.role == "owner"), None)
        if owner is None:
            continue
        if index == 0:
            services.answer_review(owner, review, "Terima kasih, ditunggu pesanan berikutnya!")
        if index == 2:
            services.report_review(
                owner, review, "not_genuine", "Kami tidak menerima keluhan kebocoran."
            )
    db.session.commit()
