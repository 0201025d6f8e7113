"""Rule violations that reach the edge become clear pages, never a 500."""

import pytest
from flask import Blueprint

from config import TestingConfig
from trading_house import create_app
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.extensions import db


@pytest.fixture
def raising_client(app):
    """An app with one extra route that raises each kind of domain error."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_PATH = app.config["INSTANCE_PATH"]

    raising = create_app(Config)
    bp = Blueprint("raising", __name__)

    @bp.get("/__raise/<kind>")
    def boom(kind):
        errors = {"missing": NotFound, "denied": PermissionDenied, "rule": DomainError}
        raise errors[kind]("Stock is too low for this order.")

    raising.register_blueprint(bp)
    yield raising.test_client()
    with raising.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("kind, status", [("missing", 404), ("denied", 403), ("rule", 400)])
def test_domain_errors_become_translated_error_pages(raising_client, kind, status):
    response = raising_client.get(f"/__raise/{kind}?lang=en")
    assert response.status_code == status
    if kind == "rule":
        assert "Stock is too low for this order." in response.get_data(as_text=True)
