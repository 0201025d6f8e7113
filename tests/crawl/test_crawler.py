"""The crawler finds what it is meant to find: a small site with one of each kind of fault."""

import io

import pytest
from flask import Flask, abort, redirect
from pypdf import PdfWriter

from tests.crawl.crawler import Crawler

LAYOUT = (
    '<!doctype html><html lang="{lang}"><body><nav class="navbar">nav</nav>'
    '<main id="main">{body}</main><footer>footer</footer></body></html>'
)


def _page(body: str, lang: str = "id") -> str:
    return LAYOUT.format(lang=lang, body=body)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def site():
    app = Flask(__name__)
    links = [
        "/fine",
        "/missing",
        "/boom",
        "/bare",
        "/leak",
        "/english",
        "/forbidden",
        "/moved",
        "/good.pdf",
        "/bad.pdf",
        "/good.csv",
        "/empty.csv",
        "https://example.com/elsewhere",
        "mailto:info@example.com",
        "/fine?lang=en",
    ] + [f"/item/{n}" for n in range(10)]
    form = (
        '<form method="get" action="/search"><input name="q" value="kopi">'
        '<select name="sort"><option value="new">new</option>'
        '<option value="old" selected>old</option></select>'
        '<input type="checkbox" name="unchecked" value="1"><button>go</button></form>'
        '<form method="post" action="/never"><button>post</button></form>'
    )
    home = "".join(f'<a href="{link}">x</a>' for link in links) + form
    pages = {
        "/": _page(home),
        "/fine": _page("fine"),
        "/bare": "<p>a fragment without the layout</p>",
        "/leak": _page("jinja2.exceptions.UndefinedError: 'order' is undefined"),
        "/english": _page("hello", lang="en"),
    }
    for path, html in pages.items():
        app.add_url_rule(path, path, lambda html=html: html)
    app.add_url_rule("/item/<int:n>", "item", lambda n: _page(f"item {n}"))
    app.add_url_rule("/search", "search", lambda: _page("results"))
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    app.add_url_rule("/forbidden", "forbidden", lambda: abort(403))
    app.add_url_rule("/moved", "moved", lambda: redirect("/after-move"))
    app.add_url_rule("/after-move", "after_move", lambda: _page("moved here"))
    app.add_url_rule("/good.pdf", "good_pdf", lambda: (_pdf(), {"Content-Type": "application/pdf"}))
    app.add_url_rule(
        "/bad.pdf", "bad_pdf", lambda: (b"%PDF-1.4 not really", {"Content-Type": "application/pdf"})
    )
    app.add_url_rule("/good.csv", "good_csv", lambda: ("a,b\n1,2\n", {"Content-Type": "text/csv"}))
    app.add_url_rule("/empty.csv", "empty_csv", lambda: ("", {"Content-Type": "text/csv"}))
    return app


def test_each_kind_of_fault_is_reported(site):
    visit = Crawler(site, site.test_client(), "id").run("/")
    found = {(p.url, p.status): p.what for p in visit.problems}
    assert set(found) == {
        ("/missing", 404),
        ("/boom", 500),
        ("/bare", 200),
        ("/leak", 200),
        ("/english", 200),
        ("/forbidden", 403),
        ("/bad.pdf", 200),
        ("/empty.csv", 200),
    }
    assert "layout" in found[("/bare", 200)]
    assert "error text" in found[("/leak", 200)] and "UndefinedError" in found[("/leak", 200)]
    assert "language" in found[("/english", 200)]
    assert "does not open" in found[("/bad.pdf", 200)]
    assert all(p.referrer == "/" for p in visit.problems)


def test_it_follows_links_forms_and_redirects_within_its_bounds(site):
    visit = Crawler(site, site.test_client(), "id").run("/")
    assert "/after-move" in visit.pages  # redirects are followed
    assert "/search?q=kopi&sort=old" in visit.pages  # GET forms, with their default values
    assert "/never" not in visit.pages
    assert not any("example.com" in url or "lang=" in url for url in visit.pages)
    assert len([url for url in visit.pages if url.startswith("/item/")]) == 3  # a few samples
    assert visit.documents == {
        "/good.pdf": "application/pdf",
        "/bad.pdf": "application/pdf",
        "/good.csv": "text/csv",
        "/empty.csv": "text/csv",
    }
    assert len(Crawler(site, site.test_client(), "id", max_pages=5).run("/").pages) == 5
