"""Every form of the app, posted with hostile values by an actor who can see it: no 5xx, and
script never comes back unescaped.

Forms are discovered, not listed: every GET route of the matrix is opened as each actor, and each
``<form method="post">`` found (its action and its ``<input>/<select>/<textarea name=...>``)
is posted a few times, one hostile value per field per request.

One test per route group (the matrix's groups, so pytest-xdist spreads them): a group's test
searches the group's pages for forms (whatever endpoint they post to) and posts the fallback
fields to the group's POST routes whose form is not on the group's own pages. Every form the
single crawl found (first actor, first page) is still posted, by the same actor from that page.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests.security.matrix import argument_values, url_arguments
from tests.security.routes import ROUTES, allowed_actors
from tests.security.test_authorization_matrix import GROUPS

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    "x" * 10_000,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "nul\x00byte \x1b[31m \u202eevil",
    "{{7*7}}",
    "-1",
    "1e309",
    "abc",
    "Ŝüłàwĕsí 🌶️ 南苏拉威西",
    SCRIPT,
]
#: actors whose pages are searched for forms (others see a subset of these)
FILLERS = ("anonymous", "buyer", "sme", "curator", "admin")
#: forms that end the actor's session (posted last would still lose the other forms' actor)
SKIP = {"accounts.logout"}
REQUESTS_PER_FORM = 3
#: POST routes whose form was not found on any page (a button-only form, or state the world lacks)
#: are posted these common field names instead.
FALLBACK_FIELDS = ["note", "reason", "message", "quantity", "name", "email", "position", "code"]
#: Forms each group's pages show at least (about two thirds of the 72 they show on 2026-12-05;
#: 45 in all, the single crawl required 40). A group's chunk boundaries move when routes
#: are added: then re-tune these from what the groups find.
MIN_FORMS = {
    "accounts-1": 4,
    "admin-1": 4,
    "admin-2": 1,
    "catalog-1": 2,
    "cooperatives-1": 5,
    "cooperatives-2": 2,
    "catalog-2": 4,
    "curation-1": 2,
    "curation-2": 2,
    "enterprises": 2,
    "inquiries-2": 2,
    "inquiries-3": 1,
    "inquiries-4": 6,
    "notifications": 1,
    "orders": 4,
    "payments-1": 2,
    "payments-2": 1,
    "readiness-1": 4,
    "readiness-2": 1,
    "readiness-3": 1,
    "trade_documents": 1,
}


class _Forms(HTMLParser):
    """POST forms of a page: [(action, [field names])]."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = (attrs.get("action") or self.page_url, [])
            self.forms.append(self._current)
        elif tag == "button" and self._current is None and attrs.get("formaction"):
            self.forms.append((attrs["formaction"], []))
        elif tag in ("input", "select", "textarea") and self._current is not None:
            name = attrs.get("name")
            if (
                name
                and name != "csrf_token"
                and attrs.get("type") not in ("submit", "file", "button", "image")
                and name not in self._current[1]
            ):
                self._current[1].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _discover(app, world, clients, endpoints):
    """{endpoint: (actor, path, field names)} — the first actor that sees each form on the pages
    of ``endpoints``."""
    values = argument_values(world)
    adapter = app.url_map.bind("localhost")
    found = {}
    for actor in FILLERS:
        client = clients[actor]
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            route = ROUTES.get(rule.endpoint)
            if route is None or "GET" not in rule.methods or rule.endpoint.endswith("static"):
                continue
            if rule.endpoint not in endpoints:
                continue
            url = rule.build(url_arguments(rule, route, values), append_unknown=False)[1]
            page = client.get(url)
            if page.status_code != 200 or not page.mimetype.startswith("text/html"):
                page.close()
                continue
            parser = _Forms(url)
            parser.feed(page.get_data(as_text=True))
            for action, fields in parser.forms:
                path = urlsplit(action).path or url
                try:
                    endpoint, _ = adapter.match(path, method="POST")
                except HTTPException:
                    continue
                if endpoint not in found and endpoint not in SKIP:
                    found[endpoint] = (actor, path, fields)
    return found


def _fallbacks(app, world, found, endpoints):
    """{endpoint: (actor, path, FALLBACK_FIELDS)} for the POST routes of ``endpoints`` without a
    discovered form."""
    values = argument_values(world)
    extra = {}
    for rule in app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        if route is None or "POST" not in rule.methods or rule.endpoint in found:
            continue
        if rule.endpoint not in endpoints:
            continue
        if rule.endpoint in SKIP:
            continue
        allowed = [a for a in ("buyer", "sme", "admin", "curator") if a in allowed_actors(route)]
        actor = allowed[0] if allowed else "anonymous"
        url = rule.build(url_arguments(rule, route, values), append_unknown=False)[1]
        extra[rule.endpoint] = (actor, url, FALLBACK_FIELDS)
    return extra


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_forms_survive_hostile_values(app, world, actor_clients, group):
    endpoints = set(GROUPS[group])
    discovered = _discover(app, world, actor_clients, endpoints)
    assert len(discovered) >= MIN_FORMS.get(group, 0), sorted(discovered)
    forms = discovered | _fallbacks(app, world, discovered, endpoints)
    problems = []
    for endpoint, (actor, path, fields) in sorted(forms.items()):
        client = actor_clients[actor]
        for attempt in range(REQUESTS_PER_FORM):
            data = {
                name: HOSTILE[(i + attempt * 4) % len(HOSTILE)] for i, name in enumerate(fields)
            }
            if fields:  # every form gets the script in at least one field
                data[fields[attempt % len(fields)]] = SCRIPT
            response = client.post(path, data=data, follow_redirects=True)
            body = response.get_data(as_text=True)
            response.close()
            if response.status_code >= 500:
                problems.append(f"POST {path} [{endpoint}] as {actor}: {response.status_code}")
            if SCRIPT in body:
                problems.append(f"POST {path} [{endpoint}] as {actor}: script shown unescaped")
    assert not problems, "\n".join(problems)
