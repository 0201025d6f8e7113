"""The read-only JSON API for partners: ``/api/v1`` (documented at ``/api/v1/openapi.json``).

Every answer is JSON with an ETag (``If-None-Match`` gives 304) and ``Cache-Control: public,
max-age=60``; every error is an RFC 9457 problem document. GET only, so CSRF does not apply.
"""

from dataclasses import replace

from flask import Blueprint, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from trading_house.api import serializers
from trading_house.api.http import (
    ApiProblem,
    enter_locale,
    json_response,
    leave_locale,
    problem_response,
)
from trading_house.api.openapi import openapi_document
from trading_house.api.params import read_query
from trading_house.catalog import queries
from trading_house.catalog.services import all_categories
from trading_house.core.urls import public_base_url, public_url
from trading_house.extensions import csrf, limiter
from trading_house.wholesale import keys, pricing
from trading_house.wholesale import queries as wq

#: Requests per key (or per address without one) to the partner endpoints.
PARTNER_RATE = "120 per minute"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(enter_locale)
bp.teardown_request(leave_locale)


@bp.errorhandler(ApiProblem)
def _api_problem(exc: ApiProblem):
    return problem_response(exc.status, exc.detail, exc.errors)


@bp.errorhandler(HTTPException)
def _http_problem(exc: HTTPException):
    details = {
        404: _("There is no such resource, or it is not public."),
        405: _("This API is read-only: use GET."),
    }
    code = exc.code or 500
    return problem_response(code, details.get(code, exc.description or ""))


def _links(endpoint: str, page, args: dict) -> dict:
    def link(number: int) -> str:
        return public_url(endpoint, **{**args, "page": number})

    return {
        "self": link(page.page),
        "next": link(page.page + 1) if page.page < page.pages else None,
        "prev": link(min(page.page - 1, page.pages)) if page.page > 1 else None,
    }


def _product_filters(values: dict) -> queries.CatalogFilters:
    """The catalog filters of a checked query; an unknown category or enterprise is a 404."""
    sent = {name: request.args[name] for name in queries.FILTER_ARGS if name in request.args}
    filters, errors = queries.parse_filters(sent)
    # The catalog page drops a maximum below the minimum; to the API that range is simply
    # empty (every bound on its own is valid), so keep both bounds.
    errors.pop("max_price", None)
    filters = replace(filters, max_price_idr=values.get("max_price"))
    if errors:
        raise ApiProblem(404, _("A category or enterprise in the filters does not exist."), errors)
    return filters


@bp.get("/products")
def products():
    values = read_query("/products")
    filters = _product_filters(values)
    page_number, limit, currency = values["page"], values["limit"], values["currency"]
    page = queries.browse(filters, page=page_number, per_page=limit, clamp=False, tiers=True)
    args = {**filters.to_args(), "limit": limit, "currency": currency}
    return json_response(
        {
            "items": [serializers.product(item, currency) for item in page.items],
            "page": page.page,
            "limit": limit,
            "total": page.total,
            "pages": page.pages,
            "currency": currency,
            "links": _links("api.products", page, args),
        }
    )


@bp.get("/products/<int:product_id>")
def product(product_id: int):
    currency = read_query("/products/{product_id}")["currency"]
    item = queries.published_product(product_id)
    if item is None:
        raise ApiProblem(404, _("There is no published product with this id."))
    return json_response(serializers.product(item, currency))


@bp.get("/categories")
def categories():
    read_query("/categories")
    tree = serializers.category_nodes(all_categories(), queries.category_product_counts())
    return json_response({"categories": tree})


@bp.get("/enterprises")
def enterprises():
    values = read_query("/enterprises")
    page_number, limit = values["page"], values["limit"]
    page = queries.public_enterprises(page_number, limit)
    return json_response(
        {
            "items": [serializers.enterprise(item, count) for item, count in page.items],
            "page": page.page,
            "limit": limit,
            "total": page.total,
            "pages": page.pages,
            "links": _links("api.enterprises", page, {"limit": limit}),
        }
    )


@bp.get("/enterprises/<slug>")
def enterprise(slug: str):
    read_query("/enterprises/{slug}")
    found = queries.public_enterprise(slug)
    if found is None:
        raise ApiProblem(404, _("There is no enterprise with published products at this address."))
    item, count = found
    return json_response(serializers.enterprise(item, count))


@bp.get("/openapi.json")
def openapi():
    return json_response(openapi_document(public_base_url() + (bp.url_prefix or "")))


# --- the partner API of approved wholesale organisations (``wholesale/keys.py``) ---------------


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


def _rate_key() -> str:
    """Rate limits count per key (its public prefix), or per address without one."""
    return f"key:{keys.prefix_of(_bearer()) or request.remote_addr}"


def _partner(scope: str):
    key = keys.key_for(_bearer())
    if key is None:
        raise ApiProblem(401, _("Send a valid, active API key: Authorization: Bearer rdk_…"))
    if scope not in key.scopes:
        raise ApiProblem(403, _("This API key may not read %(scope)s.", scope=scope))
    return key.organisation


def _private(data):
    """Partner answers are the organisation's own: never kept by shared caches."""
    response = json_response(data)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Vary"] = "Authorization"
    return response


@bp.get("/partner/orders")
@limiter.limit(PARTNER_RATE, key_func=_rate_key)
def partner_orders():
    organisation = _partner("orders")
    return _private({"items": [serializers.partner_order(o) for o in wq.orders_of(organisation)]})


@bp.get("/partner/invoices")
@limiter.limit(PARTNER_RATE, key_func=_rate_key)
def partner_invoices():
    organisation = _partner("invoices")
    return _private(
        {"items": [serializers.partner_invoice(i) for i in wq.invoices_of(organisation)]}
    )


@bp.get("/partner/catalog")
@limiter.limit(PARTNER_RATE, key_func=_rate_key)
def partner_catalog():
    organisation = _partner("catalog")
    return _private(
        {"items": [serializers.partner_price(p) for p in pricing.catalog(organisation)]}
    )
