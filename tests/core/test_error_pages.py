"""Rule violations that reach the edge become clear pages, never a 500."""

import pytest
from flask import Blueprint

from trading_house.core.errors import DomainError, NotFound, PermissionDenied


@pytest.fixture
def raising_client(app):
    if "raising.boom" not in app.view_functions:
        bp = Blueprint("raising", __name__)

        @bp.get("/__raise/<kind>")
        def boom(kind):
            errors = {"missing": NotFound, "denied": PermissionDenied, "rule": DomainError}
            raise errors[kind]("Stock is too low for this order.")

        app.register_blueprint(bp)
    return app.test_client()


@pytest.mark.parametrize("kind, status", [("missing", 404), ("denied", 403), ("rule", 400)])
def test_domain_errors_become_translated_error_pages(raising_client, kind, status):
    response = raising_client.get(f"/__raise/{kind}?lang=en")
    assert response.status_code == status
    if kind == "rule":
        assert "Stock is too low for this order." in response.get_data(as_text=True)
