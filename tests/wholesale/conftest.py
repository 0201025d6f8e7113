"""Fixtures of the wholesale tests: an approved East Java shop in a −12 % group, on net 30."""

import secrets

import pytest

from tests.orders.conftest import shop  # noqa: F401 - the shop fixture
from trading_house.extensions import db
from trading_house.wholesale import pricing, services
from trading_house.wholesale.models import MemberRole, OrganisationMember


class Wholesale:
    pass


@pytest.fixture
def wholesale(factory, shop):  # noqa: F811
    """Group "East Java oleh-oleh shops" (−12 %) with the shop's coffee (cases of 6, min 12)
    and silk; "Toko Oleh-Oleh Surabaya" approved on net 30 with a Rp 5.000.000 limit."""
    admin = factory.user("admin")
    shop.coffee.stock = 500
    owner = factory.user("buyer", email="dewi@oleholeh.example")
    accountant = factory.user("buyer", email="bambang@oleholeh.example")
    outsider = factory.user("buyer", email="outsider@example.com")
    group = services.create_group(actor=admin, name="East Java oleh-oleh shops")
    price_list = pricing.price_list_for(group_id=group.id, create=True, name=group.name)
    pricing.set_discount(price_list, actor=admin, discount_bp=1200, name=group.name)
    pricing.set_item(
        price_list,
        actor=admin,
        product_id=shop.coffee.id,
        unit_price_idr=None,
        case_pack=6,
        min_quantity=12,
    )
    pricing.set_item(
        price_list,
        actor=admin,
        product_id=shop.silk.id,
        unit_price_idr=400000,
        case_pack=1,
        min_quantity=1,
    )
    organisation = services.apply_for_organisation(
        owner,
        name="Toko Oleh-Oleh Surabaya",
        tax_number="01.234.567.8-614.000",
        country="ID",
        city="Surabaya",
        address="Jl. Genteng Besar 62",
        about="",
    )
    organisation.members.append(
        OrganisationMember(user_id=accountant.id, role=MemberRole.ACCOUNTANT)
    )
    services.approve(
        organisation, actor=admin, group_id=group.id, net_terms_days=30, credit_limit_idr=5_000_000
    )
    db.session.commit()
    w = Wholesale()
    w.shop, w.admin, w.owner, w.accountant, w.outsider = shop, admin, owner, accountant, outsider
    w.group, w.price_list, w.organisation = group, price_list, organisation
    return w


def key() -> str:
    return secrets.token_urlsafe(24)
