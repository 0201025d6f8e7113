"""Signed, expiring tokens for links (itsdangerous), timed by ``core.clock`` (tests move time)."""

from flask import current_app
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from trading_house.core.clock import utcnow


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def signed_serializer(salt: str) -> URLSafeTimedSerializer:
    """Signs with the app's ``SECRET_KEY`` and a salt per purpose (a token of one purpose is never
    valid for another); ``loads(token, max_age=…)`` measures the age on the app's clock."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_ClockSigner)
