"""The read-only JSON API for partners: ``/api/v1`` (documented at ``/api/v1/openapi.json``).

Every answer is JSON with an ETag (``If-None-Match`` gives 304) and ``Cache-Control: public,
max-age=60``; every error is an RFC 9457 problem document. GET only, so CSRF does not apply.
"""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from trading_house.api import serializers
from trading_house.api.http import (
    ApiProblem,
    enter_locale,
    json_response,
    leave_locale,
    parse_currency,
    parse_paging,
    problem_response,
)
from trading_house.api.openapi import openapi_document
from trading_house.catalog import queries
from trading_house.extensions import csrf

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
        return url_for(endpoint, _external=True, **{**args, "page": number})

    return {
        "self": link(page.page),
        "next": link(page.page + 1) if page.page < page.pages else None,
        "prev": link(min(page.page - 1, page.pages)) if page.page > 1 else None,
    }


@bp.get("/products")
def products():
    currency = parse_currency()
    page_number, limit = parse_paging()
    filters, errors = queries.parse_filters(request.args)
    if errors:
        raise ApiProblem(400, _("Some query parameters are not valid."), errors)
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
    currency = parse_currency()
    item = queries.published_product(product_id)
    if item is None:
        raise ApiProblem(404, _("There is no published product with this id."))
    return json_response(serializers.product(item, currency))


@bp.get("/categories")
def categories():
    tree = serializers.category_tree(queries.all_categories(), queries.category_product_counts())
    return json_response({"categories": tree})


@bp.get("/enterprises")
def enterprises():
    page_number, limit = parse_paging()
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
    found = queries.public_enterprise(slug)
    if found is None:
        raise ApiProblem(404, _("There is no enterprise with published products at this address."))
    item, count = found
    return json_response(serializers.enterprise(item, count))


@bp.get("/openapi.json")
def openapi():
    return json_response(openapi_document(request.host_url.rstrip("/") + bp.url_prefix))
