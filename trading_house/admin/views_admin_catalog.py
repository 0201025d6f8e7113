"""Admin screens for exchange rates, the category tree and enterprise verification."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.admin import categories as category_services
from trading_house.admin import services
from trading_house.admin.blueprint import bp
from trading_house.admin.forms import CategoryForm, RateForm
from trading_house.core.errors import NotFound
from trading_house.core.pagination import parse_page
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.core.urls import safe_next
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.services import set_verification_status
from trading_house.enterprises.status import VERIFICATION_STATES, verification_label
from trading_house.extensions import db

# --- Exchange rates ------------------------------------------------------------------------------


@bp.get("/rates")
def rates(errors=None, typed=None, status: int = 200):
    current = services.exchange_rates()
    rows = [
        {
            "currency": code,
            "rate": current.get(code),
            "value": services.idr_per_unit(current.get(code), current_locale()),
        }
        for code in services.RATE_CURRENCIES
    ]
    return (
        render_template(
            "admin/rates.html",
            rows=rows,
            errors=errors or {},
            typed=typed or {},
            setters=services.users_by_id(rate.set_by_id for rate in current.values()),
        ),
        status,
    )


@bp.post("/rates")
def set_rate():
    form = RateForm()
    currency = (form.currency.data or "").upper()
    if currency not in services.RATE_CURRENCIES:
        abort(400)
    with unit_of_work(category=None) as work:
        services.set_exchange_rate(
            currency, form.rate.data, actor=current_user, locale=current_locale()
        )
    if work.error is not None:
        errors = {currency: work.error.message}
        return rates(errors=errors, typed={currency: form.rate.data}, status=400)
    flash(_("The rate for %(currency)s has been saved.", currency=currency), "success")
    return redirect(url_for("admin.rates"))


# --- Categories ----------------------------------------------------------------------------------


def _category_or_404(category_id: int):
    try:
        return category_services.get_category(category_id)
    except NotFound:
        abort(404)


@bp.get("/categories")
def categories(form=None, status: int = 200):
    if form is None:
        form = CategoryForm()
        form.set_parents(category_services.parent_choices(), current_locale())
    return (
        render_template(
            "admin/categories.html",
            tree=category_services.category_tree_for_editing(),
            counts=category_services.product_counts(),
            form=form,
        ),
        status,
    )


@bp.post("/categories")
def create_category():
    form = CategoryForm()
    form.set_parents(category_services.parent_choices(), current_locale())
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            category = category_services.create_category(
                name_indonesian=form.name_indonesian.data,
                name_english=form.name_english.data,
                parent_id=form.parent_id.data or None,
                actor=current_user,
            )
        if work.done:
            flash(
                _("Category “%(name)s” created.", name=category.name_for(current_locale())),
                "success",
            )
            return redirect(url_for("admin.categories"))
    return categories(form=form, status=400)


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def edit_category(category_id: int):
    category = _category_or_404(category_id)
    form = CategoryForm(obj=category)
    if request.method == "GET":
        form.parent_id.data = str(category.parent_id or "")
    form.set_parents(category_services.parent_choices(exclude=category), current_locale())
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            category_services.update_category(
                category,
                name_indonesian=form.name_indonesian.data,
                name_english=form.name_english.data,
                parent_id=form.parent_id.data or None,
                actor=current_user,
            )
        if work.failed:
            category = _category_or_404(category_id)
        else:
            flash(_("The category has been saved."), "success")
            return redirect(url_for("admin.categories"))
    return (
        render_template("admin/category_edit.html", category=category, form=form),
        400 if form.errors else 200,
    )


@bp.post("/categories/<int:category_id>/move")
def move_category(category_id: int):
    category = _category_or_404(category_id)
    direction = request.form.get("direction", "")
    if direction not in ("up", "down"):
        abort(400)
    with unit_of_work():
        category_services.move_category(category, direction, actor=current_user)
    return redirect(url_for("admin.categories", _anchor=f"category-{category_id}"))


@bp.post("/categories/<int:category_id>/delete")
def delete_category(category_id: int):
    category = _category_or_404(category_id)
    name = category.name_for(current_locale())
    with unit_of_work() as work:
        category_services.delete_category(category, actor=current_user)
    if work.done:
        flash(_("Category “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("admin.categories"))


# --- Enterprises (legal identity verification) ---------------------------------------------------


@bp.get("/enterprises")
def enterprises():
    q = request.args.get("q", "").strip()[:160]
    status = request.args.get("status", "")
    page = services.list_enterprises(
        q=q,
        status=status if status in VERIFICATION_STATES else None,
        page=parse_page(request.args.get("page")),
    )
    return render_template(
        "admin/enterprises.html", page=page, q=q, status=status, states=VERIFICATION_STATES
    )


@bp.post("/enterprises/<int:enterprise_id>/verification")
def set_enterprise_verification(enterprise_id: int):
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        abort(404)
    to = request.form.get("to", "")
    note = request.form.get("note", "").strip()[:500]
    with unit_of_work() as work:
        set_verification_status(enterprise, to, actor=current_user, note=note)
    if work.done:
        flash(
            _("%(name)s is now: %(status)s.", name=enterprise.name, status=verification_label(to)),
            "success",
        )
    return redirect(safe_next(request.form.get("next"), url_for("admin.enterprises")))
