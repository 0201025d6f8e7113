"""Trading-house screens for orders: the list with filters, an order's timeline and actions,
shipping zones and rates. Consignments are in ``views_admin_consignments``."""

from datetime import date, datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from trading_house.accounts.models import User
from trading_house.accounts.policies import admin_required
from trading_house.core.errors import DomainError
from trading_house.core.i18n import select_timezone
from trading_house.core.pagination import Page, count_rows, parse_page
from trading_house.core.uow import unit_of_work
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.orders import fulfilment, policies, shipping
from trading_house.orders.blueprint import bp
from trading_house.orders.forms import CancelForm, RateForm, ShippingQuoteForm, ZoneForm
from trading_house.orders.models import Fulfilment, Order, OrderEvent, ShippingRate, ShippingZone
from trading_house.orders.status import ORDER_KINDS, ORDER_STATUSES

PER_PAGE = 30


def _date(value: str | None, end: bool = False):
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time.max if end else time.min, ZoneInfo(select_timezone()))


def admin_order_query(args):
    """All orders filtered by status, kind, number/e-mail, enterprise and date range."""
    query = select(Order).join(User, User.id == Order.buyer_id).order_by(Order.id.desc())
    if args.get("status") in ORDER_STATUSES:
        query = query.where(Order.status == args["status"])
    if args.get("kind") in ORDER_KINDS:
        query = query.where(Order.kind == args["kind"])
    q = (args.get("q") or "").strip()[:100]
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Order.number).like(pattern), User.email.like(pattern)))
    if (args.get("enterprise") or "").isdigit():
        query = query.where(
            Order.id.in_(
                select(Fulfilment.order_id).where(
                    Fulfilment.enterprise_id == int(args["enterprise"])
                )
            )
        )
    start, end = _date(args.get("from")), _date(args.get("to"), end=True)
    if start:
        query = query.where(Order.created_at >= start)
    if end:
        query = query.where(Order.created_at <= end)
    return query


@bp.get("/orders/admin")
@admin_required
def admin_orders():
    query = admin_order_query(request.args)
    page_number = parse_page(request.args.get("page"))
    total = count_rows(query)
    items = db.session.scalars(
        query.options(selectinload(Order.buyer))
        .limit(PER_PAGE)
        .offset((page_number - 1) * PER_PAGE)
    ).all()
    enterprises = db.session.execute(
        select(Enterprise.id, Enterprise.name).order_by(Enterprise.name)
    )
    return render_template(
        "orders/admin/orders.html",
        page=Page(items, page_number, PER_PAGE, total),
        statuses=ORDER_STATUSES,
        kinds=ORDER_KINDS,
        enterprises=enterprises.all(),
        args=request.args,
    )


@bp.get("/orders/admin/<number>")
@admin_required
def admin_order(number: str):
    order = policies.visible_order(current_user, number)  # staff see every order
    events = db.session.scalars(
        select(OrderEvent)
        .where(OrderEvent.order_id == order.id)
        .options(selectinload(OrderEvent.actor))
        .order_by(OrderEvent.id)
    ).all()
    return render_template(
        "orders/admin/order.html",
        order=order,
        events=events,
        cancel_form=CancelForm(),
        quote_form=ShippingQuoteForm(),
    )


@bp.post("/orders/admin/<number>/<action>")
@admin_required
def admin_order_action(number: str, action: str):
    if action not in ("cancel", "complete", "shipping-quote"):
        abort(404)
    order = policies.visible_order(current_user, number)  # staff see every order
    with unit_of_work() as work:
        if action == "cancel":
            form = CancelForm()
            form.validate_on_submit()
            fulfilment.cancel(order, actor=current_user, reason=form.reason.data or "")
        elif action == "complete":
            fulfilment.complete(order, actor=current_user)
        else:
            form = ShippingQuoteForm()
            if not form.validate_on_submit():
                raise DomainError(_quote_error(form), field="amount")
            fulfilment.set_shipping_quote(order, form.amount.data, actor=current_user)
    if work.done:
        flash(_("Order %(number)s updated.", number=number), "success")
    return redirect(url_for("orders.admin_order", number=number))


def _quote_error(form: ShippingQuoteForm) -> str:
    messages = form.amount.errors or [
        message for errors in form.errors.values() for message in errors
    ]
    return str(messages[0]) if messages else _("Enter the shipping cost in whole rupiah.")


# --- Shipping zones and rates --------------------------------------------------------------


@bp.get("/orders/admin/shipping")
@admin_required
def shipping_zones(form=None, status: int = 200):
    zones = db.session.scalars(
        select(ShippingZone)
        .options(selectinload(ShippingZone.rates))
        .order_by(ShippingZone.scope, ShippingZone.id)
    ).all()
    return render_template(
        "orders/admin/shipping.html",
        zones=zones,
        form=form or ZoneForm(),
        rate_form=RateForm(),
        estimate_headroom=shipping.ESTIMATE_HEADROOM_PERCENT,
    ), status


@bp.post("/orders/admin/shipping")
@admin_required
def add_zone():
    form = ZoneForm()
    if not form.validate_on_submit():
        return shipping_zones(form=form, status=422)
    with unit_of_work(form) as work:
        shipping.create_zone(
            name_indonesian=form.name_indonesian.data,
            name_english=form.name_english.data,
            scope=form.scope.data,
            areas=form.areas.data,
            quoted=form.quoted.data,
            active=form.active.data,
        )
    if not work.done:
        return shipping_zones(form=form, status=422)
    flash(_("Zone added."), "success")
    return redirect(url_for("orders.shipping_zones"))


def _zone_or_404(zone_id: int) -> ShippingZone:
    zone = db.session.get(ShippingZone, zone_id)
    if zone is None:
        abort(404)
    return zone


@bp.post("/orders/admin/shipping/<int:zone_id>/toggle")
@admin_required
def toggle_zone(zone_id: int):
    zone = _zone_or_404(zone_id)
    with unit_of_work():
        shipping.toggle_zone(zone)
    return redirect(url_for("orders.shipping_zones"))


@bp.post("/orders/admin/shipping/<int:zone_id>/rates")
@admin_required
def add_rate(zone_id: int):
    zone = _zone_or_404(zone_id)
    form = RateForm()
    if not form.validate_on_submit():
        flash(
            _(
                "Check the rate: %(errors)s",
                errors="; ".join(
                    f"{getattr(form, name).label.text}: {msgs[0]}"
                    for name, msgs in form.errors.items()
                ),
            ),
            "danger",
        )
        return redirect(url_for("orders.shipping_zones"))
    price_idr = form.price_idr.data
    assert price_idr is not None  # InputRequired: the form did not validate without it
    with unit_of_work() as work:
        shipping.add_rate(
            zone,
            service=form.service.data,
            service_english=form.service_english.data,
            min_weight_grams=form.min_weight_grams.data,
            max_weight_grams=form.max_weight_grams.data,
            price_idr=price_idr,
            extra_kg_price_idr=form.extra_kg_price_idr.data or 0,
            days_min=form.days_min.data,
            days_max=form.days_max.data,
        )
    if work.done:
        flash(_("Rate added."), "success")
    return redirect(url_for("orders.shipping_zones"))


@bp.post("/orders/admin/shipping/rates/<int:rate_id>/delete")
@admin_required
def delete_rate(rate_id: int):
    rate = db.session.get(ShippingRate, rate_id)
    if rate is None:
        abort(404)
    with unit_of_work():
        shipping.remove_rate(rate)
    flash(_("Rate removed."), "info")
    return redirect(url_for("orders.shipping_zones"))
