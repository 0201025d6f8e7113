"""Signed, expiring tokens for links (itsdangerous), timed by ``core.clock`` (tests move time);
the session cookie's and the CSRF token's serializer.

itsdangerous tries ``zlib.compress`` on every payload and keeps the result when shorter. For a
session cookie or a CSRF token (a few dozen bytes of JSON around a random token) compression
does not win, and trying costs about 25 µs: twice per page for a first-time visitor (their
session, the token of the page's forms), a tenth of what a cached product page costs (issue
#18). :class:`LeanSerializer` tries only from :data:`COMPRESS_FROM` bytes; its output is
itsdangerous's format (a payload it did not compress is read like any other), so Flask and
Flask-WTF check it with their own code.
"""

import secrets
import zlib
from functools import lru_cache
from typing import Any

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.serializer import Serializer

from trading_house.core.clock import utcnow

#: Payloads shorter than this (JSON bytes) are not worth trying to compress.
COMPRESS_FROM = 200


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def signed_serializer(salt: str) -> URLSafeTimedSerializer:
    """Signs with the app's ``SECRET_KEY`` and a salt per purpose (a token of one purpose is never
    valid for another); ``loads(token, max_age=…)`` measures the age on the app's clock."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_ClockSigner)


class LeanSerializer(URLSafeTimedSerializer):
    """``URLSafeTimedSerializer`` that tries compression only from :data:`COMPRESS_FROM`."""

    def dump_payload(self, obj: Any) -> bytes:
        json = Serializer.dump_payload(self, obj)
        if len(json) >= COMPRESS_FROM:
            compressed = zlib.compress(json)
            if len(compressed) < len(json) - 1:  # itsdangerous's own rule
                return b"." + base64_encode(compressed)
        return base64_encode(json)


@lru_cache(maxsize=8)
def _csrf_serializer(secret: str | bytes) -> LeanSerializer:
    # Flask-WTF's salt (``flask_wtf.csrf.generate_csrf``), so that Flask-WTF checks the token.
    return LeanSerializer(secret, salt="wtf-csrf-token")


def csrf_token() -> str:
    """This request's CSRF token, made as Flask-WTF's ``generate_csrf`` makes it (its raw half
    kept in the session; one token for every form of the request) with :class:`LeanSerializer`.
    A form class rendered first gets Flask-WTF's own, equally valid."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    if field != "csrf_token" or not secret:
        return generate_csrf()
    token = g.get(field)
    if token is None:
        raw = session.get(field)
        if not isinstance(raw, str):
            raw = session[field] = secrets.token_hex(20)  # 40 hex digits, as Flask-WTF's
        token = _csrf_serializer(secret).dumps(raw)
        setattr(g, field, token)
    return token
