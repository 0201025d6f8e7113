"""The enterprise's side of orders: its fulfilments (pack, ship, deliver)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from trading_house.core.errors import DomainError, NotFound
from trading_house.core.pagination import Page, count_rows, parse_page
from trading_house.core.tx import commit, rollback
from trading_house.extensions import db
from trading_house.orders import fulfilment as service
from trading_house.orders import policies
from trading_house.orders.blueprint import bp
from trading_house.orders.forms import ShipForm
from trading_house.orders.models import Fulfilment, Order
from trading_house.orders.status import FULFILMENT_STATUSES

PER_PAGE = 20


@bp.app_template_global()
def fulfilment_counts(enterprise) -> dict[str, int]:
    """Fulfilments of paid orders by status, for the SME dashboard card."""
    rows = db.session.execute(
        select(Fulfilment.status, func.count(Fulfilment.id))
        .join(Order, Order.id == Fulfilment.order_id)
        .where(Fulfilment.enterprise_id == enterprise.id, Order.status != "pending_payment")
        .group_by(Fulfilment.status)
    )
    return dict(rows.all())


@bp.get("/orders/fulfilments")
@login_required
def fulfilments():
    ids = policies.enterprise_ids_of(current_user)
    if not ids:
        abort(404)
    status = request.args.get("status", "")
    query = service.enterprise_fulfilments(ids, status if status in FULFILMENT_STATUSES else None)
    query = query.where(Order.status != "pending_payment")
    page_number = parse_page(request.args.get("page"))
    total = count_rows(query)
    items = db.session.scalars(query.limit(PER_PAGE).offset((page_number - 1) * PER_PAGE)).all()
    return render_template(
        "orders/fulfilments.html",
        page=Page(items, page_number, PER_PAGE, total),
        status=status,
        statuses=FULFILMENT_STATUSES,
    )


def _fulfilment(fulfilment_id: int) -> Fulfilment:
    try:
        fulfilment = policies.member_fulfilment(current_user, fulfilment_id)
    except NotFound:
        abort(404)
    if fulfilment.order.status == "pending_payment":
        abort(404)  # sellers see an order once it is paid
    return fulfilment


@bp.get("/orders/fulfilments/<int:fulfilment_id>")
@login_required
def fulfilment_detail(fulfilment_id: int, ship_form=None, status: int = 200):
    fulfilment = _fulfilment(fulfilment_id)
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
    fulfilment = _fulfilment(fulfilment_id)
    form = ShipForm()
    if step == "ship" and not form.validate_on_submit():
        return fulfilment_detail(fulfilment_id, ship_form=form, status=422)
    try:
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
        commit()
    except DomainError as exc:
        rollback()
        flash(str(exc.message), "danger")
        return redirect(url_for("orders.fulfilment_detail", fulfilment_id=fulfilment_id))
    flash(_("Saved. The buyer has been told."), "success")
    return redirect(url_for("orders.fulfilment_detail", fulfilment_id=fulfilment_id))
