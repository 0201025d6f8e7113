"""The OpenAPI 3.1 document of ``/api/v1``, written by hand. Tests validate real responses
against these schemas, so a change to a serializer without a change here fails."""

from copy import deepcopy

from trading_house.api.http import DEFAULT_LIMIT, MAX_LIMIT
from trading_house.catalog.queries import SORTS
from trading_house.core.money import EXPONENTS


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
            "verified": {"type": "boolean"},
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
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "total": COUNT,
            "pages": {"type": "integer", "minimum": 1},
            "currency": STRING,
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
            "verified": {"type": "boolean"},
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
            "page": {"type": "integer", "minimum": 1},
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


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PARAMETERS = {
    "page": _query(
        "page",
        "Page number, from 1. Past the end: an empty page.",
        {"type": "integer", "minimum": 1, "default": 1},
    ),
    "limit": _query(
        "limit",
        f"Items per page; more than {MAX_LIMIT} is a 400.",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    "currency": _query(
        "currency",
        "Currency of the converted prices (from admin-set rates).",
        {"type": "string", "enum": sorted(EXPONENTS), "default": "IDR"},
    ),
    "lang": _query(
        "lang",
        "Language of formatted prices and messages (else Accept-Language).",
        {"type": "string", "enum": ["id", "en"]},
    ),
}
_FILTERS = [
    _query(
        "q",
        "Full-text search in names, descriptions, materials, enterprise and category "
        "names, Indonesian and English; the last word also matches as a prefix.",
        {"type": "string", "maxLength": 200},
    ),
    _query("category", "Category id or slug; includes its child categories.", STRING),
    _query("enterprise", "Enterprise id or slug.", STRING),
    _query("regency", "BPS code of the origin regency (else the enterprise's).", STRING),
    _query("min_price", "Lowest retail price in whole rupiah.", {"type": "integer", "minimum": 0}),
    _query("max_price", "Highest retail price in whole rupiah.", {"type": "integer", "minimum": 0}),
    _query("in_stock", "Only products in stock.", {"type": "boolean"}),
    _query(
        "max_moq", "Export MOQ at most this (no MOQ qualifies).", {"type": "integer", "minimum": 1}
    ),
    _query("sample", "Only products with samples.", {"type": "boolean"}),
    _query("export_ready", "Only export-ready products.", {"type": "boolean"}),
    _query(
        "sort",
        "Order; relevance is newest first without q.",
        {"type": "string", "enum": list(SORTS), "default": "relevance"},
    ),
]


def _ok(schema: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": STRING},
            "Cache-Control": {"schema": {"type": "string", "const": "public, max-age=60"}},
        },
        "content": {"application/json": {"schema": _ref(schema)}},
    }


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


NOT_MODIFIED = {"description": "Not modified: the If-None-Match ETag is still current."}
PARAM = "#/components/parameters/"


def _get(summary: str, ok: dict, params: list, *, not_found: bool = False) -> dict:
    responses = {"200": ok, "304": NOT_MODIFIED, "400": _problem("Invalid query parameters.")}
    if not_found:
        responses["404"] = _problem("Not found, or not public.")
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def openapi_document(server_url: str) -> dict:
    """The document, with the absolute URL this API is served at."""
    lang = {"$ref": PARAM + "lang"}
    paging = [{"$ref": PARAM + "page"}, {"$ref": PARAM + "limit"}]
    currency = {"$ref": PARAM + "currency"}
    slug = {"name": "slug", "in": "path", "required": True, "schema": STRING}
    product_id = {"name": "product_id", "in": "path", "required": True, "schema": INT}
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
                "problem documents."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/products": _get(
                "Published products: search, filters, pagination",
                _ok("ProductList", "A page of products."),
                [*_FILTERS, *paging, currency, lang],
            ),
            "/products/{product_id}": _get(
                "One published product",
                _ok("Product", "The product."),
                [product_id, currency, lang],
                not_found=True,
            ),
            "/categories": _get(
                "The category tree", _ok("CategoryTree", "Top-level categories."), [lang]
            ),
            "/enterprises": _get(
                "Enterprises with published products",
                _ok("EnterpriseList", "A page of enterprises."),
                [*paging, lang],
            ),
            "/enterprises/{slug}": _get(
                "One enterprise",
                _ok("Enterprise", "The enterprise."),
                [slug, lang],
                not_found=True,
            ),
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
        },
        "components": {"schemas": deepcopy(SCHEMAS), "parameters": deepcopy(PARAMETERS)},
    }
