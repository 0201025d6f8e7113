"""A small shop for the issue #17 tests: an enterprise, products, and delivered orders."""

from tests.orders.helpers import confirm_paid, place, shipping_zones
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.orders import fulfilment as fulfilments


class Shop:
    def __init__(self, factory):
        shipping_zones()
        self.factory = factory
        self.owner = factory.user("sme", email="owner@kopi.id")
        self.enterprise = factory.enterprise(self.owner, name="Kopi Toraja Sejahtera")
        self.admin = factory.user("admin", email="admin@example.id")
        self.curator = factory.user("curator", email="kurator@example.id")
        self.category = factory.category("Kopi")
        self.coffee = factory.product(
            self.enterprise,
            category=self.category,
            name_english="Toraja Arabica",
            retail_price_idr=85_000,
            stock=500,
            weight_grams=250,
            lead_time_days=7,
            sample_available=True,
        )

    def order(self, buyer, items=None, *, deliver=True, pay=True):
        """An order of ``items`` (default 2 × coffee), paid, shipped and delivered."""
        order = place(buyer, items or [(self.coffee, 2)])
        if pay:
            confirm_paid(order, self.admin)
            commit()
        if deliver:
            for fulfilment in order.fulfilments:
                fulfilments.ship(
                    fulfilment, actor=self.owner, courier="JNE", tracking_number="JNE123"
                )
                fulfilments.deliver(fulfilment, actor=self.owner)
            commit()
        db.session.refresh(order)
        return order
