"""Whole anonymous catalog and product pages in the cache, never stale (issue #18).

A page is kept twice, both times for anonymous visitors only (nothing personal is ever cached):

1. **under the write stamp** (``core/write_stamp.py``): the URL, language, currency, rate and
   the stamp that changes after any committed write. While nothing was written, the page is
   answered from the cache without a single SQL statement.
2. **under its versions**: the same plus what the page shows, as ``build()`` reads it in one
   or two narrow statements (card keys: ids and ``updated_at``\\ s; the product's row, photos,
   tiers, reviews) and the generations it names (the catalog's for a list, which any product
   changes; a product page names only its own groups). After a write elsewhere, an unchanged
   page is found here again and filed under the new stamp; a changed one is rendered afresh.

A form's CSRF token belongs to the visitor: a page is rendered with a placeholder (the same in
every process, so Redis can share pages; not guessable from outside) and each visitor's token
is put in when it is sent.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import lru_cache

from flask import current_app, g, make_response, request, session

from trading_house.catalog import cards
from trading_house.core.cache import current_cache
from trading_house.core.i18n import current_locale, may_be_signed_in, select_currency
from trading_house.core.rates import rate_table
from trading_house.core.signing import csrf_token
from trading_house.core.write_stamp import write_stamp

#: How long nginx's micro-cache (``deploy/nginx``) may answer an anonymous page by itself.
SHARED_CACHE_SECONDS = 5
#: How long an anonymous page is kept in the app cache (entries are stamped or versioned; the
#: lifetime bounds what a write outside the app, e.g. by hand in psql, could leave behind).
PAGE_TTL = 60

#: ``build()`` gives what the page's content depends on and the function that renders it.
Build = Callable[[], tuple[tuple, Callable[[], str]]]


def personal() -> bool:
    """Whether this visitor's page may hold something of theirs alone: signed in, or a flash
    message waiting to be shown (reads the cookies only: no database query)."""
    return may_be_signed_in() or "_flashes" in session


@lru_cache(maxsize=8)
def _placeholder_for(secret: str) -> str:
    digest = hmac.new(secret.encode(), b"cached-page-csrf", hashlib.sha256).hexdigest()
    return "csrf-" + digest[:32]


def csrf_placeholder() -> str:
    """What a cached page holds where the visitor's CSRF token goes."""
    return _placeholder_for(str(current_app.secret_key or ""))


def anonymous_page(build: Build) -> str:
    """The page ``build()`` describes, from the cache when it may be (see the module)."""
    if personal():
        return build()[1]()
    currency = select_currency()
    rate = rate_table().get(currency) if currency != "IDR" else None
    identity = (request.full_path, current_locale(), currency, rate, cards.MARKUP_VERSION)
    cache = current_cache()
    stamp = write_stamp()
    stamped = _key("page-at", (*identity, stamp)) if stamp is not None else None
    html = cache.get(stamped) if stamped is not None else None
    if html is None:
        parts, render = build()
        versioned = _key("page", (*identity, parts))
        html = cache.get(versioned)
        if html is None:
            html = _render_with_placeholder(render)
            cache.set(versioned, html, PAGE_TTL)
        if stamped is not None:
            cache.set(stamped, html, PAGE_TTL)
    placeholder = csrf_placeholder()
    if placeholder in html:
        html = html.replace(placeholder, csrf_token())
    return html


def _key(kind: str, identity: tuple) -> str:
    return f"{kind}:" + hashlib.sha256(repr(identity).encode()).hexdigest()


def _render_with_placeholder(render: Callable[[], str]) -> str:
    # Flask-WTF hands out the token kept in ``g``: the placeholder, for this rendering only.
    g.csrf_token = csrf_placeholder()
    try:
        return render()
    finally:
        g.pop("csrf_token", None)


def public_page(body: str):
    """An anonymous catalog page: an ETag (``If-None-Match`` gives 304) and ``Cache-Control``
    that lets a shared cache keep it for a few seconds.

    Only when nothing in it belongs to one visitor: not signed in (those pages stay
    ``private, no-store``, see ``core/security.py``), no flash message shown, and the session
    not changed by this request (a new CSRF token or a remembered language means a
    ``Set-Cookie`` for this visitor alone). A page with the visitor's CSRF token in a form is
    ``private`` (their browser revalidates with the ETag). ``Vary`` names what else chooses
    the page's language and currency.
    """
    response = make_response(body)
    if personal() or session.modified or request.method not in ("GET", "HEAD"):
        return response
    # A form on the page (add to cart) carries this visitor's CSRF token: their browser may
    # revalidate its copy, no shared cache may keep it.
    shared = "csrf_token" not in g
    response.cache_control.public = shared
    response.cache_control.private = None if shared else True  # None: no "private"
    response.cache_control.max_age = 0
    if shared:
        response.cache_control.s_maxage = SHARED_CACHE_SECONDS
    response.vary.update(("Cookie", "Accept-Language"))
    response.add_etag()
    return response.make_conditional(request)
