"""Demo favourites: pembeli@ saved products and a business, keeps a list shared with a
colleague, and repeats a delivered order monthly (one draft waiting for confirmation)."""

from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.favourites import reorder, services
from trading_house.favourites.models import FavouriteList
from trading_house.orders.models import Order


def seed_demo() -> None:
    if db.session.scalar(select(func.count(FavouriteList.id))):
        return
    buyer = db.session.scalar(select(User).where(User.email == "pembeli@rumahdagang.id"))
    if buyer is None:
        return
    products = list(
        db.session.scalars(
            select(Product).where(Product.status == "approved").order_by(Product.id).limit(6)
        )
    )
    if len(products) < 4:
        return
    saved = services.default_list(buyer)
    for product in products[:3]:
        services.save(buyer, saved, product=product)
    services.save(buyer, saved, enterprise=products[0].enterprise)
    gifts = services.create_list(buyer, "Oleh-oleh untuk kantor Surabaya")
    for product in products[3:6]:
        services.save(buyer, gifts, product=product)
    services.share(gifts)
    delivered = db.session.scalar(
        select(Order)
        .where(Order.buyer_id == buyer.id, Order.paid_at.is_not(None))
        .order_by(Order.id.desc())
    )
    if delivered is not None:
        repeat = reorder.start_repeat(buyer, delivered, 1)
        repeat.next_run_on = min(repeat.next_run_on, reorder.business_today())
        reorder.make_draft(repeat)
    db.session.commit()
