"""Every route of the app, for seven actors: allowed actors get the page, the others are denied,
nobody ever gets a 5xx, and a denied POST changes nothing.

Routes come from ``app.url_map``, so a new route without a line in ``routes.py`` fails here.
"""

from urllib.parse import urlsplit

import pytest
from werkzeug.routing import IntegerConverter

from tests.security.conftest import ACTORS
from tests.security.matrix import argument_values, fingerprint, url_arguments
from tests.security.routes import ROUTES, allowed_actors

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
#: POSTs that end the actor's session: sent last.
SESSION_ENDING = {"accounts.logout"}


def rules_of(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in SESSION_ENDING, r.rule))


def test_every_route_is_classified(app):
    unclassified = sorted({r.endpoint for r in app.url_map.iter_rules()} - set(ROUTES))
    assert not unclassified, "\n".join(
        f"unclassified route: {name} — add it to tests/security/routes.py" for name in unclassified
    )
    stale = sorted(set(ROUTES) - {r.endpoint for r in app.url_map.iter_rules()})
    assert not stale, f"routes.py lists endpoints that no longer exist: {stale}"


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and urlsplit(
        response.headers.get("Location", "")
    ).path.startswith("/login")


def _verdict(actor, route, method, response):
    """None when the response is what the table allows, else a description."""
    status = response.status_code
    if status >= 500:
        return f"{status} (server error)"
    if actor in allowed_actors(route) or route.cls in ("public", "token-link"):
        if route.cls == "anonymous-only" and actor != "anonymous":
            return None if status in (200, 302, 303) else f"{status}"
        if _is_login_redirect(response) and actor != "anonymous":
            return f"{status} login redirect for a signed-in allowed actor"
        if method == "GET":
            return None if status in route.ok else f"{status}, expected {route.ok}"
        if actor == "anonymous" and route.cls == "public":
            return None
        return None if status < 500 else f"{status}"
    # denied
    if actor == "anonymous" and route.cls != "webhook":
        if _is_login_redirect(response) or status in (401, 404):
            return None
        return f"{status}, expected a login redirect/401/404"
    if status in route.deny:
        return None
    return f"{status}, expected a denial {route.deny}"


#: Endpoints per matrix test at most: the matrix is one test per route group (a blueprint, cut
#: in chunks), so pytest-xdist spreads it and no single test dominates the suite's wall time.
GROUP_SIZE = 12
#: Blueprints kept in one test, in the matrix's request order: the seller's fulfilment pages are
#: 200 only after the buyer's (empty) POST to ``orders.cancel_order`` has taken the world's order
#: out of ``pending_payment`` (sellers never see an unpaid order) — as in the single matrix.
WHOLE = {"orders"}


def route_groups() -> dict:
    """{test id: endpoints}: every classified endpoint in exactly one group."""
    by_blueprint: dict = {}
    for endpoint in sorted(ROUTES):
        by_blueprint.setdefault(endpoint.partition(".")[0], []).append(endpoint)
    groups = {}
    for blueprint, endpoints in by_blueprint.items():
        size = len(endpoints) if blueprint in WHOLE else GROUP_SIZE
        chunks = [endpoints[i : i + size] for i in range(0, len(endpoints), size)]
        for n, chunk in enumerate(chunks, 1):
            groups[blueprint if len(chunks) == 1 else f"{blueprint}-{n}"] = tuple(chunk)
    return groups


GROUPS = route_groups()


def test_the_groups_cover_every_classified_route_once():
    grouped = [endpoint for group in GROUPS.values() for endpoint in group]
    assert sorted(grouped) == sorted(ROUTES)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_authorization_matrix(app, world, actor_clients, factory, group):
    endpoints = set(GROUPS[group])
    rules = [rule for rule in rules_of(app) if rule.endpoint in endpoints]
    assert {rule.endpoint for rule in rules} == endpoints, "stale endpoints in routes.py"
    values = argument_values(world)
    problems, checked = [], 0
    for actor in ACTORS:
        client = actor_clients[actor]
        for rule in rules:
            route = ROUTES[rule.endpoint]
            url = rule.build(url_arguments(rule, route, values), append_unknown=False)[1]
            for method in sorted(rule.methods - SKIPPED_METHODS):
                denied = actor not in allowed_actors(route) and route.cls not in (
                    "public",
                    "token-link",
                    "anonymous-only",
                )
                before = fingerprint(world) if denied and method == "POST" else None
                response = client.open(url, method=method, data={})
                checked += 1
                wrong = _verdict(actor, route, method, response)
                response.close()
                if wrong:
                    problems.append(f"{method} {url} [{rule.endpoint}] as {actor}: {wrong}")
                if before is not None:
                    after = fingerprint(world)
                    if after != before:
                        changed = {k for k in before if before[k] != after[k]}
                        problems.append(
                            f"{method} {url} [{rule.endpoint}] as {actor} (denied, "
                            f"{response.status_code}) changed {sorted(changed)}"
                        )
    assert checked >= len(ACTORS) * len(rules)
    assert not problems, f"{len(problems)} of {checked} requests wrong:\n" + "\n".join(problems)


def test_ids_out_of_the_database_range_are_404_not_500(app, world, actor_clients):
    """``<int:...>`` accepts any digits; an id beyond the column's range must not reach the database
    as an error (PostgreSQL: integer out of range; SQLite: an int too large to bind)."""
    values = argument_values(world)
    problems, checked = [], 0
    for rule in rules_of(app):
        route = ROUTES.get(rule.endpoint)
        ints = [
            name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)
        ]
        if route is None or not ints or rule.endpoint in SESSION_ENDING:
            continue
        actor = next((a for a in ("admin", "sme", "buyer") if a in allowed_actors(route)), "admin")
        for huge in (2**31, 2**63):
            args = url_arguments(rule, route, values) | {name: huge for name in ints}
            url = rule.build(args, append_unknown=False)[1]
            for method in sorted(rule.methods - SKIPPED_METHODS):
                response = actor_clients[actor].open(url, method=method, data={})
                response.close()
                checked += 1
                if response.status_code >= 500:
                    problems.append(
                        f"{method} {url} [{rule.endpoint}] as {actor}: {response.status_code}"
                    )
    assert checked > 50
    assert not problems, f"{len(problems)} of {checked} requests failed:\n" + "\n".join(problems)
