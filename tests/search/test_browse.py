"""The public catalog query: filters, sorting, pagination, bad input, constant SQL per page."""

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from tests.search.conftest import add_photos, add_tiers
from trading_house.catalog import queries
from trading_house.catalog.queries import CatalogFilters, browse, parse_filters
from trading_house.core import clock
from trading_house.extensions import db


def test_a_category_includes_its_children(make, found, factory):
    food = factory.category("Makanan", slug="makanan")
    cakes = factory.category("Kue", parent=food, slug="kue")
    crafts = factory.category("Kerajinan", slug="kerajinan")
    make("Sirup Markisa", "Passion Fruit Syrup", category=food)
    make("Barongko", "Barongko Cake", category=cakes)
    make("Miniatur Phinisi", "Phinisi Model", category=crafts)
    assert sorted(found(category_id=food.id)) == ["Barongko Cake", "Passion Fruit Syrup"]
    assert found(category_id=cakes.id) == ["Barongko Cake"]
    filters, errors = parse_filters({"category": "makanan"})
    assert errors == {} and filters.category_id == food.id


def test_regency_means_origin_else_the_enterprises_regency(make, found, factory):
    toraja_maker = factory.enterprise(regency_code="7318")
    make("Kopi A", "Origin Toraja", origin_regency_code="7318")
    make("Kopi B", "Maker in Toraja", enterprise=toraja_maker)
    make("Kopi C", "Origin Makassar", enterprise=toraja_maker, origin_regency_code="7371")
    assert sorted(found(regency_code="7318")) == ["Maker in Toraja", "Origin Toraja"]


def test_price_stock_moq_sample_and_enterprise_filters(make, found, factory):
    seller = factory.enterprise()
    make("A", "Cheap", retail_price_idr=10_000, stock=0, export_moq=None)
    make("B", "Middle", retail_price_idr=50_000, stock=5, export_moq=100, sample_available=True)
    make("C", "Dear", retail_price_idr=250_000, stock=1, export_moq=1000, enterprise=seller)
    assert sorted(found(min_price_idr=50_000)) == ["Dear", "Middle"]
    assert sorted(found(max_price_idr=50_000)) == ["Cheap", "Middle"]
    assert found(min_price_idr=20_000, max_price_idr=100_000) == ["Middle"]
    assert sorted(found(in_stock=True)) == ["Dear", "Middle"]
    assert sorted(found(max_moq=100)) == ["Cheap", "Middle"]  # no MOQ qualifies
    assert found(sample_available=True) == ["Middle"]
    assert found(enterprise_id=seller.id) == ["Dear"]


def test_sorting(make, found):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n, (name, price) in enumerate([("Old", 30_000), ("Middle", 10_000), ("New", 20_000)]):
        clock.freeze(start + timedelta(days=n))
        make(name, name, retail_price_idr=price)
    assert found(sort="newest") == ["New", "Middle", "Old"]
    assert found() == ["New", "Middle", "Old"]  # relevance without q
    assert found(sort="price_asc") == ["Middle", "New", "Old"]
    assert found(sort="price_desc") == ["Old", "New", "Middle"]


def test_only_published_products_are_listed(make, found):
    for status in ("draft", "submitted", "changes_requested", "rejected", "archived", "suspended"):
        make(status, status, status=status)
    make("Public", "Public")
    assert found() == ["Public"]
    assert [p.name_english for p in db.session.scalars(queries.published_products())] == ["Public"]


def test_export_ready_is_a_no_op_until_the_readiness_area_plugs_in(make, found, monkeypatch):
    from trading_house.catalog.models import Product

    ready = make("Ready", "Ready")
    make("Not ready", "Not ready")
    monkeypatch.setattr(queries, "_export_ready_condition", None)
    assert sorted(found(export_ready=True)) == ["Not ready", "Ready"]
    queries.register_export_ready_condition(lambda: Product.id == ready.id)
    assert found(export_ready=True) == ["Ready"]


# --- parse_filters -----------------------------------------------------------------------------


def test_good_arguments_become_filters(ctx, factory):
    category = factory.category()
    enterprise = factory.enterprise()
    args = {
        "q": "  kopi   toraja ",
        "category": str(category.id),
        "enterprise": enterprise.slug,
        "regency": "7318",
        "min_price": "10.000",
        "max_price": "250000",
        "in_stock": "1",
        "max_moq": "100",
        "sample": "on",
        "export_ready": "true",
        "sort": "price_desc",
    }
    filters, errors = parse_filters(args)
    assert errors == {}
    assert filters == CatalogFilters(
        q="kopi toraja",
        category_id=category.id,
        enterprise_id=enterprise.id,
        regency_code="7318",
        min_price_idr=10_000,
        max_price_idr=250_000,
        in_stock=True,
        max_moq=100,
        sample_available=True,
        export_ready=True,
        sort="price_desc",
    )
    assert filters.is_filtered
    assert parse_filters(filters.to_args()) == (filters, {})


def test_bad_arguments_are_dropped_with_a_message_each(ctx):
    args = {
        "q": "x" * 300,
        "category": "no-such-category",
        "enterprise": "99999",
        "regency": "9999",
        "min_price": "-5",
        "max_price": "lots",
        "in_stock": "maybe",
        "max_moq": "0",
        "sample": "2",
        "export_ready": "perhaps",
        "sort": "cheapest",
    }
    filters, errors = parse_filters(args)
    assert set(errors) == set(args)
    assert all(isinstance(message, str) and message for message in errors.values())
    assert filters == CatalogFilters(q="x" * 200)
    assert not filters.is_filtered


def test_a_lowest_price_above_the_highest_is_explained(ctx):
    filters, errors = parse_filters({"min_price": "500000", "max_price": "1000"})
    assert filters.min_price_idr == 500_000 and filters.max_price_idr is None
    assert "max_price" in errors


@pytest.mark.parametrize(
    "args",
    [
        {},
        MultiDict([("q", "a"), ("q", "b"), ("category", "")]),
        {"q": None, "category": 5, "min_price": ["1"]},
        {"category": "9" * 40, "min_price": "9" * 40, "max_moq": "1e9", "regency": "\x00"},
        {"q": "\x00", "category": "kopi\x00", "sort": "\x00"},
        {"min_price": "١٢", "max_moq": "²"},
    ],
)
def test_parse_filters_never_raises(ctx, args):
    filters, errors = parse_filters(args)
    assert isinstance(filters, CatalogFilters)
    browse(filters)  # and the result can always be queried


# --- pagination and SQL per page ---------------------------------------------------------------


def test_pages_past_the_end_show_the_last_page_or_nothing(make, ctx):
    for n in range(5):
        make(f"P{n}", f"P{n}")
    page = browse(CatalogFilters(), page=2, per_page=2)
    assert (page.page, page.pages, page.total, len(page.items)) == (2, 3, 5, 2)
    last = browse(CatalogFilters(), page=99, per_page=2)
    assert (last.page, len(last.items), last.has_next) == (3, 1, False)
    empty = browse(CatalogFilters(), page=99, per_page=2, clamp=False)
    assert (empty.page, empty.items, empty.total) == (99, [], 5)
    assert browse(CatalogFilters(), page=0, per_page=2).page == 1


def test_an_empty_catalog_is_one_empty_page(ctx):
    page = browse(CatalogFilters(q="kopi"), page=3)
    assert (page.page, page.pages, page.total, page.items) == (1, 1, 0, [])


def test_48_products_per_page_by_default(make, ctx):
    for n in range(49):
        make(f"P{n}", f"P{n}")
    assert len(browse(CatalogFilters()).items) == 48
    assert len(browse(CatalogFilters(), page=2).items) == 1


@pytest.mark.parametrize("q", ["", "kopi"])
def test_sql_queries_per_page_do_not_grow_with_the_page(make, ctx, count_queries, factory, q):
    def fill(n):
        for i in range(n):
            product = make(f"Kopi {i}", f"Coffee {i}", enterprise=factory.enterprise())
            add_photos(product, 2)
            add_tiers(product, (10, 70_000), (100, 60_000))

    def render_cards() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            page = browse(CatalogFilters(q=q), tiers=True)
            for product in page.items:  # everything a card or the API shows
                _ = (product.main_photo.variants, product.enterprise.name, product.category.slug)
                _ = [tier.unit_price_idr for tier in product.tiers]
        return counter[0]

    fill(2)
    few = render_cards()
    fill(20)
    many = render_cards()
    assert few == many <= 5


def test_search_with_filters_and_other_sorts(make, found, factory, monkeypatch):
    from trading_house.catalog import search

    drinks = factory.category("Minuman", slug="minuman")
    make("Kopi Mahal", "Dear Coffee", retail_price_idr=300_000, category=drinks)
    make("Kopi Murah", "Cheap Coffee", retail_price_idr=20_000, category=drinks)
    make("Gula Aren", "Palm Sugar", description_english="for coffee", category=drinks)
    make("Kopi Lain", "Other Coffee", retail_price_idr=50_000)
    assert found("kopi", category_id=drinks.id, sort="price_asc") == ["Cheap Coffee", "Dear Coffee"]
    assert found("coffee", category_id=drinks.id)[-1] == "Palm Sugar"  # names rank first
    assert found("coffee", max_price_idr=60_000, sort="price_desc") == [
        "Other Coffee",
        "Cheap Coffee",
    ]
    monkeypatch.setattr(search, "RANK_WINDOW", 1)  # the windowed ranking, filtered
    assert sorted(found("coffee", category_id=drinks.id)) == [
        "Cheap Coffee",
        "Dear Coffee",
        "Palm Sugar",
    ]


@pytest.mark.parametrize("walk", [True, False])
@pytest.mark.parametrize("cards", [True, False])
def test_a_price_range_lists_its_newest_products_page_by_page(make, ctx, monkeypatch, walk, cards):
    """Whether the database walks the newest products testing each price or reads the range
    and sorts it (``queries._walk_newest``), the pages are the same."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    inside = []
    for n in range(30):
        price = 150_000 if n % 3 == 0 else 90_000 + n  # a third in the range
        product = make(f"P{n}", f"P{n}", retail_price_idr=price)
        product.published_at = start + timedelta(days=(n * 7) % 30)  # dates not in id order
        if n % 3 == 0:
            inside.append(product)
    db.session.commit()
    monkeypatch.setattr(queries, "SORT_FACTOR", 10**9 if walk else 0)
    expected = [p.id for p in sorted(inside, key=lambda p: (p.published_at, p.id), reverse=True)]
    filters = CatalogFilters(min_price_idr=100_000, max_price_idr=200_000)
    assert queries._walk_newest(filters, 10, 4) is walk
    listed = []
    for number in (1, 2, 3):
        page = browse(filters, page=number, per_page=4, cards=cards, clamp=False)
        assert page.total == 10
        listed += [item.id for item in page.items]
    assert listed == expected


@pytest.mark.parametrize("sort", ["price_asc", "newest"])
def test_a_search_in_another_order_counts_its_matches_once(make, ctx, count_queries, sort):
    """The search index holds only published products: its count is the page's total, no
    second count over the products joined with the matches."""
    for n in range(5):
        make(f"Kopi {n}", f"Coffee {n}", retail_price_idr=10_000 * (5 - n))
    make("Kopi Draf", "Draft Coffee", status="draft")
    with count_queries() as statements:
        page = browse(CatalogFilters(q="kopi", sort=sort), cards=True)
    assert page.total == len(page.items) == 5
    assert statements[0] == 2  # the search's count (with the newest ids), then the page


@pytest.mark.parametrize("walk", [True, False])
@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "newest"])
def test_a_broad_search_in_another_order_lists_the_same_pages(make, ctx, monkeypatch, walk, sort):
    """Whether the database walks the order's index testing each product against the matches
    or reads every match and sorts them (``queries._walk_is_cheaper``), the pages are the same."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    matching = []
    for n in range(24):
        name = f"Kopi {n}" if n % 2 == 0 else f"Teh {n}"
        product = make(name, name, retail_price_idr=10_000 + (n * 7919) % 50_000)
        product.published_at = start + timedelta(days=(n * 5) % 24)
        if n % 2 == 0:
            matching.append(product)
    db.session.commit()
    monkeypatch.setattr(queries, "SORT_FACTOR", 10**9 if walk else 0)
    assert queries._walk_is_cheaper(len(matching), 5) is walk
    keys = {
        "price_asc": lambda p: (p.retail_price_idr, p.id),
        "price_desc": lambda p: (-p.retail_price_idr, -p.id),
        "newest": lambda p: (-p.published_at.timestamp(), -p.id),
    }
    expected = [p.id for p in sorted(matching, key=keys[sort])]
    listed = []
    for number in (1, 2, 3):
        page = browse(CatalogFilters(q="kopi", sort=sort), page=number, per_page=5, cards=True)
        assert page.total == 12
        listed += [item.id for item in page.items]
    assert listed == expected
