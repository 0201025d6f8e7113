"""E-mails about orders, queued in the outbox inside the transaction that made the change.

Events people choose a channel for (placed, paid, shipped, a paid order to fulfil) go through
``notifications.notify``: e-mail as before, WhatsApp for those who chose it.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.core.i18n import user_locale
from trading_house.core.mail import queue_email
from trading_house.core.money import Money
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Membership
from trading_house.extensions import db
from trading_house.notifications.services import Email, notify

#: Order status → (template, subject) for the buyer. Shipping and delivery are told per
#: fulfilment (each enterprise ships on its own); refunds by payments, with the amount.
BUYER_MAILS = {
    "paid": ("order_paid", _l("Payment received for order %(number)s")),
    "cancelled": ("order_cancelled", _l("Order %(number)s was cancelled")),
}


def order_url(order) -> str:
    return public_url("orders.order_detail", number=order.number)


#: E-mail template → the event people choose a channel for (``notifications/events.py``).
BUYER_EVENTS = {
    "order_placed": "order.placed",
    "order_paid": "order.paid",
    "order_shipped": "order.shipped",
}


def _buyer_mail(order, template: str, subject, **context) -> None:
    buyer = order.buyer or db.session.get(User, order.buyer_id)
    assert buyer is not None  # buyer_id is a non-null foreign key
    total = Money(order.total_minor, order.currency)
    url = order_url(order)
    context = dict(context, order=order, buyer=buyer, url=url, total=total)
    event = BUYER_EVENTS.get(template)
    if event is None:
        queue_email(
            buyer.email,
            Subject(subject, number=order.number),
            template,
            user_locale(buyer),
            **context,
        )
        return
    notify(
        buyer,
        event,
        email=Email(Subject(subject, number=order.number), template, **context),
        link=url,
        number=order.number,
        total=total.format(user_locale(buyer)),
    )


class Subject:
    """A subject translated when ``queue_email`` renders it, in the recipient's locale."""

    def __init__(self, message, **values):
        self.message, self.values = message, values

    def __str__(self) -> str:
        return str(self.message) % self.values


def order_placed(order) -> None:
    _buyer_mail(order, "order_placed", _l("Your order %(number)s"))


def order_status_changed(order, current: str, to: str) -> None:
    if to == "paid" and order.payment_method == "net_terms":
        # Wholesale on net terms: nothing was paid yet, the invoice is due later.
        _buyer_mail(order, "order_on_terms", _l("Order %(number)s is confirmed on net terms"))
    elif to in BUYER_MAILS:
        template, subject = BUYER_MAILS[to]
        _buyer_mail(order, template, subject, previous=current)
    if to == "paid":
        for fulfilment in order.fulfilments:
            _enterprise_mail(fulfilment)


def fulfilment_changed(fulfilment, to: str) -> None:
    """The buyer follows each enterprise's shipment: packed, shipped (tracking), delivered."""
    if to in ("packed", "shipped", "delivered"):
        subject = {
            "packed": _l("Order %(number)s is packed"),
            "shipped": _l("Order %(number)s is on its way"),
            "delivered": _l("Order %(number)s was delivered"),
        }[to]
        _buyer_mail(
            fulfilment.order,
            f"order_{to}",
            subject,
            fulfilment=fulfilment,
            seller=seller_name(fulfilment),
        )


def house_name() -> str:
    """The trading house's name as buyers see it (the exporter of pooled deals): its legal name
    from the identity setting that the documents print."""
    from trading_house.trade_documents.identity import current_identity

    return current_identity().legal_name


def seller_name(fulfilment) -> str:
    """Who the buyer sees as the seller of a part of an order: the enterprise, or the trading
    house for lines of a pooled quotation (their suppliers stay internal)."""
    return house_name() if fulfilment.sold_by_house else fulfilment.enterprise.name


def _enterprise_mail(fulfilment) -> None:
    """Tell the enterprise's members that a paid order waits for them."""
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.enterprise_id == fulfilment.enterprise_id, User.active.is_(True))
    ).all()
    url = public_url("orders.fulfilment_detail", fulfilment_id=fulfilment.id)
    for member in members:
        notify(
            member,
            "order.to_fulfil",
            email=Email(
                Subject(_l("New order %(number)s to fulfil"), number=fulfilment.order.number),
                "order_fulfilment_new",
                order=fulfilment.order,
                fulfilment=fulfilment,
                url=url,
            ),
            link=url,
            number=fulfilment.order.number,
        )
