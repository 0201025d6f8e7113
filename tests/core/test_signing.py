"""The session cookie and the CSRF token are signed without a compression attempt for small
payloads (``core/signing.py``, issue #18); Flask and Flask-WTF check them with their own code."""

import hashlib

import pytest
from flask import g, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import validate_csrf
from itsdangerous import URLSafeTimedSerializer
from wtforms import ValidationError

from trading_house.core.signing import COMPRESS_FROM, LeanSerializer, csrf_token

#: A session as a first-time visitor's page makes it: a random CSRF token (as Flask-WTF's).
SMALL = {"csrf_token": hashlib.sha1(b"a visitor").hexdigest()}  # noqa: S324


@pytest.mark.parametrize(
    "payload",
    [
        SMALL,
        {"note": "x" * (2 * COMPRESS_FROM)},  # long and repetitive: compressed, as before
        {"words": "Kopi Toraja, sutra Sengkang, " * 20},
    ],
)
def test_payloads_are_itsdangerous_format(payload):
    ours = LeanSerializer("secret key", salt="cookie-session")
    theirs = URLSafeTimedSerializer("secret key", salt="cookie-session")
    signed = ours.dumps(payload)
    assert theirs.loads(signed) == payload
    assert ours.loads(theirs.dumps(payload)) == payload
    # The same payload bytes as itsdangerous (a random token is not compressed by either, a
    # long repetitive text by both); only the timestamp and signature differ between calls.
    assert _payload(signed) == _payload(theirs.dumps(payload))
    assert _payload(signed).startswith(".") == (payload is not SMALL)


def _payload(token: str) -> str:
    return token.rsplit(".", 2)[0]


def test_a_new_visitors_session_cookie_is_read_by_flasks_own_interface(app, client):
    client.get("/catalog?currency=USD")  # a remembered currency: a new session
    cookie = client.get_cookie("session")
    assert cookie is not None
    plain = SecureCookieSessionInterface().get_signing_serializer(app)
    assert plain.loads(cookie.value)["currency"] == "USD"
    # And a cookie Flask signed is read.
    client.set_cookie("session", plain.dumps({"currency": "EUR"}))
    assert 'value="EUR" selected' in client.get("/catalog").get_data(as_text=True)


def test_the_csrf_token_is_flask_wtfs(app):
    with app.test_request_context("/"):
        token = csrf_token()
        assert csrf_token() == token == g.csrf_token  # one per request
        validate_csrf(token)  # Flask-WTF's own check
        plain = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        assert plain.loads(token) == session["csrf_token"]
    with app.test_request_context("/"):
        session["csrf_token"] = "another visitor's"
        with pytest.raises(ValidationError):
            validate_csrf(token)
