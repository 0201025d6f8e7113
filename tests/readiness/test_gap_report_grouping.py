"""The gap report on a phone (issue #15): the business's items once, an item that several
products lack once with those products, each product's own items folded under it."""

import re

from tests.readiness.test_gap_report import _setup
from trading_house.readiness.reports import gap_report


def _two_products(factory, rd, language="en"):
    owner, enterprise, syrup = _setup(factory, rd, language=language)
    jam = factory.product(
        enterprise,
        category=syrup.category,
        name_english="Passion fruit jam",
        name_indonesian="Selai markisa",
    )
    # Only the jam has its halal certificate missing; both lack hs, price and registration.
    return owner, enterprise, syrup, jam


def test_items_several_products_lack_are_listed_once(ctx, factory, rd):
    _owner, enterprise, syrup, jam = _two_products(factory, rd)
    report = gap_report(enterprise, "en")
    shared = {gap.item.code: [product.id for product, _ in gap.gaps] for gap in report.shared}
    assert shared == {
        "prod.hs": [syrup.id, jam.id],
        "prod.price": [syrup.id, jam.id],
        "prod.registration": [syrup.id, jam.id],
    }
    assert [gap.item.code for gap in report.shared] == [
        "prod.hs",
        "prod.price",
        "prod.registration",
    ]
    own = {
        s.product.id: [e.item.code for e in report.own_entries(s)] for s in report.product_sections
    }
    assert own == {syrup.id: [], jam.id: ["prod.halal"]}
    assert report.total == 3 + 3 + 4  # the PDF still lists everything per product


def test_the_page_shows_each_item_once_in_collapsible_groups(client, login, factory, rd):
    owner, enterprise, _syrup, _jam = _two_products(factory, rd)
    login(owner)
    body = client.get(f"/readiness/e/{enterprise.id}/gaps?lang=en").get_data(as_text=True)
    items = re.findall(r'data-item="([^"]+)"', body)
    assert len(items) == len(set(items)), items  # nothing repeated
    assert set(items) == {"ent.nib", "ent.bank", "ent.capacity", "prod.hs", "prod.price",
                          "prod.registration", "prod.halal"}  # fmt: skip
    assert body.count("<details") >= 4 and "For several products" in body
    assert 'data-products="2"' in body and "2 products" in body
    assert "Product: Passion fruit jam" in body and "1 item of its own" in body
    assert "Only the items for several products, above." in body  # the syrup


def test_a_single_product_report_has_no_shared_group(client, login, factory, rd):
    owner, enterprise, _product = _setup(factory, rd, language="en")
    login(owner)
    body = client.get(f"/readiness/e/{enterprise.id}/gaps?lang=en").get_data(as_text=True)
    assert "For several products" not in body
    assert body.count('data-item="prod.hs"') == 1
