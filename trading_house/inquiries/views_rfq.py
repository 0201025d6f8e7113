"""Buying requests, routing, pooled quotations, moderation lists and settings (on ``inquiries``)."""

from collections.abc import Sequence
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Category, Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import NotFound
from trading_house.core.forms import select_choices
from trading_house.core.pagination import parse_page
from trading_house.core.templating import current_locale
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import user_enterprises
from trading_house.extensions import db
from trading_house.inquiries import policies, queries, rfq
from trading_house.inquiries.forms import (
    BuyingRequestForm,
    PoolStartForm,
    RouteForm,
)
from trading_house.inquiries.models import BuyingRequest, RequestRoute
from trading_house.inquiries.quotation_models import Pool
from trading_house.inquiries.status import RequestStatus
from trading_house.inquiries.views import bp, inquiry_work, send_limits


def _staff_only():
    if not policies.is_staff(current_user):
        abort(404)


def _request_or_404(request_id: int) -> BuyingRequest:
    try:
        return policies.get_buying_request(
            current_user,
            request_id,
            open_to_category=queries.settings().open_requests_to_category,
        )
    except NotFound:
        abort(404)


def _request_categories():
    locale = current_locale()
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.id))
    return [(c.id, c.name_for(locale)) for c in categories]


def _pool_start_form(buying_request) -> PoolStartForm:
    form = PoolStartForm()
    form.currency.data = buying_request.target_currency or "USD"
    return form


def _margin_bp(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * 100)


# --- buying requests ----------------------------------------------------------------------


def _prefill_from_product(form) -> None:
    """``?product=&destination=`` (the export warning's "quotation through the trading house")."""
    product_id = request.args.get("product", "")
    product = (
        db.session.scalar(
            select(Product).where(
                Product.id == int(product_id), Product.status == ProductStatus.APPROVED
            )
        )
        if product_id.isdigit()
        else None
    )
    destination = (request.args.get("destination") or "").strip().upper()
    if len(destination) == 2 and destination.isalpha():
        form.destination.data = destination
    if product is not None:
        form.category_id.data = product.category_id
        form.title.data = product.name_for(current_locale())[:200]
        form.unit.data = product.export_unit
        form.quantity.data = product.export_moq
        form.description.data = _(
            "Like “%(name)s” (%(sku)s). Please quote through the trading house, with the "
            "export documents for my destination.",
            name=product.name_for(current_locale()),
            sku=product.sku,
        )


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
@send_limits
def new_request():
    form = BuyingRequestForm(categories=_request_categories())
    if not form.is_submitted():
        form.target_currency.data = current_user.preferred_currency or "USD"
        if current_user.country:
            form.destination.data = current_user.country
        _prefill_from_product(form)
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            buying_request = rfq.post_request(
                current_user,
                category_id=form.category_id.data,
                title=form.title.data,
                description=form.description.data,
                quantity=form.quantity.data,
                unit=form.unit.data,
                destination_country=form.destination.data,
                date_needed=form.date_needed.data,
                incoterm=form.incoterm.data or None,
                target_price=form.target_price.data,
                target_currency=form.target_currency.data,
            )
        if work.done:
            flash(
                _("Your buying request was posted. The trading house will find suppliers for it."),
                "success",
            )
            return redirect(url_for("inquiries.request_detail", request_id=buying_request.id))
    status = 422 if form.is_submitted() else 200
    return render_template("inquiries/new_request.html", form=form), status


@bp.get("/requests")
@login_required
def requests():
    open_to_category = queries.settings().open_requests_to_category
    staff_page = None
    if current_user.is_staff:
        status = request.args.get("status")
        status = status if status in tuple(RequestStatus) else None
        staff_page = queries.requests_for_staff(status, page=parse_page(request.args.get("page")))
    return render_template(
        "inquiries/requests.html",
        mine=queries.requests_of_buyer(current_user),
        for_enterprises=queries.requests_for_enterprises(
            current_user, open_to_category=open_to_category
        )
        if user_enterprises(current_user)
        else [],
        staff_page=staff_page,
        status=request.args.get("status"),
    )


@bp.get("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    buying_request = _request_or_404(request_id)
    return _render_request(buying_request)


def _render_request(buying_request, status=200, route_form=None, pool_form=None):
    is_staff = policies.is_staff(current_user)
    routes = db.session.scalars(
        select(RequestRoute)
        .where(RequestRoute.buying_request_id == buying_request.id)
        .options(selectinload(RequestRoute.enterprise), selectinload(RequestRoute.inquiry))
    ).all()
    my_enterprises = user_enterprises(current_user)
    my_ids = {e.id for e in my_enterprises}
    if not is_staff and buying_request.buyer_id != current_user.id:
        routes = [r for r in routes if r.enterprise_id in my_ids]  # never other suppliers' threads
    takers = []
    if queries.settings().open_requests_to_category and not buying_request.is_closed:
        in_category = set(queries.enterprises_in_category(buying_request.category_id))
        routed = {r.enterprise_id for r in routes}
        takers = [e for e in my_enterprises if e.id in in_category and e.id not in routed]
    route_form = route_form or RouteForm()
    candidates = []
    pools: Sequence[Pool] = []
    pooled_thread = None
    if is_staff:
        candidates = queries.routable_enterprises(buying_request)
        route_form.enterprise_ids.choices = select_choices(
            (e.id, e.name) for e, _match in candidates
        )
        pools = db.session.scalars(
            select(Pool).where(Pool.buying_request_id == buying_request.id).order_by(Pool.id)
        ).all()
    if is_staff or buying_request.buyer_id == current_user.id:
        from trading_house.inquiries.models import Inquiry

        pooled_thread = db.session.scalar(
            select(Inquiry).where(
                Inquiry.buying_request_id == buying_request.id, Inquiry.kind == "pooled"
            )
        )
    return render_template(
        "inquiries/request_detail.html",
        buying_request=buying_request,
        routes=routes,
        takers=takers,
        is_staff=is_staff,
        is_buyer=buying_request.buyer_id == current_user.id,
        candidates=candidates,
        routed_ids={r.enterprise_id for r in routes},
        route_form=route_form,
        pool_form=pool_form or _pool_start_form(buying_request),
        pools=pools,
        pooled_thread=pooled_thread,
    ), status


@bp.post("/requests/<int:request_id>/route")
@login_required
def route_request(request_id: int):
    _staff_only()
    buying_request = _request_or_404(request_id)
    form = RouteForm()
    form.enterprise_ids.choices = select_choices(
        (e.id, e.name) for e in db.session.scalars(select(Enterprise)).all()
    )
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            threads = rfq.route_request(current_user, buying_request, form.enterprise_ids.data)
        if work.done:
            flash(_("Routed to %(n)s enterprise(s).", n=len(threads)), "success")
            return redirect(url_for("inquiries.request_detail", request_id=request_id))
    return _render_request(buying_request, status=422, route_form=form)


@bp.post("/requests/<int:request_id>/take-up")
@login_required
def take_up_request(request_id: int):
    buying_request = _request_or_404(request_id)
    with inquiry_work() as work:  # NotFound (not open to this enterprise) answers 404
        inquiry = rfq.take_up_request(
            current_user, buying_request, request.form.get("enterprise_id")
        )
    if not work.done:
        return redirect(url_for("inquiries.request_detail", request_id=request_id))
    return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))


@bp.post("/requests/<int:request_id>/close")
@login_required
def close_request(request_id: int):
    buying_request = _request_or_404(request_id)
    if buying_request.buyer_id != current_user.id and not current_user.is_staff:
        abort(403)
    with inquiry_work() as work:
        rfq.close_request(current_user, buying_request)
    if work.done:
        flash(_("The buying request is closed."), "success")
    return redirect(url_for("inquiries.request_detail", request_id=request_id))
