"""Fixtures for the enterprise area: sign-in helper and image bytes for logo uploads."""

import hashlib
import io
import secrets

import pytest
from PIL import Image

from tests.clients import FreshContextClient
from trading_house.accounts.models import UserSession
from trading_house.extensions import db


@pytest.fixture
def new_client(app):
    """Another browser."""
    return lambda: FreshContextClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def sign_in(app, client, login):
    """Sign ``user`` in: through the real /login form when the accounts area serves it."""

    def _sign_in(user, target=None):
        target = target or client
        if "accounts.login" in app.view_functions:
            return login(user, target=target)
        token = secrets.token_urlsafe(32)
        with app.app_context():
            db.session.add(
                UserSession(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest())
            )
            db.session.commit()
        with target.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        return target

    return _sign_in


def make_image(size=(400, 300), fmt="PNG", color=(120, 40, 20), exif=None, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def image_bytes():
    return make_image
