"""The trading house's wholesale administration (``/admin/wholesale``): applications and
approval with group and terms, buyer groups, price lists, invoices and the overdue view."""

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import admin_required
from trading_house.core.clock import business_today
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.wholesale import invoices as invoice_service
from trading_house.wholesale import pricing, queries, services
from trading_house.wholesale.blueprint import bp
from trading_house.wholesale.forms import (
    DecisionForm,
    DiscountForm,
    GroupForm,
    InvoicePaidForm,
    PriceItemForm,
    RejectForm,
)
from trading_house.wholesale.models import (
    ORGANISATION_LIFECYCLE,
    BuyerGroup,
    BuyerOrganisation,
    OrganisationStatus,
    PriceList,
)


@bp.route("/admin/wholesale")
@admin_required
def admin_organisations():
    status = request.args.get("status", "")
    if status not in set(OrganisationStatus):
        status = ""
    return render_template(
        "wholesale/admin/organisations.html",
        organisations=queries.organisations(status or None),
        status=status,
        statuses=[(s, ORGANISATION_LIFECYCLE.label(s)) for s in OrganisationStatus],
    )


def _decision_form(organisation=None):
    form = DecisionForm(queries.groups())
    if organisation is not None and request.method == "GET":
        form.group_id.data = organisation.group_id or 0
        form.net_terms_days.data = organisation.net_terms_days
        form.credit_limit.data = organisation.credit_limit_idr
    return form


def _organisation_page(organisation, *, form=None, reject_form=None, status=200):
    return render_template(
        "wholesale/admin/organisation.html",
        organisation=organisation,
        form=form or _decision_form(organisation),
        reject_form=reject_form or RejectForm(),
        price_list=pricing.price_list_for(organisation_id=organisation.id),
        invoices=queries.invoices_of(organisation),
        today=business_today(),
    ), status


@bp.route("/admin/wholesale/<int:organisation_id>")
@admin_required
def admin_organisation(organisation_id: int):
    return _organisation_page(services.get_organisation(organisation_id))


@bp.route("/admin/wholesale/<int:organisation_id>/decide", methods=["POST"])
@admin_required
def admin_decide(organisation_id: int):
    """Approve with group and terms (an approved organisation: change its terms)."""
    organisation = services.get_organisation(organisation_id)
    form = _decision_form()
    if form.validate_on_submit():
        terms = dict(
            actor=current_user,
            group_id=form.group_id.data or None,
            net_terms_days=form.net_terms_days.data,
            credit_limit_idr=form.credit_limit.data or 0,
        )
        with unit_of_work(form) as work:
            if organisation.can_approve and not organisation.is_suspended:
                services.approve(organisation, note=form.note.data or "", **terms)
            else:
                services.set_terms(organisation, **terms)
        if work.done:
            flash(
                _(
                    "Saved: %(name)s is approved for wholesale with these terms.",
                    name=organisation.name,
                ),
                "success",
            )
            return redirect(
                url_for("wholesale.admin_organisation", organisation_id=organisation.id)
            )
    return _organisation_page(organisation, form=form, status=422)


@bp.route("/admin/wholesale/<int:organisation_id>/reject", methods=["POST"])
@admin_required
def admin_reject(organisation_id: int):
    organisation = services.get_organisation(organisation_id)
    form = RejectForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.reject(organisation, actor=current_user, note=form.note.data)
        if work.done:
            flash(_("The application was declined."), "success")
            return redirect(
                url_for("wholesale.admin_organisation", organisation_id=organisation.id)
            )
    return _organisation_page(organisation, reject_form=form, status=422)


@bp.route("/admin/wholesale/<int:organisation_id>/suspend", methods=["POST"])
@admin_required
def admin_suspend(organisation_id: int):
    organisation = services.get_organisation(organisation_id)
    with unit_of_work() as work:
        if organisation.is_suspended:
            services.reinstate_organisation(organisation, actor=current_user)
        else:
            services.suspend_organisation(organisation, actor=current_user)
    if work.done:
        flash(_("Saved."), "success")
    return redirect(url_for("wholesale.admin_organisation", organisation_id=organisation.id))


@bp.route("/admin/wholesale/groups", methods=["GET", "POST"])
@admin_required
def admin_groups():
    form = GroupForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.create_group(
                actor=current_user, name=form.name.data, description=form.description.data or ""
            )
        if work.done:
            flash(_("The group was created."), "success")
            return redirect(url_for("wholesale.admin_groups"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "wholesale/admin/groups.html",
        form=form,
        groups=queries.groups(),
        lists=queries.group_price_lists(),
    ), status


@bp.route("/admin/wholesale/price-list", methods=["POST"])
@admin_required
def admin_open_price_list():
    """Open (creating it empty the first time) the price list of a group or organisation."""
    group_id = request.form.get("group_id", type=int)
    organisation_id = request.form.get("organisation_id", type=int)
    audience: BuyerGroup | BuyerOrganisation | None
    if group_id:
        audience = db.session.get(BuyerGroup, group_id)
        name = audience.name if audience else ""
    elif organisation_id:
        audience = services.get_organisation(organisation_id)
        name = audience.name
    else:
        audience = None
    if audience is None:
        abort(404)
    with unit_of_work() as work:
        price_list = pricing.price_list_for(
            group_id=group_id or None,
            organisation_id=None if group_id else organisation_id,
            create=True,
            name=name,
        )
    if not work.done:
        return redirect(url_for("wholesale.admin_groups"))
    return redirect(url_for("wholesale.admin_price_list", price_list_id=price_list.id))


def _price_list(price_list_id: int) -> PriceList:
    price_list = db.session.get(PriceList, price_list_id)
    if price_list is None:
        abort(404)
    return price_list


def _price_list_page(price_list, *, discount_form=None, item_form=None, status=200):
    if discount_form is None:
        discount_form = DiscountForm(
            name=price_list.name, discount=Decimal(price_list.discount_bp) / 100
        )
    return render_template(
        "wholesale/admin/price_list.html",
        price_list=price_list,
        discount_form=discount_form,
        item_form=item_form or PriceItemForm(),
    ), status


@bp.route("/admin/wholesale/price-lists/<int:price_list_id>")
@admin_required
def admin_price_list(price_list_id: int):
    return _price_list_page(_price_list(price_list_id))


@bp.route("/admin/wholesale/price-lists/<int:price_list_id>/discount", methods=["POST"])
@admin_required
def admin_price_list_discount(price_list_id: int):
    price_list = _price_list(price_list_id)
    form = DiscountForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            pricing.set_discount(
                price_list,
                actor=current_user,
                discount_bp=int(form.discount.data * 100),
                name=form.name.data or "",
            )
        if work.done:
            flash(_("The discount is saved."), "success")
            return redirect(url_for("wholesale.admin_price_list", price_list_id=price_list.id))
    return _price_list_page(price_list, discount_form=form, status=422)


@bp.route("/admin/wholesale/price-lists/<int:price_list_id>/items", methods=["POST"])
@admin_required
def admin_price_list_item(price_list_id: int):
    price_list = _price_list(price_list_id)
    form = PriceItemForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            pricing.set_item(
                price_list,
                actor=current_user,
                product_id=form.product_id.data,
                unit_price_idr=form.unit_price.data,
                case_pack=form.case_pack.data,
                min_quantity=form.min_quantity.data,
            )
        if work.done:
            flash(_("The product is on the price list."), "success")
            return redirect(url_for("wholesale.admin_price_list", price_list_id=price_list.id))
    return _price_list_page(price_list, item_form=form, status=422)


@bp.route(
    "/admin/wholesale/price-lists/<int:price_list_id>/items/<int:price_item_id>/remove",
    methods=["POST"],
)
@admin_required
def admin_price_list_remove(price_list_id: int, price_item_id: int):
    price_list = _price_list(price_list_id)
    with unit_of_work() as work:
        pricing.remove_price_list_item(price_list, actor=current_user, item_id=price_item_id)
    if work.done:
        flash(_("The product was taken off the price list."), "success")
    return redirect(url_for("wholesale.admin_price_list", price_list_id=price_list.id))


@bp.route("/admin/wholesale/invoices")
@admin_required
def admin_invoices():
    """Open invoices; ``?overdue=1``: only those past their due date, the oldest first."""
    overdue = request.args.get("overdue") == "1"
    return render_template(
        "wholesale/admin/invoices.html",
        invoices=queries.open_invoices(overdue_only=overdue),
        overdue=overdue,
        today=business_today(),
        form=InvoicePaidForm(),
    )


@bp.route("/admin/wholesale/invoices/<int:invoice_id>/paid", methods=["POST"])
@admin_required
def admin_invoice_paid(invoice_id: int):
    invoice = invoice_service.get_invoice(invoice_id)
    form = InvoicePaidForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            invoice_service.mark_invoice_paid(
                invoice, actor=current_user, reference=form.reference.data
            )
        if work.done:
            flash(
                _("Invoice %(number)s is paid; the credit is free again.", number=invoice.number),
                "success",
            )
            return redirect(url_for("wholesale.admin_invoices"))
    for message in [*form.form_errors, *form.reference.errors]:
        flash(message, "danger")
    return render_template(
        "wholesale/admin/invoices.html",
        invoices=queries.open_invoices(),
        overdue=False,
        today=business_today(),
        form=form,
    ), 422
