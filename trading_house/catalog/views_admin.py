"""Admin: every listing with its status and the home-page feature; publishing and suspending
happen on the curation review screen."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from trading_house.catalog import services
from trading_house.catalog.blueprint import bp
from trading_house.catalog.models import Category, Product
from trading_house.catalog.policies import can_publish
from trading_house.catalog.status import TRANSITIONS
from trading_house.catalog.views import render_product
from trading_house.core.pagination import Page, count_rows, page_count, parse_page
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db

PER_PAGE = 50


def _admin_only() -> None:
    if not can_publish(current_user):
        abort(403)


def _product(product_id: int) -> Product:
    product = db.session.scalar(
        select(Product)
        .where(Product.id == product_id)
        .options(
            joinedload(Product.enterprise),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.tiers),
            selectinload(Product.photos),
        )
    )
    if product is None:
        abort(404)
    return product


@bp.get("/admin/catalog/products")
@login_required
def admin_products():
    _admin_only()
    status = request.args.get("status", "")
    stmt = select(Product)
    if status in TRANSITIONS:
        stmt = stmt.where(Product.status == status)
    else:
        status = ""
    total = count_rows(stmt)
    number = min(parse_page(request.args.get("page")), page_count(total, PER_PAGE))
    items = list(
        db.session.scalars(
            stmt.options(joinedload(Product.enterprise), selectinload(Product.photos))
            .order_by(Product.updated_at.desc(), Product.id.desc())
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        ).unique()
    )
    return render_template(
        "catalog/admin/products.html",
        page=Page(items=items, page=number, per_page=PER_PAGE, total=total),
        status=status,
        statuses=list(TRANSITIONS),
    )


@bp.get("/admin/catalog/products/<int:product_id>")
@login_required
def admin_preview(product_id: int):
    _admin_only()
    return render_product(_product(product_id), preview=True)


@bp.post("/admin/catalog/products/<int:product_id>/publish")
@login_required
def admin_publish(product_id: int):
    """Publishing goes through the curation review: an admin reviews like a curator."""
    return _to_review(product_id)


@bp.post("/admin/catalog/products/<int:product_id>/unpublish")
@login_required
def admin_unpublish(product_id: int):
    """Suspending (with a reason the business is told) happens on the curation review screen."""
    return _to_review(product_id)


def _to_review(product_id: int):
    _admin_only()
    product = _product(product_id)
    return redirect(url_for("curation.review", product_id=product.id), code=303)


@bp.post("/admin/catalog/products/<int:product_id>/feature")
@login_required
def admin_feature(product_id: int):
    _admin_only()
    product = _product(product_id)
    with unit_of_work() as work:
        services.set_featured(product, request.form.get("featured") == "1")
    if work.done:
        flash(
            _("Shown on the home page.") if product.featured else _("Removed from the home page."),
            "success",
        )
    return _return_from_feature(product)


def _return_from_feature(product: Product):
    """Back to the page the button was on: the product (public or preview) or the list."""
    if request.form.get("back") == "product" and product.is_published:
        return redirect(url_for("catalog.product_detail", slug=product.slug))
    if request.form.get("back") == "product":
        return redirect(url_for("catalog.admin_preview", product_id=product.id))
    return redirect(url_for("catalog.admin_products", status=request.form.get("status") or None))
