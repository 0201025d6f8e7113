"""API test helpers: every response is checked against the OpenAPI document's own schemas."""

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from trading_house.api.openapi import openapi_document

DOC_URI = "urn:rumah-dagang:openapi"


@pytest.fixture(scope="session")
def openapi(app):
    with app.app_context():
        return openapi_document("http://localhost/api/v1")


@pytest.fixture
def conforms(openapi):
    """``conforms(response, "/products/{product_id}")``: the body matches the schema the
    document gives for that path, status and content type; returns the parsed body."""
    registry = Registry().with_resource(DOC_URI, Resource(openapi, specification=DRAFT202012))

    def _check(response, path):
        operation = openapi["paths"][path]["get"]
        documented = operation["responses"][str(response.status_code)]
        mimetype = response.mimetype
        schema = documented["content"][mimetype]["schema"]
        pointer = schema["$ref"].lstrip("#")
        validator = Draft202012Validator({"$ref": f"{DOC_URI}#{pointer}"}, registry=registry)
        body = response.get_json()
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
        return body

    return _check


@pytest.fixture
def published(factory):
    """A published product with photos and tiers, in a child category."""
    from tests.search.conftest import add_photos, add_tiers

    def _published(**fields):
        parent = fields.pop("parent", None) or factory.category("Kopi & Teh", slug="kopi-teh")
        category = factory.category("Kopi Arabika", parent=parent)
        enterprise = fields.pop("enterprise", None) or factory.enterprise(name="Koperasi Toraja")
        product = factory.product(
            enterprise,
            category=category,
            materials="biji kopi arabika",
            hs_code="09011110",
            origin_regency_code="7318",
            export_moq=100,
            export_unit="kg",
            **fields,
        )
        add_photos(product, 2)
        add_tiers(product, (10, 80_000), (100, 70_000))
        return product

    return _published
