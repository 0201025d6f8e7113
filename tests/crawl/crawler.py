"""A breadth-first crawl of the site as one visitor, with the checks a person would make.

From the home page it follows every same-origin link (and every GET form with its default
values), bounded: a few URLs per route pattern and a maximum number of pages in all. Each answer
is checked: no server error, no link to a missing or forbidden page, no template error text,
HTML pages in the visitor's language and inside the site's layout, documents (PDF, CSV, XLSX,
JSON, XML, images) that open.
"""

import csv
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit
from xml.dom import minidom

from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from werkzeug.exceptions import HTTPException

#: Query parameters that switch the visitor's language or currency for the rest of the visit
#: (the crawl keeps one of each: a visitor's own), not pages of their own.
SWITCHES = {"lang", "currency"}
#: Text that never belongs on a page: template and framework errors leaking through.
ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|jinja2|UndefinedError|TemplateSyntaxError|"
    r"TemplateNotFound|sqlalchemy|psycopg|werkzeug\.|\{\{|\{%|%\}|\}\}|"
    r"is undefined|object has no attribute"
)
#: Every page of the site renders inside ``base.html``: its navigation, main and footer.
LAYOUT = ('<nav class="navbar', '<main id="main"', "<footer")


@dataclass
class Problem:
    url: str
    status: int
    what: str
    referrer: str

    def __str__(self) -> str:
        return f"{self.status} {self.url} (linked from {self.referrer}): {self.what}"


@dataclass
class Visit:
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # url -> status
    documents: dict[str, str] = field(default_factory=dict)  # url -> kind


class _Links(HTMLParser):
    """``<a href>`` targets and GET forms (action with their fields' default values)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: list | None = None
        self._select: str | None = None
        self._first_option: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = [a.get("action") or "", []]
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag, a):
        fields = self._form[1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "image", "file"):
                fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = (self._select, value)
            if "selected" in a:
                fields.append((self._select, value))
                self._first_option = ("", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._first_option and self._first_option[0]:
                self._form[1].append(self._first_option)
            self._select = None
        elif tag == "form" and self._form is not None:
            action, fields = self._form
            query = urlencode(fields)
            self.links.append(f"{action.split('?')[0]}?{query}" if query else action)
            self._form = None


class Crawler:
    """Crawl one visitor's site in their language: ``Crawler(app, client, "id").run("/")``."""

    def __init__(self, app, client, language, *, max_pages=150, per_pattern=3, per_query=2):
        self.client = client
        self.language = language
        self.max_pages = max_pages
        self.per_pattern = per_pattern
        self.per_query = per_query
        self.urls = app.url_map.bind("localhost")
        self._seen: set[str] = set()
        self._pattern_count: dict[str, int] = {}
        self._query_count: dict[tuple, int] = {}

    def run(self, start="/") -> Visit:
        visit = Visit()
        queue = deque([(start, "(start)")])
        while queue and len(visit.pages) < self.max_pages:
            url, referrer = queue.popleft()
            if not self._admit(url):
                continue
            for link in self._fetch(url, referrer, visit):
                queue.append((link, url))
        return visit

    # --- which URLs -----------------------------------------------------------------------

    def _normalise(self, href: str, base: str) -> str | None:
        absolute = urljoin("http://localhost" + base, href.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.hostname != "localhost":
            return None
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(key in SWITCHES for key, _ in query):
            return None
        return parts.path + (f"?{urlencode(sorted(query))}" if query else "")

    def _admit(self, url: str) -> bool:
        """A new URL, within the samples allowed for its route pattern and query keys."""
        if url in self._seen:
            return False
        path, _, query = url.partition("?")
        try:
            rule, _ = self.urls.match(path, method="GET", return_rule=True)
            pattern = rule.rule
        except HTTPException:
            pattern = "(unrouted)"  # still fetched once: a link to nowhere is a finding
        keys = (pattern, tuple(sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)})))
        allowed = self.per_query if keys[1] else self.per_pattern
        if self._query_count.get(keys, 0) >= allowed:
            return False
        if self._pattern_count.get(pattern, 0) >= self.per_pattern * 3:
            return False
        self._seen.add(url)
        self._pattern_count[pattern] = self._pattern_count.get(pattern, 0) + 1
        self._query_count[keys] = self._query_count.get(keys, 0) + 1
        return True

    # --- one page -----------------------------------------------------------------------------

    def _fetch(self, url: str, referrer: str, visit: Visit) -> list[str]:
        """Fetch and check one URL; the links to follow from it."""
        try:
            response = self.client.get(url)
        except Exception as exc:  # the error page itself failed: the test client re-raises
            visit.pages[url] = 500
            visit.problems.append(Problem(url, 500, f"exception: {exc!r}"[:2000], referrer))
            return []
        try:
            body = response.get_data()
        finally:
            response.close()
        status = visit.pages[url] = response.status_code

        def problem(what):
            visit.problems.append(Problem(url, status, what, referrer))

        if status in (301, 302, 303, 307, 308):
            target = self._normalise(response.headers.get("Location", ""), url)
            return [target] if target else []
        if status >= 400:
            if status >= 500:
                problem("server error")
            elif status == 404:
                problem("a link to a missing page")
            else:
                problem("a link the visitor may not follow")
            return []
        if response.mimetype == "text/html":
            return self._page(body.decode(), url, problem)
        visit.documents[url] = response.mimetype
        checker = DOCUMENTS.get(response.mimetype)
        if checker is not None:
            try:
                checker(body)
            except Exception as exc:  # a broken document is a finding, whatever the reason
                problem(f"{response.mimetype} does not open: {exc!r}")
        return []

    def _page(self, html: str, url: str, problem) -> list[str]:
        if f'<html lang="{self.language}">' not in html:
            problem(f"not in the visitor's language ({self.language})")
        found = ERROR_TEXT.search(html)
        if found:
            start = max(found.start() - 80, 0)
            problem(f"error text on the page: …{html[start : found.end() + 80]}…")
        missing = [part for part in LAYOUT if part not in html]
        if missing:
            problem(f"page without the site's layout (missing {missing})")
        parser = _Links()
        parser.feed(html)
        links = (self._normalise(href, url) for href in parser.links)
        return [link for link in links if link]


def _pdf(body: bytes) -> None:
    reader = PdfReader(io.BytesIO(body), strict=True)
    assert len(reader.pages) >= 1, "no pages"
    for page in reader.pages:  # reads every content stream
        page.extract_text()


def _csv(body: bytes) -> None:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and any(cell.strip() for cell in rows[0]), "no header row"


def _json(body: bytes) -> None:
    json.loads(body)


def _xml(body: bytes) -> None:
    minidom.parseString(body)  # noqa: S318 - our own sitemap, not untrusted input


def _image(body: bytes) -> None:
    with Image.open(io.BytesIO(body)) as image:
        image.load()


def _xlsx(body: bytes) -> None:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    try:
        assert workbook.active is not None and workbook.active.max_row >= 1, "no rows"
    finally:
        workbook.close()


def _text(body: bytes) -> None:
    assert body.decode().strip(), "empty"


DOCUMENTS = {
    "application/pdf": _pdf,
    "text/csv": _csv,
    "application/json": _json,
    "application/problem+json": _json,
    "application/xml": _xml,
    "text/plain": _text,
    "image/webp": _image,
    "image/png": _image,
    "image/jpeg": _image,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
}
