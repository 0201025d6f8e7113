"""The enterprise's side of orders: its fulfilments (pack, ship, deliver)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from trading_house.core.pagination import Page, count_rows, parse_page
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.orders import fulfilment as service
from trading_house.orders import policies
from trading_house.orders.blueprint import bp
from trading_house.orders.forms import ShipForm
from trading_house.orders.models import Fulfilment, Order
from trading_house.orders.status import FULFILMENT_STATUSES, FulfilmentStatus, OrderStatus

PER_PAGE = 20
#: The shipments the SME dashboard card counts, in the order they move.
DASHBOARD_STATUSES = (
    FulfilmentStatus.PENDING,
    FulfilmentStatus.PACKED,
    FulfilmentStatus.SHIPPED,
    FulfilmentStatus.DELIVERED,
)


@bp.app_template_global()
def fulfilment_counts(enterprise) -> dict[str, int]:
    """Fulfilments of paid orders by status (those on the SME dashboard card, in order; none
    when there are none)."""
    rows = db.session.execute(
        select(Fulfilment.status, func.count(Fulfilment.id))
        .join(Order, Order.id == Fulfilment.order_id)
        .where(
            Fulfilment.enterprise_id == enterprise.id, Order.status != OrderStatus.PENDING_PAYMENT
        )
        .group_by(Fulfilment.status)
    )
    found = dict(rows.all())
    return {status: found[status] for status in DASHBOARD_STATUSES if found.get(status)}


@bp.get("/orders/fulfilments")
@login_required
def fulfilments():
    ids = policies.enterprise_ids_of(current_user)
    if not ids:
        abort(404)
    status = request.args.get("status", "")
    query = service.enterprise_fulfilments(ids, status if status in FULFILMENT_STATUSES else None)
    query = query.where(Order.status != OrderStatus.PENDING_PAYMENT)
    page_number = parse_page(request.args.get("page"))
    total = count_rows(query)
    items = db.session.scalars(query.limit(PER_PAGE).offset((page_number - 1) * PER_PAGE)).all()
    return render_template(
        "orders/fulfilments.html",
        page=Page(items, page_number, PER_PAGE, total),
        status=status,
        statuses=FULFILMENT_STATUSES,
    )


def _seller_fulfilment(fulfilment_id: int) -> Fulfilment:
    fulfilment = policies.member_fulfilment(current_user, fulfilment_id)  # NotFound: 404
    if fulfilment.order.is_pending_payment:
        abort(404)  # sellers see an order once it is paid
    return fulfilment


@bp.get("/orders/fulfilments/<int:fulfilment_id>")
@login_required
def fulfilment_detail(fulfilment_id: int, ship_form=None, status: int = 200):
    fulfilment = _seller_fulfilment(fulfilment_id)
    return (
        render_template(
            "orders/fulfilment_detail.html",
            fulfilment=fulfilment,
            order=fulfilment.order,
            ship_form=ship_form or ShipForm(),
        ),
        status,
    )


@bp.post("/orders/fulfilments/<int:fulfilment_id>/<step>")
@login_required
def fulfilment_step(fulfilment_id: int, step: str):
    if step not in ("pack", "ship", "deliver"):
        abort(404)
    fulfilment = _seller_fulfilment(fulfilment_id)
    form = ShipForm()
    if step == "ship" and not form.validate_on_submit():
        return fulfilment_detail(fulfilment_id, ship_form=form, status=422)
    with unit_of_work() as work:
        if step == "pack":
            service.pack(fulfilment, actor=current_user)
        elif step == "ship":
            service.ship(
                fulfilment,
                actor=current_user,
                courier=form.courier.data,
                tracking_number=form.tracking_number.data,
            )
        else:
            service.deliver(fulfilment, actor=current_user)
    if work.done:
        flash(_("Saved. The buyer has been told."), "success")
    return redirect(url_for("orders.fulfilment_detail", fulfilment_id=fulfilment_id))
