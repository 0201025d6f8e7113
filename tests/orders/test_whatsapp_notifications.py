"""Order events on the channel each person chose (notifications.notify at the call sites)."""

from tests.notifications.conftest import (
    emails_to,
    give_number,
    meta_fixture,  # noqa: F401
    whatsapp_messages,
)
from tests.orders.helpers import confirm_paid, place
from trading_house.core.money import Money
from trading_house.core.tx import commit
from trading_house.notifications.services import set_preferences


def test_the_buyer_on_whatsapp_and_the_seller_on_e_mail(meta, ctx, shop, buyer, admin):
    give_number(buyer)
    set_preferences(buyer, {"order.placed": "whatsapp", "order.paid": "both"})
    commit()
    order = place(buyer, [(shop.coffee, 2)])
    [placed] = whatsapp_messages(event="order.placed")
    assert placed.template == "order_placed"
    assert placed.parameters[0] == order.number
    assert placed.parameters[1] == Money(order.total_minor, "IDR").format("en")  # "IDR 182,000"
    assert placed.parameters[2].endswith(f"/orders/{order.number}")
    assert not [m for m in emails_to(buyer.email) if "Your order" in m.subject]

    confirm_paid(order, admin)
    commit()
    [paid] = whatsapp_messages(event="order.paid")
    assert paid.parameters[0] == order.number
    assert [m for m in emails_to(buyer.email) if "Payment received" in m.subject]
    # The seller kept the default: the e-mail as before, no WhatsApp.
    assert [m for m in emails_to(shop.owner.email) if "to fulfil" in m.subject]
    assert whatsapp_messages(user_id=shop.owner.id) == []


def test_a_seller_who_chose_whatsapp_hears_of_a_paid_order_there(meta, ctx, shop, buyer, admin):
    give_number(shop.owner, "+6281355550000")
    set_preferences(shop.owner, {"order.to_fulfil": "whatsapp"})
    commit()
    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(order, admin)
    commit()
    [message] = whatsapp_messages(user_id=shop.owner.id)
    assert message.template == "order_fulfilment_new"
    assert message.recipient == "+6281355550000"
    assert "/orders/fulfilments/" in message.link_path
    assert not [m for m in emails_to(shop.owner.email) if "to fulfil" in m.subject]
