"""File storage behind a small interface: local disk under ``instance/`` by default, or an
S3-compatible object store with ``STORAGE_BACKEND=s3`` (``core/storage/s3.py``).

Two stores: **public** (photo and logo variants, content-hashed keys, cacheable for a year) and
**private** (originals, evidence, identity documents, payment proofs, attachments; only ever
served through authorized views). Every back end has ``save``, ``read``, ``exists``, ``delete``,
``info``, ``keys``, ``check`` and ``presigned_url``; records hold only the key, so the same rows
work on either back end (``flask storage migrate --to s3`` copies the objects).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from flask import current_app, g, has_request_context, url_for

from trading_house.core.storage.base import UNAVAILABLE, ObjectInfo, StorageUnavailable
from trading_house.core.storage.local import LocalStorage

__all__ = [
    "BACKENDS",
    "UNAVAILABLE",
    "LocalStorage",
    "ObjectInfo",
    "StorageUnavailable",
    "backend_pair",
    "media_origin",
    "media_url",
    "media_url_builder",
    "private_storage",
    "public_storage",
    "storage_problems",
]

BACKENDS = ("local", "s3")


def backend_pair(backend: str, config=None):
    """``(public, private)`` stores of ``backend`` ("local" or "s3") from ``config``."""
    config = config if config is not None else current_app.config
    if backend == "local":
        return (
            LocalStorage(config["MEDIA_ROOT"], public=True),
            LocalStorage(config["PRIVATE_ROOT"]),
        )
    if backend == "s3":
        from trading_house.core.storage.s3 import S3Storage, client_for

        client = client_for(config)
        return (
            S3Storage(
                client,
                config["S3_PUBLIC_BUCKET"],
                public=True,
                acl=config.get("S3_PUBLIC_ACL") or None,
            ),
            S3Storage(client, config["S3_PRIVATE_BUCKET"], public=False),
        )
    raise ValueError(f"unknown STORAGE_BACKEND {backend!r} (use one of {', '.join(BACKENDS)})")


def _backend() -> str:
    return current_app.config.get("STORAGE_BACKEND") or "local"


def public_storage():
    """Public media (photo variants): served at /media/ with long cache lifetimes."""
    return backend_pair(_backend())[0]


def private_storage():
    """Originals, evidence, proofs: only ever served through authorized views."""
    return backend_pair(_backend())[1]


def media_url(key: str, *, external: bool = False, absolute: bool = False) -> str:
    """Where a browser fetches the public object ``key``: ``S3_PUBLIC_BASE_URL`` (a CDN) when
    set, the public bucket itself with the S3 back end, else the app's ``/media/`` route
    (``absolute``: on ``PUBLIC_BASE_URL``, for API answers and e-mails)."""
    if not external and has_request_context():
        name = "public_media_url_builder" if absolute else "media_url_builder"
        build = g.get(name)
        if build is None:
            build = media_url_builder(absolute=absolute)
            setattr(g, name, build)
        return build(key)
    direct = _direct_url_builder()
    if direct is not None:
        return direct(key)
    if absolute:
        from trading_house.core.urls import public_url

        return public_url("core.media", key=key)
    return url_for("core.media", key=key, _external=external)


#: Keys the ``/media/`` route's URL holds as they are (content-hashed names always do).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9/._-]+")
#: What werkzeug's path converter leaves unquoted.
_KEY_SAFE = "-._~!$&'()*+,;=:@/"
_MARKER = "__media_key__"


def media_url_builder(*, absolute: bool = False) -> Callable[[str], str]:
    """:func:`media_url` for many keys: where media live is worked out once, then each URL is
    a concatenation (a page of 48 cards has ~200 photo URLs, an API page as many)."""
    direct = _direct_url_builder()
    if direct is not None:
        return direct
    if absolute:
        from trading_house.core.urls import public_url_builder

        return public_url_builder("core.media", "key", path=True)
    prefix, suffix = url_for("core.media", key=_MARKER).split(_MARKER)

    def build(key: str) -> str:
        if not _PLAIN_KEY.fullmatch(key):
            key = quote(key, safe=_KEY_SAFE)
        return prefix + key + suffix

    return build


def _direct_url_builder() -> Callable[[str], str] | None:
    """How URLs of media served from elsewhere than the app are made (a CDN, the public
    bucket), or None when the app's ``/media/`` route serves them."""
    config = current_app.config
    base = (config.get("S3_PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        return lambda key: f"{base}/{key}"
    if _backend() == "s3" and not config.get("S3_PUBLIC_VIA_APP"):
        return public_storage().object_url
    return None


def media_origin(config) -> str | None:
    """The origin (scheme://host[:port]) pages load public photos from when it is not the
    site's own (a CDN or the public bucket): the Content-Security-Policy must allow it."""
    base = (config.get("S3_PUBLIC_BASE_URL") or "").strip()
    if not base and (config.get("STORAGE_BACKEND") or "local") == "s3":
        if config.get("S3_PUBLIC_VIA_APP"):
            return None
        endpoint = config.get("S3_ENDPOINT_URL")
        region = config.get("S3_REGION") or "us-east-1"
        base = endpoint or f"https://s3.{region}.amazonaws.com"
        if config.get("S3_ADDRESSING_STYLE") == "virtual" and config.get("S3_PUBLIC_BUCKET"):
            parts = urlsplit(base)
            base = f"{parts.scheme}://{config['S3_PUBLIC_BUCKET']}.{parts.netloc}"
    if not base:
        return None
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def storage_problems(config) -> list[str]:
    """Why the configured store cannot be used (missing bucket, refused credentials, no
    answer), each as a sentence for an operator; empty when it works."""
    backend = config.get("STORAGE_BACKEND") or "local"
    if backend not in BACKENDS:
        return [f"STORAGE_BACKEND={backend!r} is not known: use local or s3"]
    if backend == "local":
        return []
    missing = [name for name in ("S3_PUBLIC_BUCKET", "S3_PRIVATE_BUCKET") if not config.get(name)]
    if missing:
        return [f"STORAGE_BACKEND=s3 needs {' and '.join(missing)} (the bucket names)"]
    problems = []
    labels = ("S3_PUBLIC_BUCKET", "S3_PRIVATE_BUCKET")
    for label, store in zip(labels, backend_pair("s3", config), strict=True):
        try:
            store.check()
        except StorageUnavailable as exc:
            endpoint = config.get("S3_ENDPOINT_URL") or "AWS S3"
            problems.append(f"{label}: {exc.detail} (at {endpoint})")
    return problems
