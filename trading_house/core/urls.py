"""Links: safe redirects (never off-site) and absolute links built from ``PUBLIC_BASE_URL``.

Absolute links (e-mails, OpenGraph tags, the sitemap, the API, PDFs) never come from the request's
``Host`` header, which a client chooses: :func:`public_url` builds them on the configured public
base URL, inside a request, a CLI command or a job alike.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context


def safe_next(target: str | None, fallback: str) -> str:
    """Return ``target`` only when it is a path on this site; otherwise ``fallback``."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    return target


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on the configured ``PUBLIC_BASE_URL``; works outside a request too.

    Never built from the request's Host header: a forged Host would otherwise end up in
    e-mailed links and in API answers that caches keep and serve to everyone.
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return public_base_url() + path


def public_base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


_MARKER = "__public_url_value__"
#: Values a URL holds as they are (werkzeug's converters leave them unquoted).
_PLAIN = re.compile(r"[A-Za-z0-9._~-]+")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]+")


def public_url_builder(endpoint: str, argument: str, *, path: bool = False) -> Callable[[str], str]:
    """``public_url(endpoint, **{argument: value})`` for many values: the URL is built once
    around a marker, then each one is a concatenation (an API page links ~200 photos and
    products; building each URL bound the URL map again). ``path``: the argument is a
    ``path`` (slashes kept). A value that needs quoting is built the full way."""
    prefix, suffix = public_url(endpoint, **{argument: _MARKER}).split(_MARKER)
    plain = _PLAIN_PATH if path else _PLAIN

    def build(value: str) -> str:
        if plain.fullmatch(value):
            return prefix + value + suffix
        return public_url(endpoint, **{argument: value})

    return build


def public_url_of(endpoint: str, argument: str, value: str, *, path: bool = False) -> str:
    """``public_url(endpoint, **{argument: value})``, with a :func:`public_url_builder` kept
    for the rest of the request."""
    if not has_request_context():
        return public_url(endpoint, **{argument: value})
    builders = g.setdefault("public_url_builders", {})
    which = (endpoint, argument, path)
    build = builders.get(which)
    if build is None:
        build = builders[which] = public_url_builder(endpoint, argument, path=path)
    return build(value)
