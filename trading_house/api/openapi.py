"""The OpenAPI 3.1 document of ``/api/v1``, written by hand. Tests validate real responses
against these schemas, so a change to a serializer without a change here fails."""

from copy import deepcopy

from flask import current_app

from trading_house.api.fields import Field
from trading_house.catalog.queries import (
    FILTER_ARGS,
    MAX_MOQ,
    MAX_PRICE_IDR,
    MAX_QUERY_LENGTH,
    SORTS,
)
from trading_house.core.money import EXPONENTS
from trading_house.enterprises.regions import REGENCIES

CACHE_CONTROL = "public, max-age=60"
DEFAULT_LIMIT = 24
MAX_LIMIT = 100
#: Far past the end of any catalog, and it keeps (page - 1) * limit a small database offset.
MAX_PAGE = 1_000_000
#: Ids are 32-bit integers in the database (see ``DatabaseIntConverter``).
MAX_ID = 2**31 - 1


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, *, optional: tuple = ()) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


STRING = {"type": "string"}
INT = {"type": "integer"}
URL = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
#: Slugs are lower-case ASCII words joined by hyphens (see ``slugify``); an id is all digits.
SLUG = {"type": "string", "maxLength": 200, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
ID_OR_SLUG = {**SLUG, "description": "An id (digits) or a slug."}

SCHEMAS = {
    "Money": _object(
        {
            "amount": {"type": "integer", "description": "Amount in minor units."},
            "currency": {"type": "string", "enum": sorted(EXPONENTS)},
            "exponent": {
                "type": "integer",
                "description": "Digits after the decimal point (IDR is counted in whole rupiah).",
            },
            "formatted": {"type": "string", "description": "For display, in the request language."},
        }
    ),
    "Regency": _object(
        {"code": {"type": "string", "pattern": "^73[0-9]{2}$"}, "name": STRING},
    ),
    "Photo": _object(
        {
            "position": {"type": "integer", "minimum": 0, "description": "0 is the main photo."},
            "alt_text": STRING,
            "width": INT,
            "height": INT,
            "variants": {
                "type": "object",
                "description": "WebP variant URLs by width in pixels; empty while rendering.",
                "propertyNames": {"pattern": "^[0-9]+$"},
                "additionalProperties": URL,
            },
        }
    ),
    "CategoryRef": _object(
        {"id": INT, "slug": STRING, "name_indonesian": STRING, "name_english": STRING}
    ),
    "EnterpriseRef": _object(
        {
            "id": INT,
            "slug": STRING,
            "name": STRING,
            "regency": _nullable(_ref("Regency")),
            Field.VERIFIED: {"type": "boolean"},
        }
    ),
    "WholesaleTier": _object(
        {
            "min_quantity": {"type": "integer", "minimum": 2},
            "unit_price_idr": _ref("Money"),
            "unit_price": _ref("Money"),
        }
    ),
    "Product": _object(
        {
            "id": INT,
            "slug": STRING,
            "url": _nullable(URL),
            "name_indonesian": STRING,
            "name_english": STRING,
            "description_indonesian": STRING,
            "description_english": STRING,
            "sku": STRING,
            "retail_price_idr": _ref("Money"),
            "retail_price": {
                **_ref("Money"),
                "description": "In the requested currency (IDR when no rate is set for it).",
            },
            "wholesale_tiers": {"type": "array", "items": _ref("WholesaleTier")},
            "export_moq": _nullable({"type": "integer", "minimum": 1}),
            "export_unit": STRING,
            "stock": COUNT,
            "in_stock": {"type": "boolean"},
            "weight_grams": _nullable(INT),
            "dimensions_mm": _object(
                {"length": _nullable(INT), "width": _nullable(INT), "height": _nullable(INT)}
            ),
            "materials": _nullable(STRING),
            "hs_code": _nullable({"type": "string", "pattern": "^([0-9]{6}|[0-9]{8}|[0-9]{10})$"}),
            "origin_regency": _nullable(_ref("Regency")),
            "lead_time_days": _nullable(INT),
            "sample_available": {"type": "boolean"},
            "published_at": _nullable({"type": "string", "format": "date-time"}),
            "category": _ref("CategoryRef"),
            "enterprise": _ref("EnterpriseRef"),
            "photos": {"type": "array", "items": _ref("Photo"), "maxItems": 8},
        }
    ),
    "Links": _object({"self": URL, "next": _nullable(URL), "prev": _nullable(URL)}),
    "ProductList": _object(
        {
            "items": {"type": "array", "items": _ref("Product")},
            "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "total": COUNT,
            "pages": {"type": "integer", "minimum": 1},
            "currency": {"type": "string", "enum": sorted(EXPONENTS)},
            "links": _ref("Links"),
        }
    ),
    "Category": _object(
        {
            "id": INT,
            "slug": STRING,
            "name_indonesian": STRING,
            "name_english": STRING,
            "product_count": {
                **COUNT,
                "description": "Published products, including those of child categories.",
            },
            "children": {"type": "array", "items": _ref("Category")},
        }
    ),
    "CategoryTree": _object({"categories": {"type": "array", "items": _ref("Category")}}),
    "Enterprise": _object(
        {
            "id": INT,
            "slug": STRING,
            "name": STRING,
            "regency": _nullable(_ref("Regency")),
            Field.VERIFIED: {"type": "boolean"},
            "legal_form": {"type": "string", "enum": ["koperasi", "pt", "cv", "ud", "perorangan"]},
            "story_indonesian": STRING,
            "story_english": STRING,
            "founded_year": _nullable(INT),
            "logo_url": _nullable(URL),
            "url": _nullable(URL),
            "product_count": {**COUNT, "description": "Published products."},
        }
    ),
    "EnterpriseList": _object(
        {
            "items": {"type": "array", "items": _ref("Enterprise")},
            "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "total": COUNT,
            "pages": {"type": "integer", "minimum": 1},
            "links": _ref("Links"),
        }
    ),
    "Problem": _object(
        {
            "type": STRING,
            "title": STRING,
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": STRING,
            "instance": STRING,
            "errors": {
                "type": "object",
                "description": "Invalid query parameters and what is wrong with each.",
                "additionalProperties": STRING,
            },
        },
        optional=("instance", "errors"),
    ),
}


def _query_parameter(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def query_parameters() -> dict[str, dict]:
    """Every query parameter of the API by name. The document shows them and ``params.py``
    reads requests with exactly these schemas, so the two cannot disagree."""
    config = current_app.config
    return {
        "q": _query_parameter(
            "q",
            "Full-text search in names, descriptions, materials, enterprise and category "
            "names, Indonesian and English; the last word also matches as a prefix.",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        ),
        "category": _query_parameter(
            "category",
            "Category id or slug; includes its child categories. An unknown one is a 404.",
            ID_OR_SLUG,
        ),
        "enterprise": _query_parameter(
            "enterprise", "Enterprise id or slug. An unknown one is a 404.", ID_OR_SLUG
        ),
        "regency": _query_parameter(
            "regency",
            "BPS code of the origin regency (else the enterprise's).",
            {"type": "string", "enum": sorted(REGENCIES)},
        ),
        "min_price": _query_parameter(
            "min_price",
            "Lowest retail price in whole rupiah.",
            {**COUNT, "maximum": MAX_PRICE_IDR},
        ),
        "max_price": _query_parameter(
            "max_price",
            "Highest retail price in whole rupiah (below min_price: an empty list).",
            {**COUNT, "maximum": MAX_PRICE_IDR},
        ),
        "in_stock": _query_parameter("in_stock", "Only products in stock.", BOOLEAN),
        "max_moq": _query_parameter(
            "max_moq",
            "Export MOQ at most this (no MOQ qualifies).",
            {"type": "integer", "minimum": 1, "maximum": MAX_MOQ},
        ),
        "sample": _query_parameter("sample", "Only products with samples.", BOOLEAN),
        "export_ready": _query_parameter("export_ready", "Only export-ready products.", BOOLEAN),
        Field.VERIFIED: _query_parameter(
            Field.VERIFIED, "Only products of identity-verified enterprises.", BOOLEAN
        ),
        "halal": _query_parameter(
            "halal", "Only products with a valid verified halal certificate.", BOOLEAN
        ),
        "max_lead_time": _query_parameter(
            "max_lead_time",
            "Lead time at most this many days (products without a lead time do not qualify).",
            {"type": "integer", "minimum": 0, "maximum": 3650},
        ),
        "coop_health": _query_parameter(
            "coop_health",
            "Cooperatives whose health predicate is at least this (sehat, cukup_sehat).",
            {"type": "string", "enum": ["sehat", "cukup_sehat"]},
        ),
        "min_rating": _query_parameter(
            "min_rating",
            "Published reviews average at least this many stars.",
            {"type": "integer", "minimum": 1, "maximum": 5},
        ),
        "sort": _query_parameter(
            "sort",
            "Order; relevance is newest first without q.",
            {"type": "string", "enum": list(SORTS), "default": "relevance"},
        ),
        "page": _query_parameter(
            "page",
            "Page number, from 1. Past the end: an empty page.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        "limit": _query_parameter(
            "limit",
            "Items per page.",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        ),
        "currency": _query_parameter(
            "currency",
            "Currency of the converted prices (from admin-set rates).",
            {"type": "string", "enum": list(config["CURRENCIES"]), "default": "IDR"},
        ),
        "lang": _query_parameter(
            "lang",
            "Language of formatted prices and messages (else Accept-Language).",
            {"type": "string", "enum": list(config["LANGUAGES"])},
        ),
    }


#: The query parameters each operation reads, by path in the document.
QUERIES = {
    "/products": (*FILTER_ARGS, "page", "limit", "currency", "lang"),
    "/products/{product_id}": ("currency", "lang"),
    "/categories": ("lang",),
    "/enterprises": ("page", "limit", "lang"),
    "/enterprises/{slug}": ("lang",),
    "/openapi.json": (),
}


def _ok(schema: dict, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"required": True, "schema": STRING},
            "Cache-Control": {
                "required": True,
                "schema": {"type": "string", "const": CACHE_CONTROL},
            },
        },
        "content": {"application/json": {"schema": schema}},
    }


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


NOT_MODIFIED = {"description": "Not modified: the If-None-Match ETag is still current."}
BAD_QUERY = _problem("Invalid query parameters (``errors`` names each one and what is wrong).")


def _get(path: str, summary: str, ok: dict, *, not_found: str | None = None) -> dict:
    path_parameters = [
        {"name": name, "in": "path", "required": True, "schema": PATH_SCHEMAS[name]}
        for name in PATH_SCHEMAS
        if "{" + name + "}" in path
    ]
    query = [{"$ref": f"#/components/parameters/{name}"} for name in QUERIES[path]]
    responses = {"200": ok, "304": NOT_MODIFIED}
    if query:
        responses["400"] = BAD_QUERY
    if not_found:
        responses["404"] = _problem(not_found)
    operation: dict[str, object] = {"summary": summary, "responses": responses}
    if path_parameters or query:
        operation["parameters"] = [*path_parameters, *query]
    return {"get": operation}


PATH_SCHEMAS = {
    "product_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "slug": SLUG,
}


def openapi_document(server_url: str) -> dict:
    """The document, with the absolute URL this API is served at."""
    from trading_house.api import openapi_partner as partner  # it imports this module

    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Rumah Dagang catalog API",
            "version": "1.0.0",
            "description": (
                "Read-only catalog of the cooperative trading house of South Sulawesi: published "
                "products, categories and enterprises. Responses carry an ETag (send "
                "If-None-Match for a 304) and may be cached for 60 seconds. Errors are RFC 9457 "
                "problem documents. The API is read-only: GET (and HEAD, OPTIONS); any other "
                "method gets a 405 with an Allow header."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/products": _get(
                "/products",
                "Published products: search, filters, pagination",
                _ok(_ref("ProductList"), "A page of products."),
                not_found="A category or enterprise named in the filters does not exist.",
            ),
            "/products/{product_id}": _get(
                "/products/{product_id}",
                "One published product",
                _ok(_ref("Product"), "The product."),
                not_found="Not found, or not public.",
            ),
            "/categories": _get(
                "/categories",
                "The category tree",
                _ok(_ref("CategoryTree"), "Top-level categories."),
            ),
            "/enterprises": _get(
                "/enterprises",
                "Enterprises with published products",
                _ok(_ref("EnterpriseList"), "A page of enterprises."),
            ),
            "/enterprises/{slug}": _get(
                "/enterprises/{slug}",
                "One enterprise",
                _ok(_ref("Enterprise"), "The enterprise."),
                not_found="Not found, or without published products.",
            ),
            "/openapi.json": _get(
                "/openapi.json", "This document", _ok({"type": "object"}, "The OpenAPI document.")
            ),
            **deepcopy(partner.PATHS),
        },
        "components": {
            "schemas": {**deepcopy(SCHEMAS), **deepcopy(partner.SCHEMAS)},
            "parameters": query_parameters(),
            "securitySchemes": deepcopy(partner.SECURITY_SCHEMES),
        },
    }
