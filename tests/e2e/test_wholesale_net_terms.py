"""An approved East Java wholesale buyer ("Toko Oleh-Oleh Surabaya", group "East Java
oleh-oleh shops", −12 %) opens the price list, orders whole cases on net terms, and finds the
invoice due in 30 days with the credit taken; the admin sees it and records the payment. The
same buyer reorders a past order at today's price-list prices on net terms, and confirms the
monthly repeat draft with one button — in a real browser, on a phone and a desktop screen."""

import secrets
from datetime import date, timedelta

from babel.dates import format_date

from tests.e2e.test_checkout_flow import idr, no_horizontal_scroll, open_menu_link, sign_in
from tests.orders.helpers import shipping_zones
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.favourites import reorder
from trading_house.favourites.models import RepeatOrder
from trading_house.wholesale import ordering, pricing, services


def _east_java_shop(factory, width: int, tag: str = ""):
    """The demo's East Java shop, approved on net 30 in the −12 % group, and its coffee."""
    shipping_zones()
    admin = factory.user("admin", email=f"admin-{width}{tag}@example.id")
    owner = factory.user("buyer", email=f"dewi-{width}{tag}@oleholeh.example", country="ID")
    enterprise = factory.enterprise(factory.user("sme"))
    coffee = factory.product(
        enterprise, name_english=f"Toraja Coffee {width}{tag}", retail_price_idr=85_000, stock=200
    )
    group = services.create_group(actor=admin, name=f"East Java oleh-oleh shops {width}{tag}")
    price_list = pricing.price_list_for(group_id=group.id, create=True, name=group.name)
    pricing.set_discount(price_list, actor=admin, discount_bp=1200, name=group.name)
    pricing.set_item(
        price_list,
        actor=admin,
        product_id=coffee.id,
        unit_price_idr=None,
        case_pack=6,
        min_quantity=12,
    )
    shop = services.apply_for_organisation(
        owner,
        name="Toko Oleh-Oleh Surabaya",
        tax_number="01.234.567.8-614.000",
        country="ID",
        city="Surabaya",
        address="Jl. Genteng Besar 62",
        about="",
    )
    services.approve(
        shop, actor=admin, group_id=group.id, net_terms_days=30, credit_limit_idr=5_000_000
    )
    db.session.commit()
    return admin, owner, coffee


def test_east_java_shop_orders_on_net_terms(page, browser, viewport, live_server, factory):
    width = viewport["width"]
    admin, owner, coffee = _east_java_shop(factory, width)

    sign_in(page, owner)
    open_menu_link(page, "Wholesale")
    assert page.get_by_test_id("organisation-status").inner_text() == "Approved for wholesale"
    page.get_by_test_id("wholesale-catalog-link").click()
    row = page.locator(f"[data-testid=price-row][data-product='{coffee.id}']")
    assert row.get_by_test_id("wholesale-price").inner_text() == idr(74_800)  # 85.000 − 12 %
    assert no_horizontal_scroll(page)

    # Half a case is refused with a clear message; the typed quantity stays.
    page.fill(f"#qty-{coffee.id}", "15")
    page.click("text=Place order")
    assert "a multiple of 6" in page.inner_text(".alert-danger")
    assert page.input_value(f"#qty-{coffee.id}") == "15"

    page.fill(f"#qty-{coffee.id}", "18")
    page.check("input[name=on_terms]")
    page.click("text=Place order")
    page.wait_for_load_state()
    assert "/orders/RD-" in page.url
    assert "placed on net terms" in page.inner_text("body")

    open_menu_link(page, "Wholesale")
    assert page.get_by_test_id("credit-available").inner_text() == idr(5_000_000 - 18 * 74_800)
    page.click("text=Invoices")
    invoice_row = page.get_by_test_id("invoice-row").first
    assert idr(18 * 74_800) in invoice_row.inner_text()
    assert no_horizontal_scroll(page)

    # The trading house records the transfer; the credit is free again.
    context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    staff = context.new_page()
    sign_in(staff, admin)
    staff.goto("/admin/wholesale/invoices?lang=en")
    staff.fill("input[name=reference]", "BCA 0512-7781")
    staff.click("text=Mark paid")
    assert "the credit is free again" in staff.inner_text("body")
    context.close()
    page.goto("/wholesale")
    assert page.get_by_test_id("credit-available").inner_text() == idr(5_000_000)
    # The refused half case answered 422 (on purpose); nothing else failed.
    assert not [e for e in page.console_errors if "422" not in e]


def _due_text(days: int) -> str:
    return format_date(business_today() + timedelta(days=days), "medium", locale="en")


def test_east_java_shop_reorders_on_net_terms_and_confirms_the_monthly_draft(
    page, viewport, live_server, factory
):
    width = viewport["width"]
    _admin, owner, coffee = _east_java_shop(factory, width, "-reorder")
    past, _created = ordering.place_wholesale_order(
        owner,
        quantities={coffee.id: 12},
        on_terms=True,
        idempotency_key=secrets.token_urlsafe(24),
        locale="en",
    )
    coffee.retail_price_idr = 90_000  # the list price went up: 90.000 − 12 % = 79.200
    db.session.commit()

    # Open the past order from "My orders" and reorder it: the change and the price-list price.
    sign_in(page, owner)
    page.goto("/orders?lang=en")
    page.click(f"text={past.number}")
    page.get_by_test_id("reorder-link").click()
    line = page.get_by_test_id("reorder-line").first
    assert line.get_attribute("data-change") == "up"
    assert line.get_by_test_id("today-price").inner_text() == idr(79_200)
    assert "Price up by " + idr(79_200 - 74_800) in line.inner_text()
    assert no_horizontal_scroll(page)
    page.fill(f"#qty-{coffee.id}", "18")
    assert page.is_checked("input[name=on_terms]")
    page.get_by_test_id("reorder-place").click()
    page.wait_for_load_state()
    assert "placed on net terms" in page.inner_text("body")
    reordered = page.url.rsplit("/", 1)[-1]

    open_menu_link(page, "Wholesale")
    page.click("text=Invoices")
    row = page.get_by_test_id("invoice-row").filter(has_text=reordered)
    assert idr(18 * 79_200) in row.inner_text()
    assert _due_text(30) in row.inner_text()

    # Repeat it every month; this month's draft is made (the scheduled command's work).
    page.goto(f"/orders/{past.number}/reorder")
    page.fill("input[name=day_of_month]", "5")
    page.click("text=Repeat monthly")
    page.wait_for_load_state()
    assert "/repeat-orders" in page.url
    repeat = db.session.query(RepeatOrder).filter_by(buyer_id=owner.id).one()
    repeat.next_run_on = date(2026, 12, 5)
    db.session.commit()
    assert reorder.make_draft(repeat, today=date(2026, 12, 5)) is not None
    db.session.commit()

    # The orders page says it is ready; one "Confirm order" places it on net terms.
    page.goto("/orders")
    banner = page.get_by_test_id("draft-banner")
    assert "Your monthly order is ready" in banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("today-price").first.inner_text() == idr(79_200)
    assert page.is_checked("input[name=on_terms]")
    assert no_horizontal_scroll(page)
    page.get_by_test_id("draft-confirm").click()
    page.wait_for_load_state()
    assert "placed on net terms" in page.inner_text("body")
    assert page.get_by_test_id("draft-banner").count() == 0 or "/orders/RD-" in page.url
    page.goto("/orders")
    assert page.get_by_test_id("draft-banner").count() == 0
    assert not page.console_errors
