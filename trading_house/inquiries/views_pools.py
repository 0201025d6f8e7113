"""Pooled quotation routes (on ``inquiries``): curators compose, enterprises confirm their lines."""

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money
from trading_house.core.templating import current_locale
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.inquiries import policies, pools, queries
from trading_house.inquiries.blueprint import bp
from trading_house.inquiries.forms import (
    PoolAnswerForm,
    PoolLineForm,
    PoolStartForm,
    PoolTermsForm,
)
from trading_house.inquiries.quotation_models import Pool, PoolLine
from trading_house.inquiries.views import inquiry_work
from trading_house.inquiries.views_rfq import (
    _margin_bp,
    _render_request,
    _request_or_404,
    _staff_only,
)
from trading_house.payments.ledger import payable_after


@bp.post("/requests/<int:request_id>/pools")
@login_required
def start_pool(request_id: int):
    _staff_only()
    buying_request = _request_or_404(request_id)
    form = PoolStartForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            pool = pools.start_pool(
                current_user,
                buying_request,
                currency=form.currency.data,
                margin_bp=_margin_bp(form.margin.data),
            )
        if work.done:
            return redirect(url_for("inquiries.pool_detail", pool_id=pool.id))
    return _render_request(buying_request, status=422, pool_form=form)


def _pool_or_404(pool_id: int) -> Pool:
    _staff_only()
    pool = db.session.get(Pool, pool_id)
    if pool is None:
        abort(404)
    return pool


def _pool_products(pool: Pool):
    """Published products of the request's category first, each with its enterprise."""
    locale = current_locale()
    in_category = set(queries.enterprises_in_category(pool.buying_request.category_id))
    products = db.session.scalars(
        select(Product)
        .where(Product.status == ProductStatus.APPROVED)
        .options(selectinload(Product.enterprise))
        .order_by(Product.enterprise_id, Product.id)
    ).all()
    products = sorted(
        products, key=lambda p: (p.enterprise_id not in in_category, p.enterprise.name)
    )
    return [(p.id, f"{p.name_for(locale)} — {p.enterprise.name}") for p in products], products


def _render_pool(pool: Pool, status=200, terms_form=None, line_form=None):
    choices, products = _pool_products(pool)
    line_form = line_form or PoolLineForm(products=choices)
    if terms_form is None:
        terms_form = PoolTermsForm(
            margin=Decimal(pool.margin_bp) / 100,
            incoterm=pool.incoterm or "",
            named_place=pool.named_place,
            lead_time_days=pool.lead_time_days,
            valid_until=pool.valid_until,
            payment_terms=pool.payment_terms or "",
            notes=pool.notes,
        )
    suppliers: dict[int, Enterprise] = {}
    for product in products:
        suppliers.setdefault(product.enterprise_id, product.enterprise)
    margin = pool.margin_bp
    try:
        preview = [
            (line, pools.buyer_prices(line.confirmed_unit_cost or 0, pool.currency, margin)[1])
            for line in pool.lines
            if line.is_confirmed
        ]
        rate_missing = False
    except DomainError:  # no exchange rate for the pool's currency yet: no preview
        preview, rate_missing = [], True
    total = sum(price * (line.confirmed_quantity or 0) for line, price in preview)
    return render_template(
        "inquiries/pool.html",
        pool=pool,
        terms_form=terms_form,
        line_form=line_form,
        suppliers=sorted(suppliers.values(), key=lambda e: e.name),
        preview=preview,
        rate_missing=rate_missing,
        total=Money(total, pool.currency),
        money=lambda amount: Money(amount or 0, pool.currency),
    ), status


@bp.get("/pools/<int:pool_id>")
@login_required
def pool_detail(pool_id: int):
    return _render_pool(_pool_or_404(pool_id))


@bp.post("/pools/<int:pool_id>/terms")
@login_required
def pool_terms(pool_id: int):
    pool = _pool_or_404(pool_id)
    form = PoolTermsForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            pools.update_pool_terms(
                current_user,
                pool,
                margin_bp=_margin_bp(form.margin.data),
                incoterm=form.incoterm.data or None,
                named_place=form.named_place.data,
                lead_time_days=form.lead_time_days.data,
                valid_until=form.valid_until.data,
                payment_terms=form.payment_terms.data or None,
                notes=form.notes.data or "",
            )
        if work.done:
            flash(_("Terms saved."), "success")
            return redirect(url_for("inquiries.pool_detail", pool_id=pool_id))
    return _render_pool(pool, status=422, terms_form=form)


@bp.post("/pools/<int:pool_id>/lines")
@login_required
def pool_add_line(pool_id: int):
    pool = _pool_or_404(pool_id)
    choices, _products = _pool_products(pool)
    form = PoolLineForm(products=choices)
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            pools.add_pool_line(
                current_user,
                pool,
                product_id=form.product_id.data,
                quantity=form.quantity.data,
                unit_cost=form.unit_cost.data,
                price_confirmed=form.price_confirmed(form.unit_cost.money),
            )
        if work.done:
            flash(_("Line added; the enterprise was asked to confirm it."), "success")
            return redirect(url_for("inquiries.pool_detail", pool_id=pool_id))
    return _render_pool(pool, status=422, line_form=form)


@bp.post("/pools/<int:pool_id>/lines/<int:line_id>/withdraw")
@login_required
def pool_withdraw_line(pool_id: int, line_id: int):
    pool = _pool_or_404(pool_id)
    line = db.session.get(PoolLine, line_id)
    if line is None or line.pool_id != pool.id:
        abort(404)
    with inquiry_work():
        pools.withdraw_pool_line(current_user, line)
    return redirect(url_for("inquiries.pool_detail", pool_id=pool_id))


@bp.post("/pools/<int:pool_id>/send")
@login_required
def pool_send(pool_id: int):
    pool = _pool_or_404(pool_id)
    with inquiry_work() as work:
        quotation = pools.send_pool(current_user, pool)
    if not work.done:
        return redirect(url_for("inquiries.pool_detail", pool_id=pool_id))
    flash(_("The pooled quotation was sent to the buyer."), "success")
    return redirect(url_for("inquiries.thread", inquiry_id=quotation.inquiry_id))


@bp.post("/pools/<int:pool_id>/cancel")
@login_required
def pool_cancel(pool_id: int):
    pool = _pool_or_404(pool_id)
    with inquiry_work():
        pools.cancel_pool(current_user, pool)
    return redirect(url_for("inquiries.request_detail", request_id=pool.buying_request_id))


# --- the enterprise's side of pools ----------------------------------------------------------


@bp.get("/pool-lines")
@login_required
def pool_lines():
    """Quantities the trading house asked the user's enterprises to confirm."""
    return _render_pool_lines()


def _render_pool_lines(answered: PoolLine | None = None, form=None, status=200):
    """The list, each open line with its answer form (``form`` for the one just answered)."""
    lines = db.session.scalars(
        select(PoolLine)
        .where(PoolLine.enterprise_id.in_(policies.member_enterprise_ids(current_user)))
        .options(selectinload(PoolLine.pool), selectinload(PoolLine.product))
        .order_by(PoolLine.id.desc())
        .limit(200)
    ).all()
    forms = {
        line.id: PoolAnswerForm(
            formdata=None, data={"quantity": line.quantity, "unit_cost": line.unit_cost}
        )
        for line in lines
        if line.is_requested
    }
    if answered is not None:
        forms[answered.id] = form
    return render_template(
        "inquiries/pool_lines.html",
        lines=lines,
        forms=forms,
        payable_after=payable_after(),
    ), status


@bp.post("/pool-lines/<int:line_id>/answer")
@login_required
def pool_answer(line_id: int):
    try:
        line = policies.get_pool_line(current_user, line_id)
    except NotFound:
        abort(404)
    if policies.is_staff(current_user) and line.enterprise_id not in set(
        db.session.scalars(policies.member_enterprise_ids(current_user))
    ):
        abort(404)  # staff compose pools; only the enterprise answers for itself
    form = PoolAnswerForm()
    confirm = request.form.get("decision") != "decline"
    if not form.validate_on_submit():
        return _render_pool_lines(line, form, status=422)
    with inquiry_work(form) as work:
        pools.answer_pool_line(
            current_user,
            line,
            confirm=confirm,
            quantity=form.quantity.data,
            unit_cost=form.unit_cost.data,
            note=form.note.data or "",
            price_confirmed=form.price_confirmed(form.unit_cost.money),
        )
    if not work.done:
        return _render_pool_lines(line, form, status=422)
    flash(_("Thank you, your answer was sent to the trading house."), "success")
    return redirect(url_for("inquiries.pool_lines"))
