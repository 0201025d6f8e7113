"""Saved products and enterprises, the buyer's lists, and the read-only shared list page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.catalog.models import Product
from trading_house.core.errors import NotFound
from trading_house.core.uow import unit_of_work
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.favourites import services
from trading_house.favourites.blueprint import bp
from trading_house.favourites.forms import ListForm, PostForm, SaveForm

bp.add_app_template_global(services.list_name, "favourite_list_name")


def _safe_next(default: str) -> str:
    target = request.form.get("next", "")
    # Only a path on this site (no scheme, no host, no "//evil"): never an open redirect.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def _lists_page(form=None, status: int = 200):
    return (
        render_template(
            "favourites/lists.html",
            lists=services.lists_of(current_user),
            form=form or ListForm(),
            post_form=PostForm(),
        ),
        status,
    )


@bp.get("/favourites")
@login_required
def my_lists():
    return _lists_page()


@bp.post("/favourites/lists")
@login_required
def create_list():
    form = ListForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            favourites = services.create_list(current_user, form.name.data)
        if work.done:
            flash(_("List “%(name)s” created.", name=favourites.name), "success")
            return redirect(url_for("favourites.list_detail", list_id=favourites.id))
    return _lists_page(form, 422)


def _detail(favourites, form=None, status: int = 200):
    return (
        render_template(
            "favourites/list.html",
            favourites=favourites,
            items=services.visible_items(favourites),
            form=form or ListForm(name=services.list_name(favourites)),
            post_form=PostForm(),
            shared_view=False,
        ),
        status,
    )


@bp.get("/favourites/lists/<int:list_id>")
@login_required
def list_detail(list_id: int):
    return _detail(services.own_list(current_user, list_id))


@bp.post("/favourites/lists/<int:list_id>/rename")
@login_required
def rename_list(list_id: int):
    favourites = services.own_list(current_user, list_id)
    form = ListForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.rename_list(favourites, form.name.data)
        if work.done:
            flash(_("List renamed."), "success")
            return redirect(url_for("favourites.list_detail", list_id=list_id))
    return _detail(favourites, form, 422)


@bp.post("/favourites/lists/<int:list_id>/delete")
@login_required
def delete_list(list_id: int):
    favourites = services.own_list(current_user, list_id)
    form = PostForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            services.delete_list(favourites)
        if work.done:
            flash(_("List deleted."), "success")
            return redirect(url_for("favourites.my_lists"))
    return redirect(url_for("favourites.list_detail", list_id=list_id))


@bp.post("/favourites/lists/<int:list_id>/share")
@login_required
def share_list(list_id: int):
    favourites = services.own_list(current_user, list_id)
    form = PostForm()
    if form.validate_on_submit():
        stop = request.form.get("action") == "stop"
        with unit_of_work() as work:
            services.stop_sharing(favourites) if stop else services.share(favourites)
        if work.done:
            flash(
                _("Sharing is off: the old link no longer works.")
                if stop
                else _("Anyone with the link can now see this list (read-only)."),
                "success",
            )
    return redirect(url_for("favourites.list_detail", list_id=list_id))


@bp.post("/favourites/lists/<int:list_id>/items/<int:favourite_item_id>/remove")
@login_required
def remove_item(list_id: int, favourite_item_id: int):
    favourites = services.own_list(current_user, list_id)
    form = PostForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            services.remove_list_item(favourites, favourite_item_id)
        if work.done:
            flash(_("Removed from the list."), "success")
    return redirect(url_for("favourites.list_detail", list_id=list_id))


def _save(subject_kind: str, subject):
    form = SaveForm()
    default = url_for("favourites.my_lists")
    if not form.validate_on_submit():
        flash(_("Please try again: the form had expired."), "warning")
        return redirect(_safe_next(default))
    with unit_of_work() as work:
        if form.list_id.data:
            favourites = services.own_list(current_user, form.list_id.data)
        else:
            favourites = services.default_list(current_user)
        if form.action.data == "unsave":
            services.unsave(favourites, **{subject_kind: subject})
        else:
            services.save(current_user, favourites, **{subject_kind: subject})
    if work.done:
        if form.action.data == "unsave":
            flash(_("Removed from “%(name)s”.", name=services.list_name(favourites)), "success")
        else:
            flash(_("Saved to “%(name)s”.", name=services.list_name(favourites)), "success")
    return redirect(_safe_next(default))


@bp.post("/favourites/products/<int:product_id>")
@login_required
def save_product(product_id: int):
    product = db.session.get(Product, product_id)
    if product is None or not product.is_published:
        raise NotFound(_("This product is not available any more."))
    return _save("product", product)


@bp.post("/favourites/enterprises/<int:enterprise_id>")
@login_required
def save_enterprise(enterprise_id: int):
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(_("Enterprise not found."))
    return _save("enterprise", enterprise)


@bp.get("/shared/lists/<token>")
def shared_list(token: str):
    """A colleague's list, read-only, for anyone with the link (never indexed by search)."""
    favourites = services.shared_list(token)
    response = render_template(
        "favourites/list.html",
        favourites=favourites,
        items=services.visible_items(favourites),
        shared_view=True,
    )
    return response, 200, {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
