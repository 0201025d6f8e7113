"""Links: safe redirects (never off-site) and absolute links built from ``PUBLIC_BASE_URL``.

Absolute links (e-mails, OpenGraph tags, the sitemap, the API, PDFs) never come from the request's
``Host`` header, which a client chooses: they always start with the configured public base URL,
inside a request, a CLI command or a job alike.
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


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


def public_base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def absolute_path(path: str) -> str:
    """``PUBLIC_BASE_URL`` + a path of this site."""
    return public_base_url() + path


def absolute_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint``, in a request or outside one (CLI, jobs)."""
    if has_request_context():
        return absolute_path(url_for(endpoint, **values))
    with current_app.test_request_context():
        return absolute_path(url_for(endpoint, **values))
