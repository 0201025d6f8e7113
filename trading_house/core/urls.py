"""Safe redirects: never off-site."""

from urllib.parse import urlsplit


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
