"""Every page works for every demo account (issue #11): crawl the seeded demo site.

One test per visitor, so xdist spreads them over its workers. Each crawl signs in through the
real form, picks the visitor's language with ``?lang=`` (remembered, as for a person), and from
the home page follows the navigation and every link it finds (``crawler.py``). Runs on SQLite
and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

import pytest
from sqlalchemy import select

from tests.crawl.crawler import Crawler
from trading_house.accounts.seed import DEMO_PASSWORD
from trading_house.catalog.models import Product
from trading_house.extensions import db

#: visitor: (e-mail, or None for anonymous; language; something in the cart, so that the
#: crawl reaches the checkout page)
VISITORS = {
    "anonymous-id": (None, "id", False),
    "anonymous-en-cart": (None, "en", True),
    "admin": ("admin@rumahdagang.id", "id", False),
    "curator": ("kurator@rumahdagang.id", "id", False),
    "curator-2-en": ("kurator2@rumahdagang.id", "en", False),
    "sme-owner": ("umkm1@rumahdagang.id", "id", False),
    "sme-co-owner-en": ("umkm@rumahdagang.id", "en", False),
    "sme-staff": ("staf@rumahdagang.id", "id", False),
    "buyer-retail-cart": ("pembeli@rumahdagang.id", "id", True),
    "buyer-importer-jp-cart": ("importer@rumahdagang.id", "en", True),
    "buyer-importer-nl-id": ("buyer2@rumahdagang.id", "id", False),
    "examiner": ("pengawas@rumahdagang.id", "id", False),
    "examiner-2-en": ("pengawas2@rumahdagang.id", "en", False),
    "coop-officer": ("koperasi@rumahdagang.id", "id", False),
}


def _browser(demo_app, email):
    browser = demo_app.test_client()
    if email:
        response = browser.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return browser


def _fill_cart(demo_app, browser) -> None:
    """Put a published product in the cart, as its product page's form does (importers buy at
    least the export minimum)."""
    with demo_app.app_context():
        products = db.session.scalars(
            select(Product).where(Product.status == "approved").order_by(Product.id)
        )
        quantity, product_id = next(
            (q, p.id) for p in products if p.stock >= (q := max(2, p.export_moq or 0))
        )
    data = {"product_id": product_id, "quantity": quantity}
    response = browser.post("/cart/add", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/cart")


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_works(demo_app, visitor):
    email, language, with_cart = VISITORS[visitor]
    browser = _browser(demo_app, email)
    if with_cart:
        _fill_cart(demo_app, browser)
    crawler = Crawler(demo_app, browser, language)
    visit = crawler.run(f"/?lang={language}")
    assert not visit.problems, "\n".join(str(p) for p in visit.problems)
    assert len(visit.pages) >= 25, sorted(visit.pages)  # it really went through the site
    assert ("/checkout" in visit.pages) == with_cart
