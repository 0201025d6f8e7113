"""Links: safe redirects (never off-site) and absolute links built from ``PUBLIC_BASE_URL``.

Absolute links (e-mails, OpenGraph tags, the sitemap, the API, PDFs) never come from the request's
``Host`` header, which a client chooses: :func:`public_url` builds them on the configured public
base URL, inside a request, a CLI command or a job alike.
"""

from urllib.parse import urlsplit

from flask import current_app


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
