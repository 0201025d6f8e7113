"""What a real visitor of each role meets on the seeded demo site (``demo_server`` in conftest):
the demo accounts, signing in, and the main pages of a role.
"""

import re
from urllib.parse import urlsplit

from trading_house.accounts.seed import DEMO_PASSWORD

#: role: the demo account (None: a visitor who is not signed in).
ROLES = {
    "visitor": None,
    "buyer": "pembeli@rumahdagang.id",
    "importer": "importer@rumahdagang.id",
    "sme": "umkm1@rumahdagang.id",
    "curator": "kurator@rumahdagang.id",
    "admin": "admin@rumahdagang.id",
    "examiner": "pengawas@rumahdagang.id",
    "coop-officer": "koperasi@rumahdagang.id",
    "wholesale-buyer": "grosir@rumahdagang.id",
}
#: Pages deeper than the header that each role uses daily: the first link matching each pattern.
DEEP_PAGES = [
    r"^/p/[^/?]+$",
    r"^/enterprise/[^/?]+$",
    r"^/business/products/\d+/edit$",
    r"^/business/products/\d+/photos$",
    r"^/readiness/e/\d+$",
    r"^/readiness/e/\d+/gaps$",
    r"^/readiness/dashboard$",
    r"^/curation/review/\d+$",
    r"^/curation/dashboard$",
    r"^/inquiries/requests/new",
    r"^/register$",
    r"^/login$",
    r"^/pengawasan/pemeriksaan/\d+$",
    r"^/pengawasan/kasus/\d+$",
    r"^/pengawasan/koperasi-saya/pemeriksaan/\d+$",
    r"^/koperasi/registri/\d+$",
    r"^/koperasi/\d+/laporan-keuangan/isi",
    r"^/koperasi/\d+/rat$",
    r"^/wholesale/catalog$",
]
SKIP = re.compile(r"^/(logout|media/|static/)|\.(pdf|csv|xlsx|json|xml)$")


def sign_in(page, email: str | None, language: str) -> None:
    """Sign in through the real form (or just visit), choosing the language as a person does."""
    page.goto(f"/?lang={language}")
    if email:
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_load_state()


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def main_pages(page, limit: int = 16) -> list[str]:
    """The home page, every page of the header (menus included), and one page of each kind
    in ``DEEP_PAGES`` found on those pages."""
    page.goto("/")
    header = page.eval_on_selector_all(
        "nav.navbar a[href]", "els => els.map(a => a.getAttribute('href'))"
    )
    pages = ["/"]
    for href in header:
        path = urlsplit(href).path
        if path.startswith("/") and not SKIP.search(path) and path not in pages:
            pages.append(path)
    found: dict[str, str] = {}
    for path in list(pages):
        page.goto(path)
        for link in _links(page):
            bare = link.split("?")[0] if not link.startswith("/inquiries/requests/new") else link
            for pattern in DEEP_PAGES:
                if pattern not in found and re.search(pattern, bare):
                    found[pattern] = link
    pages += [link for link in found.values() if link not in pages]
    return pages[:limit]
