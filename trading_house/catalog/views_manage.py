"""The SME back office for listings: ``/business/products`` (list, create, edit, preview)."""

from functools import wraps
from typing import TYPE_CHECKING

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from trading_house.catalog import services
from trading_house.catalog.blueprint import bp
from trading_house.catalog.forms import ProductForm
from trading_house.catalog.models import Product
from trading_house.catalog.policies import managed_product, managed_products
from trading_house.catalog.rules import format_hs_code
from trading_house.catalog.status import PUBLISHED, ProductStatus
from trading_house.catalog.views import render_product
from trading_house.core.templating import has_endpoint
from trading_house.core.uow import unit_of_work
from trading_house.enterprises.policies import (
    current_enterprise,
    is_owner,
    member_enterprise,
    user_enterprises,
)
from trading_house.extensions import db

if TYPE_CHECKING:
    from trading_house.enterprises.models import Enterprise

STATUS_TABS = (
    "all",
    ProductStatus.DRAFT,
    ProductStatus.SUBMITTED,
    ProductStatus.APPROVED,
    ProductStatus.CHANGES_REQUESTED,
    ProductStatus.ARCHIVED,
)


def member_required(view):
    """Signed in and a member of an enterprise; the enterprise in use is passed to the view.

    ``?enterprise=<id>`` picks another of the user's enterprises (a 404 if it is not theirs).
    """

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        chosen = request.values.get("enterprise")
        enterprise: Enterprise | None
        if chosen:  # another of the user's enterprises; not theirs: NotFound (a 404)
            enterprise = member_enterprise(current_user, chosen)
        else:
            enterprise = current_enterprise(current_user)
        if enterprise is None:
            return render_template("catalog/manage/no_enterprise.html"), 200
        return view(enterprise, *args, **kwargs)

    return wrapper


@bp.get("/business/products")
@member_required
def my_products(enterprise):
    tab = request.args.get("status", "all")
    if tab not in STATUS_TABS:
        tab = "all"
    stmt = (
        managed_products(current_user)
        .where(Product.enterprise_id == enterprise.id)
        .options(selectinload(Product.photos))
        .order_by(Product.updated_at.desc(), Product.id.desc())
    )
    if tab != "all":
        stmt = stmt.where(Product.status == tab)
    else:
        stmt = stmt.where(Product.status != ProductStatus.ARCHIVED)
    products = list(db.session.scalars(stmt))
    return render_template(
        "catalog/manage/list.html",
        enterprise=enterprise,
        enterprises=user_enterprises(current_user),
        owner=is_owner(current_user, enterprise),
        products=products,
        tab=tab,
        tabs=STATUS_TABS,
        counts=services.status_counts(enterprise.id),
    )


@bp.route("/business/products/new", methods=["GET", "POST"])
@member_required
def new_product(enterprise):
    form = ProductForm(categories=services.all_categories())
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            product = services.create_product(enterprise, form.product_data(), actor=current_user)
        if work.done:
            flash(_("Draft saved. Add photos so buyers can see your product."), "success")
            return redirect(url_for("catalog.product_photos", product_id=product.id))
    return render_template(
        "catalog/manage/form.html", form=form, enterprise=enterprise, product=None
    ), (422 if form.errors else 200)


@bp.route("/business/products/<int:product_id>/edit", methods=["GET", "POST"])
@login_required
def edit_product(product_id: int):
    product = managed_product(current_user, product_id)
    if not product.is_editable:
        flash(_("Restore this listing before you edit it."), "warning")
        return redirect(url_for("catalog.my_products"))
    if product.status in PUBLISHED and has_endpoint("curation.edit_published"):
        # A published listing changes through a revision that a curator reviews.
        return redirect(url_for("curation.edit_published", product_id=product.id))
    form = ProductForm(obj=product, categories=services.all_categories())
    if request.method == "GET":
        form.hs_code.data = format_hs_code(product.hs_code)
        filled = all(e.form.min_quantity.data is not None for e in form.tiers.entries)
        if filled and len(form.tiers.entries) < form.tiers.max_entries:
            form.tiers.append_entry()  # always one empty row to add a tier
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_product(product, form.product_data(), actor=current_user)
        if work.done:
            flash(_("Changes saved."), "success")
            return redirect(url_for("catalog.edit_product", product_id=product.id))
    return render_template(
        "catalog/manage/form.html", form=form, enterprise=product.enterprise, product=product
    ), (422 if form.errors else 200)


@bp.get("/business/products/<int:product_id>/preview")
@login_required
def preview_product(product_id: int):
    """How buyers will see the listing, for its own enterprise's members (any status)."""
    product = managed_product(current_user, product_id)
    return render_product(product, preview=True)


@bp.post("/business/products/<int:product_id>/archive")
@login_required
def archive_product(product_id: int):
    return _transition(product_id, services.archive_product, _("The listing is archived."))


@bp.post("/business/products/<int:product_id>/restore")
@login_required
def restore_product(product_id: int):
    return _transition(product_id, services.restore_product, _("The listing is a draft again."))


@bp.post("/business/products/<int:product_id>/submit")
@login_required
def submit_product(product_id: int):
    return _transition(
        product_id, services.submit_product, _("Sent for review. We will let you know.")
    )


def _transition(product_id: int, action, success: str):
    """Move one of the user's listings (a button): the outcome is flashed."""
    product = managed_product(current_user, product_id)
    with unit_of_work() as work:
        action(product, actor=current_user)
    if work.done:
        flash(success, "success")
    if request.form.get("back") == "list" or not product.is_editable:
        return redirect(url_for("catalog.my_products"))
    return redirect(url_for("catalog.edit_product", product_id=product_id))
