"""Caching never shows an old page (issue #18): with the caches on and warm, a changed price,
photo, translation or exchange rate is visible on the very next request, to anonymous and
signed-in visitors, in both languages."""

import re

import pytest

from tests.catalog.test_statement_counts import real_cache, statements  # noqa: F401 - fixture
from tests.production.conftest import REDIS_URL, make_app  # noqa: F401 - fixture
from trading_house.catalog import photos
from trading_house.catalog.models import Product, ProductPhoto
from trading_house.core.rates import set_rate
from trading_house.extensions import db

PAGES = ("/catalog", "/p/{slug}", "/e/{enterprise}")


@pytest.fixture
def listing(factory, sme, categories, app):
    with app.app_context():
        set_rate("USD", "16000")
        db.session.commit()
    product = factory.product(
        sme[1],
        slug="kopi-segar",
        name_indonesian="Kopi Segar Sapan",
        name_english="Fresh Sapan Coffee",
        retail_price_idr=80_000,
    )
    factory.photo(product, position=0, variants={"400": "p/aa/first-400.webp"})
    factory.photo(product, position=1, variants={"400": "p/bb/second-400.webp"})
    return product.id, product.slug, sme[1].slug


def visit(client, listing, lang: str, currency: str = "IDR") -> dict[str, str]:
    _id, slug, enterprise = listing
    pages = {}
    for page in PAGES:
        url = page.format(slug=slug, enterprise=enterprise) + f"?lang={lang}&currency={currency}"
        response = client.get(url)
        assert response.status_code == 200, url
        pages[page] = response.get_data(as_text=True)
    return pages


def prices(html: str) -> list[str]:
    return re.findall(r'data-testid="(?:product-)?price">([^<]*)<', html)


def change(app, product_id: int, **values) -> None:
    with app.app_context():
        product = db.session.get(Product, product_id)
        for name, value in values.items():
            setattr(product, name, value)
        db.session.commit()


@pytest.fixture(params=["anonymous", "signed-in"])
def visitor(request, client, login, factory):
    if request.param == "signed-in":
        login(factory.user("buyer"))
    return client


@pytest.mark.parametrize("lang", ["id", "en"])
def test_price_change_is_seen_at_once(visitor, listing, app, real_cache, lang):  # noqa: F811
    before = visit(visitor, listing, lang)
    assert all(any("80" in p for p in prices(html)) for html in before.values())
    if real_cache.client is None:
        assert len(real_cache.local._data) > 0  # the cards really are cached
    else:
        assert any(True for _ in real_cache.client.scan_iter(f"{real_cache.prefix}card:*"))
    change(app, listing[0], retail_price_idr=95_500)
    after = visit(visitor, listing, lang)
    for page, html in after.items():
        assert any("95" in p and "500" in p for p in prices(html)), page
        assert not any("80" in p and "000" in p for p in prices(html)), page


def test_translation_change_is_seen_at_once(visitor, listing, app, real_cache):  # noqa: F811
    for lang, name in (("en", "Fresh Sapan Coffee"), ("id", "Kopi Segar Sapan")):
        assert all(name in html for html in visit(visitor, listing, lang).values())
    change(app, listing[0], name_english="Sapan Morning Coffee", name_indonesian="Kopi Pagi Sapan")
    for lang, name, old in (
        ("en", "Sapan Morning Coffee", "Fresh Sapan Coffee"),
        ("id", "Kopi Pagi Sapan", "Kopi Segar Sapan"),
    ):
        for page, html in visit(visitor, listing, lang).items():
            assert name in html and old not in html, (lang, page)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_photo_changes_are_seen_at_once(visitor, listing, app, real_cache, lang):  # noqa: F811
    assert all("first-400.webp" in html for html in visit(visitor, listing, lang).values())
    with app.test_request_context():
        product = db.session.get(Product, listing[0])
        second = next(p for p in product.photos if p.position == 1)
        photos.make_main(product, second)
        db.session.commit()
    after = visit(visitor, listing, lang)
    catalog_card = after["/catalog"]
    assert "second-400.webp" in catalog_card and "first-400.webp" not in catalog_card
    # New variants of the main photo (the variant job ran again): new names everywhere.
    with app.app_context():
        main = db.session.get(ProductPhoto, second.id)
        main.variants = {"400": "p/cc/second-v2-400.webp", "800": "p/cc/second-v2-800.webp"}
        db.session.commit()
    for page, html in visit(visitor, listing, lang).items():
        assert "second-v2-400.webp" in html, page
    # Alt text, shown on the card.
    with app.test_request_context():
        photos.set_alt_text(db.session.get(ProductPhoto, second.id), "Biji kopi sangrai")
        db.session.commit()
    assert 'alt="Biji kopi sangrai"' in visit(visitor, listing, lang)["/catalog"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_exchange_rate_change_is_seen_at_once(visitor, listing, app, real_cache, lang):  # noqa: F811
    before = visit(visitor, listing, lang, "USD")
    for page, html in before.items():
        assert any(re.search(r"5[.,]00", p) for p in prices(html)), page  # 80,000 / 16,000
    with app.app_context():
        set_rate("USD", "20000")
        db.session.commit()
    for page, html in visit(visitor, listing, lang, "USD").items():
        assert any(re.search(r"4[.,]00", p) for p in prices(html)), page
        assert not any(re.search(r"5[.,]00", p) for p in prices(html)), page


def test_new_and_withdrawn_products_change_the_count_at_once(
    client,
    factory,
    listing,
    app,
    real_cache,  # noqa: F811
):
    page = client.get("/catalog?lang=en").get_data(as_text=True)
    assert "1 product" in page
    other = factory.product(slug="kopi-baru")
    assert "2 products" in client.get("/catalog?lang=en").get_data(as_text=True)
    change(app, other.id, status="archived")
    change(app, listing[0], status="suspended")
    page = client.get("/catalog?lang=en").get_data(as_text=True)
    assert "0 products" in page or 'data-testid="empty-results"' in page


def test_stock_changed_in_sql_is_seen_at_once(client, listing, app, real_cache):  # noqa: F811
    """Checkout decrements stock with an UPDATE that leaves ``updated_at`` alone."""
    from sqlalchemy import update

    change(app, listing[0], stock=7)
    assert "(7)" in client.get("/p/kopi-segar?lang=en").get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(Product).where(Product.id == listing[0]).values(stock=3))
        db.session.commit()
    page = client.get("/p/kopi-segar?lang=en").get_data(as_text=True)
    assert "In stock (3)" in page and "(7)" not in page


def test_a_product_taken_off_sale_while_its_page_is_built_is_not_found(
    client,
    listing,
    app,
    real_cache,  # noqa: F811
):
    """Another request suspends the product between the page's version row (it was still on
    sale) and the loading of the product: the visitor gets "not found", never an error."""
    from sqlalchemy import event, update

    from trading_house.catalog.status import ProductStatus

    suspended = []

    def suspend_first(state):  # before the first ORM statement: the product's loading
        if not suspended:
            suspended.append(True)
            state.session.execute(
                update(Product)
                .where(Product.id == listing[0])
                .values(status=ProductStatus.SUSPENDED)
            )

    event.listen(db.session, "do_orm_execute", suspend_first)
    try:
        response = client.get("/p/kopi-segar?lang=en")
    finally:
        event.remove(db.session, "do_orm_execute", suspend_first)
    assert suspended and response.status_code == 404


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_a_write_in_another_process_is_seen_at_once(make_app, listing, backend):  # noqa: F811
    """Two workers with their own app and cache (in-process caches are not shared; with Redis
    they are): a page the first answers from its cache without a statement shows, on its very
    next request, a price changed through the ORM and a stock changed by plain SQL in the
    second."""
    if backend == "redis" and not REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL to run")
    import uuid

    from sqlalchemy import text

    settings = {"CACHE_BACKEND": backend}
    if backend == "redis":
        settings.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"rdtest:{uuid.uuid4().hex[:8]}:")
    first, second = make_app(**settings), make_app(**settings)
    change(first, listing[0], stock=9)
    visitor = first.test_client()
    urls = ("/p/kopi-segar?lang=en", "/catalog?lang=en")
    for url in urls:
        visitor.get(url)
        assert statements(visitor, first, url) == [], "answered from the cache"
    change(second, listing[0], retail_price_idr=123_400)
    for url in urls:
        assert any("123,400" in p for p in prices(visitor.get(url).get_data(as_text=True))), url
    with second.app_context():
        db.session.execute(text("UPDATE products SET stock = 4 WHERE id = :id"), {"id": listing[0]})
        db.session.commit()
    assert "In stock (4)" in visitor.get(urls[0]).get_data(as_text=True)
    # and the unchanged catalog page is answered without a statement again
    visitor.get(urls[1])
    assert statements(visitor, first, urls[1]) == []


def test_cached_product_page_carries_each_visitors_own_csrf_token(app, listing, real_cache):  # noqa: F811
    """The page is rendered once for anonymous visitors, but every visitor's add-to-cart form
    has their own token, and it works."""
    change(app, listing[0], stock=10)
    first, second = app.test_client(), app.test_client()
    tokens = []
    for visitor in (first, second):
        page = visitor.get("/p/kopi-segar?lang=en").get_data(as_text=True)
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
    assert tokens[0] != tokens[1]
    assert "csrf-" not in page  # no placeholder left
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        added = second.post(
            "/cart/add",
            data={"csrf_token": tokens[1], "product_id": listing[0], "quantity": 1},
        )
        refused = first.post(
            "/cart/add",
            data={"csrf_token": tokens[1], "product_id": listing[0], "quantity": 1},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert added.status_code in (302, 303)
    assert refused.status_code == 400


def test_signed_in_pages_are_private_and_anonymous_ones_answer_304(
    client,
    login,
    factory,
    listing,
    real_cache,  # noqa: F811
):
    first = client.get("/catalog")
    assert (
        "public" in first.headers["Cache-Control"] and "s-maxage" in first.headers["Cache-Control"]
    )
    again = client.get("/catalog", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    login(factory.user("buyer"))
    private = client.get("/catalog")
    assert private.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in private.headers


def test_a_category_added_in_another_process_can_be_chosen_at_once(make_app, listing):  # noqa: F811
    """The category tree is cached per process: a category another worker created is in the
    menu and the catalog's filter on the next request, not after the entry's lifetime."""
    from trading_house.catalog.models import Category

    first, second = make_app(CACHE_BACKEND="local"), make_app(CACHE_BACKEND="local")
    visitor = first.test_client()
    assert visitor.get("/catalog?lang=en").status_code == 200  # the tree is now cached
    with second.app_context():
        db.session.add(Category(slug="lontar", name_indonesian="Lontar", name_english="Lontar"))
        db.session.commit()
    page = visitor.get("/catalog?lang=en&category=lontar").get_data(as_text=True)
    assert 'data-testid="filter-errors"' not in page
    assert '<option value="lontar" selected>' in page
