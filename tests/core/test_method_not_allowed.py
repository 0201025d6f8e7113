"""Every 405 says which methods the resource does support (RFC 9110 ``Allow``), on HTML pages
and in the API alike, whoever produced it."""

import pytest
from flask import Blueprint, abort

from config import TestingConfig
from trading_house import create_app
from trading_house.extensions import db


def _allowed(response) -> set[str]:
    return {method.strip() for method in response.headers.get("Allow", "").split(",") if method}


def _example_path(rule) -> str:
    values = {name: 1 if "Int" in type(conv).__name__ else "x" for name, conv in
              rule._converters.items()}  # fmt: skip
    return rule.build(values)[1]


def test_every_route_answers_an_undeclared_method_with_405_and_allow(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        path = _example_path(rule)
        response = client.open(path, method="TRACE")
        assert response.status_code == 405, path
        assert rule.methods <= _allowed(response), path
        assert "TRACE" not in _allowed(response), path
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("DELETE", "/", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/logout", {"POST", "OPTIONS"}),
        ("PUT", "/login", {"GET", "HEAD", "POST", "OPTIONS"}),
        ("POST", "/api/v1/categories", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_the_allow_header_lists_exactly_the_methods_of_the_page(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert _allowed(response) == allowed
    expected_type = "application/problem+json" if path.startswith("/api/") else "text/html"
    assert response.mimetype == expected_type


@pytest.fixture
def aborting_client(app):
    """An app with a view that refuses with ``abort(405)`` itself (no router involved)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_PATH = app.config["INSTANCE_PATH"]

    aborting = create_app(Config)
    bp = Blueprint("aborting", __name__)

    @bp.route("/__closed", methods=["GET", "POST"])
    def closed():
        abort(405)

    aborting.register_blueprint(bp)
    yield aborting.test_client()
    with aborting.app_context():
        db.engine.dispose()


def test_a_405_from_a_view_names_the_methods_too(aborting_client):
    response = aborting_client.post("/__closed")
    assert response.status_code == 405
    assert _allowed(response) == {"GET", "HEAD", "OPTIONS", "POST"}
