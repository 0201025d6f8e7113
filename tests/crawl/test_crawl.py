"""Every page works for every demo account (issue #11): crawl the seeded demo site.

One test per visitor, so xdist spreads them over its workers. Each crawl signs in through the
real form, picks the visitor's language with ``?lang=`` (remembered, as for a person), and from
the home page follows the navigation and every link it finds (``crawler.py``). Runs on SQLite
and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

import pytest

from tests.crawl.crawler import Crawler
from trading_house.accounts.seed import DEMO_PASSWORD

#: visitor: (e-mail, or None for anonymous; language)
VISITORS = {
    "anonymous-id": (None, "id"),
    "anonymous-en": (None, "en"),
    "admin": ("admin@rumahdagang.id", "id"),
    "curator": ("kurator@rumahdagang.id", "id"),
    "curator-2-en": ("kurator2@rumahdagang.id", "en"),
    "sme-owner": ("umkm1@rumahdagang.id", "id"),
    "sme-co-owner-en": ("umkm@rumahdagang.id", "en"),
    "sme-staff": ("staf@rumahdagang.id", "id"),
    "buyer-retail": ("pembeli@rumahdagang.id", "id"),
    "buyer-importer-jp": ("importer@rumahdagang.id", "en"),
    "buyer-importer-nl-id": ("buyer2@rumahdagang.id", "id"),
}


def _browser(demo_app, email):
    browser = demo_app.test_client()
    if email:
        response = browser.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return browser


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_works(demo_app, visitor):
    email, language = VISITORS[visitor]
    crawler = Crawler(demo_app, _browser(demo_app, email), language)
    visit = crawler.run(f"/?lang={language}")
    assert not visit.problems, "\n".join(str(p) for p in visit.problems)
    assert len(visit.pages) >= 25, sorted(visit.pages)  # it really went through the site
