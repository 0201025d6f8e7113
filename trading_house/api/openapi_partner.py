"""The partner part of the OpenAPI document: the endpoints an approved wholesale organisation
reads with its API key (``wholesale/keys.py``): its orders, invoices and price-listed catalog."""

from trading_house.api.openapi import NOT_MODIFIED, _problem, _ref
from trading_house.wholesale.models import InvoiceStatus

INT = {"type": "integer"}
TEXT = {"type": "string"}
PRIVATE = "private, no-store"

SCHEMAS = {
    "PartnerOrderLine": {
        "type": "object",
        "required": [
            "product_id",
            "sku",
            "name",
            "quantity",
            "unit_price_minor",
            "line_total_minor",
        ],
        "properties": {
            "product_id": {"type": ["integer", "null"]},
            "sku": TEXT,
            "name": TEXT,
            "quantity": INT,
            "unit_price_minor": INT,
            "line_total_minor": INT,
        },
    },
    "PartnerOrder": {
        "type": "object",
        "required": [
            "number",
            "status",
            "payment_method",
            "currency",
            "total_minor",
            "created_at",
            "lines",
        ],
        "properties": {
            "number": TEXT,
            "status": TEXT,
            "payment_method": TEXT,
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "total_minor": INT,
            "created_at": {"type": "string", "format": "date-time"},
            "lines": {"type": "array", "items": _ref("PartnerOrderLine")},
        },
    },
    "PartnerInvoice": {
        "type": "object",
        "required": [
            "number",
            "order_number",
            "status",
            "currency",
            "amount_minor",
            "issued_on",
            "due_on",
        ],
        "properties": {
            "number": TEXT,
            "order_number": TEXT,
            "status": {"type": "string", "enum": [str(status) for status in InvoiceStatus]},
            "currency": {"type": "string", "const": "IDR"},
            "amount_minor": INT,
            "issued_on": {"type": "string", "format": "date"},
            "due_on": {"type": "string", "format": "date"},
        },
    },
    "PartnerPrice": {
        "type": "object",
        "required": [
            "product_id",
            "sku",
            "name",
            "currency",
            "unit_price_minor",
            "listed_price_minor",
            "case_pack",
            "min_quantity",
        ],
        "properties": {
            "product_id": INT,
            "sku": TEXT,
            "name": TEXT,
            "currency": {"type": "string", "const": "IDR"},
            "unit_price_minor": INT,
            "listed_price_minor": INT,
            "case_pack": INT,
            "min_quantity": INT,
        },
    },
}
for _name in ("PartnerOrder", "PartnerInvoice", "PartnerPrice"):
    SCHEMAS[f"{_name}List"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": _ref(_name)}},
    }

SECURITY_SCHEMES = {
    "partnerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "A key of an approved wholesale organisation, made by one of its owners on "
            "/wholesale/api-keys: `Authorization: Bearer rdk_<prefix>_<secret>`. Keys are "
            "scoped (orders, invoices, catalog), revocable, stored hashed, and limited to "
            "120 requests a minute each."
        ),
    }
}


def _partner_get(summary: str, schema: str, scope: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "description": f"Needs a partner key with the scope `{scope}`.",
            "security": [{"partnerKey": []}],
            "responses": {
                "200": {
                    "description": "The organisation's own data (never cached by others).",
                    "headers": {
                        "ETag": {"required": True, "schema": TEXT},
                        "Cache-Control": {
                            "required": True,
                            "schema": {"type": "string", "const": PRIVATE},
                        },
                    },
                    "content": {"application/json": {"schema": _ref(schema)}},
                },
                "304": NOT_MODIFIED,
                "401": _problem(
                    "No key, an unknown or revoked key, or an organisation not approved (any more)."
                ),
                "403": _problem(f"The key has no `{scope}` scope."),
                "429": _problem("Too many requests with this key: wait a minute."),
            },
        }
    }


PATHS = {
    "/partner/orders": _partner_get(
        "The organisation's orders (every member's)", "PartnerOrderList", "orders"
    ),
    "/partner/invoices": _partner_get(
        "The organisation's invoices of orders on net terms", "PartnerInvoiceList", "invoices"
    ),
    "/partner/catalog": _partner_get(
        "Products at the organisation's prices, case packs and minimums",
        "PartnerPriceList",
        "catalog",
    ),
}
