"""What buyers see: home, catalog, product and enterprise pages; only published listings."""

import re

import pytest

from trading_house.core.rates import set_rate
from trading_house.extensions import db


@pytest.fixture
def shop(factory, sme, categories, app):
    """A published coffee with photos and tiers, a draft and a rejected listing."""
    from trading_house.catalog.models import Category, WholesaleTier

    _, enterprise = sme
    with app.app_context():
        arabica = db.session.get(Category, categories["kopi-arabika"])
        coffee = factory.product(
            enterprise,
            category=arabica,
            slug="kopi-toraja-sapan",
            name_indonesian="Kopi Toraja Sapan",
            name_english="Toraja Sapan Coffee",
            description_indonesian="Kopi arabika dari Sapan.",
            description_english="",
            retail_price_idr=85000,
            export_moq=100,
            export_unit="kg",
            lead_time_days=14,
            hs_code="09012110",
            sample_available=True,
        )
        db.session.add_all(
            [
                WholesaleTier(product_id=coffee.id, min_quantity=10, unit_price_idr=80000),
                WholesaleTier(product_id=coffee.id, min_quantity=50, unit_price_idr=72000),
            ]
        )
        db.session.commit()
        factory.photo(coffee, position=0, alt_text="Kemasan kopi")
        factory.photo(coffee, position=1)
        draft = factory.product(enterprise, category=arabica, status="draft", slug="kopi-draf")
        rejected = factory.product(
            enterprise, category=arabica, status="rejected", slug="kopi-tolak"
        )
        return {
            "coffee": coffee.id,
            "draft": draft.id,
            "rejected": rejected.id,
            "enterprise": enterprise.id,
            "enterprise_slug": enterprise.slug,
        }


def test_product_page_shows_gallery_prices_tiers_facts_and_the_maker(client, shop):
    page = client.get("/p/kopi-toraja-sapan?lang=en").get_data(as_text=True)
    assert "Toraja Sapan Coffee" in page
    assert 'data-testid="gallery"' in page
    assert page.count("js-gallery-thumb") == 2
    assert "/media/p/te/" in page
    assert "IDR" in page or "Rp" in page
    assert "the charge is made in the currency of your order" in page
    assert "from 10" in page and "from 50" in page
    assert "100 kilograms" in page
    assert "14 days" in page
    assert "0901.21.10" in page
    assert 'data-testid="enterprise-card"' in page
    assert "Kopi Sapan" in page  # the enterprise
    # The English description is missing: the Indonesian one is shown with a note.
    assert "Kopi arabika dari Sapan." in page
    assert "Written in Indonesian — no English translation yet." in page


def test_prices_in_the_visitors_currency(client, shop, app):
    with app.app_context():
        set_rate("USD", "16000")
        db.session.commit()
    page = client.get("/p/kopi-toraja-sapan?lang=en&currency=USD").get_data(as_text=True)
    price = re.search(r'data-testid="price">([^<]*)<', page).group(1)
    assert "$" in price and "5.31" in price  # 85,000 / 16,000
    assert "Rp" in page or "IDR" in page  # the IDR price stays visible
    # The choice is remembered.
    again = client.get("/p/kopi-toraja-sapan?lang=en").get_data(as_text=True)
    assert "5.31" in re.search(r'data-testid="price">([^<]*)<', again).group(1)


def test_opengraph_title_description_and_absolute_photo(client, shop, app):
    page = client.get("/p/kopi-toraja-sapan?lang=id").get_data(as_text=True)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert "<title>Kopi Toraja Sapan" in page
    assert '<meta name="description" content="Kopi arabika dari Sapan.">' in page
    assert '<meta property="og:title" content="Kopi Toraja Sapan">' in page
    assert f'<meta property="og:image" content="{base}/media/p/te/' in page
    assert f'<link rel="canonical" href="{base}/p/kopi-toraja-sapan">' in page


@pytest.mark.parametrize("slug", ["kopi-draf", "kopi-tolak", "tidak-ada"])
def test_unpublished_and_unknown_products_are_404_for_everyone(client, login, factory, shop, slug):
    assert client.get(f"/p/{slug}").status_code == 404
    login(factory.user("sme"))  # another SME
    assert client.get(f"/p/{slug}").status_code == 404


def test_the_owner_previews_a_draft_but_nobody_else_can(
    client, login, sme, other_sme, factory, shop
):
    draft_id = shop["draft"]
    login(other_sme[0])
    assert client.get(f"/business/products/{draft_id}/preview").status_code == 404
    login(sme[0])
    preview = client.get(f"/business/products/{draft_id}/preview?lang=en")
    assert preview.status_code == 200
    body = preview.get_data(as_text=True)
    assert 'data-testid="preview-banner"' in body
    assert 'name="robots" content="noindex, nofollow"' in body


def test_enterprise_page_with_story_fallback_badge_and_products(client, shop, app):
    from trading_house.enterprises.models import Enterprise

    # Changed in the session the requests share (the factory's app context), so none is stale.
    enterprise = db.session.get(Enterprise, shop["enterprise"])
    enterprise.story_indonesian = "Kami petani kopi di Sapan sejak 1990."
    enterprise.verification_status = "verified"
    slug = enterprise.slug
    db.session.commit()
    page = client.get(f"/e/{slug}?lang=en").get_data(as_text=True)
    assert "Kopi Sapan" in page
    assert "Kami petani kopi di Sapan sejak 1990." in page
    assert "Written in Indonesian — no English translation yet." in page
    assert 'data-testid="verified-badge"' in page
    assert "Tana Toraja" in page
    assert "Toraja Sapan Coffee" in page
    assert "kopi-draf" not in page and "kopi-tolak" not in page
    assert client.get("/e/tidak-ada").status_code == 404


def test_home_shows_categories_featured_and_newest(client, shop, app):
    from trading_house.catalog.models import Product

    db.session.get(Product, shop["coffee"]).featured = True
    db.session.commit()
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'data-testid="home-categories"' in page
    assert "Coffee &amp; tea" in page
    featured = page.split('data-testid="home-featured"')[1].split("</section>")[0]
    assert "Toraja Sapan Coffee" in featured
    newest = page.split('data-testid="home-newest"')[1].split("</section>")[0]
    assert "Toraja Sapan Coffee" in newest
    assert "kopi-draf" not in page


def _home_featured(client) -> list[str]:
    page = client.get("/?lang=en").get_data(as_text=True)
    section = page.split('data-testid="home-featured"')[1].split("</section>")[0]
    return re.findall(r'href="/p/([^"]+)"', section)


def test_a_product_just_featured_leads_the_home_page(client, login, factory, app):
    """Eight picks are shown: the latest first, so a product the trading house features now
    is on the home page as its message says, however old the listing."""
    from datetime import timedelta

    from trading_house.catalog import services
    from trading_house.catalog.views import HOME_FEATURED
    from trading_house.core.clock import utcnow

    old = factory.product(slug="kopi-lama", published_at=utcnow() - timedelta(days=300))
    for n in range(HOME_FEATURED):
        newer = factory.product(slug=f"pilihan-{n}", published_at=utcnow() - timedelta(days=n))
        services.set_featured(newer, True)
    db.session.commit()
    assert "kopi-lama" not in _home_featured(client)
    login(factory.user("admin"))
    answer = client.post(
        f"/admin/catalog/products/{old.id}/feature", data={"featured": "1"}, follow_redirects=True
    )
    assert "Shown on the home page." in answer.get_data(as_text=True)
    client.post("/logout")
    picks = _home_featured(client)
    assert picks[0] == "kopi-lama" and len(set(picks)) == HOME_FEATURED
    login(factory.user("admin"))
    client.post(f"/admin/catalog/products/{old.id}/feature", data={"featured": "0"})
    assert "kopi-lama" not in _home_featured(client)


def test_featuring_again_from_a_second_tab_keeps_the_order(client, login, factory, app):
    """A second click on "Feature on home page" (another tab, a double submit) leaves the
    product where it was among the picks: it was picked once."""
    first = factory.product(slug="kopi-pertama")
    second = factory.product(slug="kopi-kedua")
    login(factory.user("admin"))
    for product in (first, second, first):
        answer = client.post(
            f"/admin/catalog/products/{product.id}/feature",
            data={"featured": "1"},
            follow_redirects=True,
        )
        assert "Shown on the home page." in answer.get_data(as_text=True)
    client.post("/logout")
    assert _home_featured(client)[:2] == ["kopi-kedua", "kopi-pertama"]


def test_catalog_lists_published_products_and_filters_by_parent_category(
    client, shop, categories, factory, app
):
    from trading_house.catalog.models import Category
    from trading_house.enterprises.models import Enterprise

    silk = db.session.get(Category, categories["sarung-sutra"])
    enterprise = db.session.get(Enterprise, shop["enterprise"])
    factory.product(enterprise, category=silk, slug="sarung", name_english="Lipa sabbe")
    page = client.get("/catalog?lang=en").get_data(as_text=True)
    assert "Toraja Sapan Coffee" in page and "Lipa sabbe" in page
    assert "kopi-draf" not in page
    coffee_only = client.get("/catalog?lang=en&category=kopi-teh").get_data(as_text=True)
    assert "Toraja Sapan Coffee" in coffee_only  # a child of "coffee & tea"
    assert "Lipa sabbe" not in coffee_only


def test_the_filter_form_keeps_the_chosen_category_and_regency(client, shop, categories, app):
    from trading_house.catalog.models import Category

    with app.app_context():
        db.session.get(Category, categories["kopi-teh"]).name_english = "Coffee & <Tea>"
        db.session.commit()
    page = client.get("/catalog?lang=en&category=kopi-arabika&regency=7318").get_data(as_text=True)
    group = re.search(r'<optgroup label="([^"]*)"><option value="kopi-teh">([^<]*)</option>', page)
    assert group is not None
    assert group.groups() == ("Coffee &amp; &lt;Tea&gt;", "All of Coffee &amp; &lt;Tea&gt;")
    assert '<option value="kopi-arabika" selected>' in page
    form = page[page.index('data-testid="filter-form"') :]
    form = form[: form.index("</form>")]
    assert re.findall(r"<option value=\"[^\"]*\" selected>", form) == [
        '<option value="kopi-arabika" selected>',
        '<option value="7318" selected>',
        '<option value="relevance" selected>',
    ]
    assert '<option value="7318" selected>Tana Toraja</option>' in page
    # Indonesian names of the same tree
    page = client.get("/catalog?lang=id&category=kopi-teh").get_data(as_text=True)
    assert '<option value="kopi-teh" selected>Semua ' in page


def test_empty_results_suggest_removing_filters(client, shop):
    page = client.get("/catalog?lang=en&min_price=900000000").get_data(as_text=True)
    assert 'data-testid="empty-results"' in page
    assert "Try removing some filters." in page
    assert 'data-testid="remove-filters"' in page


@pytest.mark.parametrize("page_arg", ["999", "abc", "-3", "0", "1e9", "99999999999999999999"])
def test_page_numbers_past_the_end_or_not_numbers_never_fail(client, shop, page_arg):
    response = client.get(f"/catalog?page={page_arg}&lang=en")
    assert response.status_code == 200
    assert "Toraja Sapan Coffee" in response.get_data(as_text=True)


def test_bad_filter_values_are_explained_not_fatal(client, shop):
    response = client.get("/catalog?lang=en&min_price=abc&category=nope&sort=cheap&regency=9999")
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.get_data(as_text=True)


def test_script_in_names_is_escaped_on_public_pages(client, factory, sme, categories, app):
    from trading_house.catalog.models import Category

    with app.app_context():
        cat = db.session.get(Category, categories["teh"])
        factory.product(
            sme[1],
            category=cat,
            slug="teh-jahat",
            name_indonesian="<script>alert(1)</script>",
            name_english="<img src=x onerror=alert(1)>",
            description_english="<b>bold</b>",
        )
    for url in ("/p/teh-jahat?lang=id", "/p/teh-jahat?lang=en", "/catalog?lang=en", "/?lang=id"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body
        assert "<b>bold</b>" not in body


def _locs(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_sitemap_and_robots(client, shop, app):
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    index = client.get("/sitemap.xml")
    assert index.mimetype == "application/xml"
    assert "<sitemapindex" in index.get_data(as_text=True)
    sitemaps = _locs(index.get_data(as_text=True))
    assert sitemaps == [f"{base}/sitemap/pages.xml", f"{base}/sitemap/products-0.xml"]
    pages = client.get("/sitemap/pages.xml").get_data(as_text=True)
    assert f"<loc>{base}/catalog?category=kopi-arabika</loc>" in pages
    assert f"<loc>{base}/e/{shop['enterprise_slug']}</loc>" in pages
    products = client.get("/sitemap/products-0.xml")
    assert products.mimetype == "application/xml"
    xml = products.get_data(as_text=True)
    assert f"<loc>{base}/p/kopi-toraja-sapan</loc>" in xml
    assert "kopi-draf" not in xml and "kopi-tolak" not in xml
    robots = client.get("/robots.txt")
    assert robots.mimetype == "text/plain"
    text = robots.get_data(as_text=True)
    assert f"Sitemap: {base}/sitemap.xml" in text
    assert "Disallow: /business/" in text


def test_sitemap_lists_products_in_blocks_of_ids(client, factory, sme, app):
    """One file may hold 50,000 URLs at most: products are listed by blocks of ids, each
    file read by a range of the primary key; only blocks with a published product are named."""
    from trading_house.catalog.views_sitemap import BLOCK, LAST_BLOCK

    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    with app.app_context():
        first = factory.product(sme[1], slug="kopi-awal")
        factory.product(sme[1], id=2 * BLOCK + 7, slug="kopi-jauh")
        factory.product(sme[1], id=3 * BLOCK + 1, slug="kopi-draf-jauh", status="draft")
        assert first.id < BLOCK
    sitemaps = _locs(client.get("/sitemap.xml").get_data(as_text=True))
    assert sitemaps[1:] == [f"{base}/sitemap/products-0.xml", f"{base}/sitemap/products-2.xml"]
    block_0 = _locs(client.get("/sitemap/products-0.xml").get_data(as_text=True))
    block_2 = _locs(client.get("/sitemap/products-2.xml").get_data(as_text=True))
    assert f"{base}/p/kopi-awal" in block_0 and f"{base}/p/kopi-jauh" not in block_0
    assert block_2 == [f"{base}/p/kopi-jauh"]
    # A block with only a draft is not named and lists nothing; one past any id is not found.
    assert _locs(client.get("/sitemap/products-3.xml").get_data(as_text=True)) == []
    assert client.get(f"/sitemap/products-{LAST_BLOCK + 1}.xml").status_code == 404
    assert client.get("/sitemap/products-99999999999999999999.xml").status_code == 404
    assert client.get("/sitemap/products--1.xml").status_code == 404


def test_product_page_includes_the_area_hooks(client, shop, app):
    """The product page includes the partials other areas provide (ignored while missing)."""
    source = app.jinja_env.loader.get_source(app.jinja_env, "catalog/product.html")[0]
    for hook in (
        "orders/_product_buy.html",
        "inquiries/_product_inquiry.html",
        "readiness/_product_readiness_kept.html",
        "curation/_product_notice.html",
    ):
        assert f'{{% include "{hook}" ignore missing %}}' in source
