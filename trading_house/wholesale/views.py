"""The buyer organisation's pages: apply, status and terms, the price-listed catalog and order
form, invoices and members (``/wholesale``)."""

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.clock import business_today
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.wholesale import keys, ordering, policies, pricing, queries, services
from trading_house.wholesale.blueprint import bp
from trading_house.wholesale.forms import ApiKeyForm, ApplyForm, MemberForm, OrderForm
from trading_house.wholesale.models import API_SCOPES

MAX_QUANTITY = 10**7


@bp.route("/wholesale")
@login_required
def home():
    """Apply, or see the organisation's status, terms, credit and recent orders."""
    member = policies.organisation_membership(current_user)
    if member is None:
        return render_template("wholesale/home.html", member=None, form=ApplyForm())
    organisation = member.organisation
    return render_template(
        "wholesale/home.html",
        member=member,
        organisation=organisation,
        orders=queries.orders_of(organisation, limit=10),
        can_order=policies.can_order(member),
        can_see_invoices=policies.can_see_invoices(member),
        can_manage=policies.can_manage_members(member),
    )


@bp.route("/wholesale/apply", methods=["POST"])
@login_required
def apply():
    form = ApplyForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.apply_for_organisation(
                current_user,
                name=form.name.data,
                tax_number=form.tax_number.data,
                country=form.country.data,
                city=form.city.data,
                address=form.address.data or "",
                about=form.about.data or "",
            )
        if work.done:
            flash(_("Thank you: the trading house will review your application."), "success")
            return redirect(url_for("wholesale.home"))
    return render_template("wholesale/home.html", member=None, form=form), 422


def _approved_member():
    member = policies.organisation_membership(current_user)
    if member is None or not member.organisation.is_approved:
        abort(404)
    return member


@bp.route("/wholesale/catalog")
@login_required
def catalog():
    """The organisation's price list: its prices, case packs and minimums, with an order form."""
    member = _approved_member()
    return _catalog_page(member, OrderForm(idempotency_key=secrets.token_urlsafe(24)), {})


def _catalog_page(member, form, quantities, status=200):
    organisation = member.organisation
    return render_template(
        "wholesale/catalog.html",
        organisation=organisation,
        prices=pricing.catalog(organisation),
        form=form,
        quantities=quantities,
        can_order=policies.can_order(member),
    ), status


def _quantities(prices) -> tuple[dict[int, int], list[str]]:
    quantities, problems = {}, []
    for price in prices:
        raw = (request.form.get(f"qty-{price.product.id}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > MAX_QUANTITY:
            problems.append(
                _(
                    "%(name)s: enter a whole number of units.",
                    name=price.product.name_for(current_locale()),
                )
            )
            continue
        quantities[price.product.id] = int(raw)
    return quantities, problems


@bp.route("/wholesale/order", methods=["POST"])
@login_required
def place_order():
    member = _approved_member()
    form = OrderForm()
    quantities, problems = _quantities(pricing.catalog(member.organisation))
    if form.validate_on_submit() and not problems:
        with unit_of_work(form) as work:
            order, created = ordering.place_wholesale_order(
                current_user,
                quantities=quantities,
                on_terms=bool(form.on_terms.data),
                idempotency_key=form.idempotency_key.data or "",
                note=form.note.data or "",
                locale=current_locale(),
            )
        if work.done:
            if created and order.payment_method == ordering.NET_TERMS_METHOD:
                flash(
                    _(
                        "Order %(number)s placed on net terms; the invoice is in your invoices.",
                        number=order.number,
                    ),
                    "success",
                )
            elif created:
                flash(
                    _(
                        "Order %(number)s placed: please pay it to start shipping.",
                        number=order.number,
                    ),
                    "success",
                )
            return redirect(url_for("orders.order_detail", number=order.number))
    form.form_errors.extend(problems)
    return _catalog_page(member, form, quantities, 422)


@bp.route("/wholesale/invoices")
@login_required
def invoices():
    member = policies.organisation_membership(current_user)
    if not policies.can_see_invoices(member):
        abort(404)
    organisation = member.organisation
    return render_template(
        "wholesale/invoices.html",
        organisation=organisation,
        invoices=queries.invoices_of(organisation),
        today=business_today(),
    )


@bp.route("/wholesale/members", methods=["GET", "POST"])
@login_required
def members():
    member = policies.organisation_membership(current_user)
    if not policies.can_manage_members(member):
        abort(404)
    form = MemberForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.add_organisation_member(
                member.organisation,
                actor_member=member,
                email=form.email.data,
                role=form.role.data,
            )
        if work.done:
            flash(_("Your colleague was added."), "success")
            return redirect(url_for("wholesale.members"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "wholesale/members.html", organisation=member.organisation, form=form, me=member
    ), status


@bp.route("/wholesale/members/<int:member_id>/remove", methods=["POST"])
@login_required
def remove_member(member_id: int):
    member = policies.organisation_membership(current_user)
    if not policies.can_manage_members(member):
        abort(404)
    with unit_of_work() as work:
        services.remove_organisation_member(
            member.organisation, actor_member=member, member_id=member_id
        )
    if work.done:
        flash(_("The member was removed."), "success")
    return redirect(url_for("wholesale.members"))


@bp.route("/wholesale/api-keys", methods=["GET", "POST"])
@login_required
def api_keys():
    """Owners make and revoke the organisation's partner API keys; a new key is shown once."""
    member = policies.organisation_membership(current_user)
    if not policies.can_manage_members(member):
        abort(404)
    form = ApiKeyForm()
    shown = None
    status = 200
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            _key, shown = keys.create_key(
                member.organisation,
                actor_member=member,
                name=form.name.data,
                scopes=form.scopes.data or [],
            )
        if work.done:
            form = ApiKeyForm(formdata=None)
        else:
            shown, status = None, 422
    elif form.is_submitted():
        status = 422
    response = render_template(
        "wholesale/api_keys.html",
        organisation=member.organisation,
        form=form,
        keys=keys.keys_of(member.organisation),
        shown=shown,
        scope_labels=API_SCOPES,
    )
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/wholesale/api-keys/<int:key_id>/revoke", methods=["POST"])
@login_required
def revoke_api_key(key_id: int):
    member = policies.organisation_membership(current_user)
    if not policies.can_manage_members(member):
        abort(404)
    with unit_of_work() as work:
        keys.revoke_key(member.organisation, actor_member=member, key_id=key_id)
    if work.done:
        flash(_("The key is revoked: it stops working at once."), "success")
    return redirect(url_for("wholesale.api_keys"))
