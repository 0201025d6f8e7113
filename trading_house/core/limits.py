"""Helpers for declaring rate limits with Flask-Limiter (the ``limiter`` in ``extensions``)."""

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user


def config_limit(key: str, default: str):
    """A limit string read from the config when the request runs, e.g. "5 per minute"."""
    return lambda: current_app.config.get(key, default)


def user_or_ip() -> str:
    """Count per account when signed in, else per address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"
