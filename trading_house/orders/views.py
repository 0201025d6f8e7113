"""Cart, checkout and the buyer's orders (Blueprint ``orders``). Seller and admin screens are
attached to the same blueprint in ``views_manage`` and ``views_admin``."""

import secrets

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from trading_house.core.errors import DomainError, NotFound
from trading_house.core.i18n import select_currency
from trading_house.core.limits import config_limit, user_or_ip
from trading_house.core.money import Money
from trading_house.core.pagination import Page, parse_page
from trading_house.core.rates import displayable, rate_table
from trading_house.core.templating import current_locale, money_with_idr
from trading_house.core.uow import unit_of_work
from trading_house.core.urls import safe_next
from trading_house.extensions import db, limiter
from trading_house.orders import cart as carts
from trading_house.orders import checkout, fulfilment, policies, receivers
from trading_house.orders.blueprint import bp
from trading_house.orders.forms import AddToCartForm, CancelForm, CheckoutForm, QuantityForm
from trading_house.orders.notifications import seller_name
from trading_house.orders.shipping import PROVINCES, country_choices, options_for, parcel_weight
from trading_house.orders.status import event_note
from trading_house.trade_documents.sales import invoice_pdf

CART_KEY = receivers.CART_KEY
PER_PAGE = 20
receivers.connect()


def _account():
    return current_user if current_user.is_authenticated else None


def _cart(*, create: bool = False):
    """The visitor's cart: the account's, or the anonymous one named in the signed session."""
    user, token = _account(), session.get(CART_KEY)
    if not create:
        return carts.find_cart(user=user, token=token)
    cart = carts.get_or_create_cart(user=user, token=token)
    if user is None:
        session[CART_KEY] = cart.token
    return cart


bp.add_app_template_filter(event_note, "event_note")


@bp.app_template_global()
def cart_count() -> int:
    return carts.item_count(_cart())


@bp.app_template_global()
def payment_methods_label(method: str) -> str:
    return {
        "bank_transfer": _("Bank transfer"),
        "stripe": _("Card (Stripe)"),
        "net_terms": _("Net terms (invoice)"),
        "milestones": _("Milestones (deposit and balance)"),
    }.get(method, method)


def _review(cart, *, country: str | None = None):
    return carts.review(cart, locale=current_locale(), moq=carts.moq_applies(_account(), country))


def _priced(review, currency: str):
    """The cart's lines in ``currency`` (IDR when it has no rate), by the one rounding rule."""
    currency = displayable(currency)
    return carts.priced(review, currency, rate_table().get(currency))


def _render_cart(cart, status: int = 200, **context):
    review = _review(cart)
    priced = _priced(review, select_currency())
    return render_template(
        "orders/cart.html", review=review, priced=priced, cart=cart, **context
    ), status


@bp.get("/cart")
def cart():
    return _render_cart(_cart())


@bp.post("/cart/add")
def add_to_cart():
    form = AddToCartForm()
    next_url = safe_next(request.form.get("next"), url_for("orders.cart"))
    if not form.validate_on_submit():
        abort(400)
    try:
        with unit_of_work() as work:
            cart = _cart(create=True)
            item = carts.add_item(cart, form.product_id.data, form.quantity.data, user=_account())
            name = item.product.name_for(current_locale())
    except NotFound as gone:  # taken off sale meanwhile: said on the page the buyer came from
        flash(str(gone.message), "danger")
        return redirect(next_url)
    if not work.done:
        return redirect(next_url)
    flash(_("%(name)s is in your cart.", name=name), "success")
    return redirect(url_for("orders.cart"))


@bp.post("/cart/items/<int:item_id>")
def update_item(item_id: int):
    form = QuantityForm()
    if not form.validate_on_submit():
        abort(400)
    cart = _cart()
    if cart is None:
        abort(404)
    with unit_of_work(category=None) as work:
        carts.set_quantity(cart, item_id, form.quantity.data, user=_account())
    if work.error is not None:
        return _render_cart(
            _cart(),
            422,
            item_errors={item_id: work.error.message},
            typed={item_id: form.quantity.data},
        )
    flash(_("Your cart was updated."), "success")
    return redirect(url_for("orders.cart"))


@bp.post("/cart/items/<int:item_id>/remove")
def remove_item(item_id: int):
    cart = _cart()
    if cart is None:
        abort(404)
    with unit_of_work():
        carts.remove_item(cart, item_id)
    flash(_("The product was removed from your cart."), "info")
    return redirect(url_for("orders.cart"))


@bp.post("/cart/accept-changes")
def accept_changes():
    cart = _cart()
    if cart is not None:
        with unit_of_work():
            carts.accept_changes(cart, locale=current_locale())
    if request.form.get("next") == "checkout":
        return redirect(url_for("orders.checkout_page"))
    return redirect(url_for("orders.cart"))


def _checkout_form(data=None, cart=None) -> CheckoutForm:
    form = CheckoutForm(formdata=data)
    methods = [(m, payment_methods_label(m)) for m in checkout.available_payment_methods()]
    form.setup(country_choices(current_locale()), checkout.order_currencies(), methods)
    if data is None:
        user = _account()
        form.idempotency_key.data = secrets.token_urlsafe(24)
        form.cart_version.data = cart.checkout_version if cart is not None else 0
        form.name.data = user.display_name
        form.country.data = user.country or "ID"
        wanted = select_currency()
        form.currency.data = wanted if wanted in checkout.order_currencies() else "IDR"
    return form


def _checkout_currency(form: CheckoutForm) -> str:
    return form.currency.data if form.currency.data in checkout.order_currencies() else "IDR"


def _shipping_options(form: CheckoutForm, review):
    """(option, totals) for the address typed so far; none until the province or country is."""
    address = form.address()
    if not address.country or (address.country == "ID" and address.region not in PROVINCES):
        return []
    weight = parcel_weight((line.product, line.quantity) for line in review.purchasable)
    options = options_for(address.country, address.region, weight, current_locale())
    currency = _checkout_currency(form)
    return [
        (option, checkout.quote_totals(review, currency, option.price_idr, option.estimate_idr))
        for option in options
    ]


def _placing() -> bool:
    return request.method == "POST" and request.form.get("action") == "place"


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
@limiter.limit(
    config_limit("ORDER_CHECKOUT_LIMIT_IP", "10 per minute; 60 per hour"),
    key_func=get_remote_address,
    methods=["POST"],
    exempt_when=lambda: not _placing(),
)
@limiter.limit(
    config_limit("ORDER_CHECKOUT_LIMIT_USER", "5 per minute; 20 per hour"),
    key_func=user_or_ip,
    methods=["POST"],
    exempt_when=lambda: not _placing(),
)
def checkout_page():
    cart = _cart()
    review = _review(cart)
    if request.method == "GET":
        if review.is_empty:
            flash(_("Your cart is empty."), "info")
            return redirect(url_for("orders.cart"))
        return _render_checkout(_checkout_form(cart=cart), review)
    form = _checkout_form(request.form)
    if not form.validate_on_submit() or not form.check_address():
        return _render_checkout(form, _review(cart, country=form.country.data), status=422)
    if not _placing():
        return _render_checkout(form, _review(cart, country=form.country.data))
    with unit_of_work(category=None) as work:
        order, created = checkout.place_order(
            buyer=current_user,
            cart=cart,
            address=form.address(),
            shipping_key=form.shipping.data or "",
            currency=form.currency.data or "",
            payment_method=form.payment_method.data or "",
            note=form.note.data or "",
            idempotency_key=form.idempotency_key.data or "",
            cart_version=form.seen_cart_version(),
            locale=current_locale(),
        )
    if work.error is not None:
        return _checkout_refused(form, work.error)
    if created:
        flash(_("Thank you! Your order %(number)s is placed.", number=order.number), "success")
    elif order.idempotency_key != form.idempotency_key.data:
        flash(
            _(
                "This cart was already ordered as %(number)s (in another tab or window). "
                "Nothing was ordered twice.",
                number=order.number,
            ),
            "info",
        )
    return redirect(url_for("orders.order_detail", number=order.number))


def _checkout_refused(form: CheckoutForm, error: DomainError):
    """The checkout page again, saying why the order was not placed (nothing was written)."""
    if isinstance(error, checkout.AddressInvalid):
        form.check_address()
        return _render_checkout(form, _review(_cart()), status=422, error=error.message)
    if isinstance(error, checkout.CartChanged):
        # Tell the buyer what changed, apply it, and let them confirm the new totals.
        with unit_of_work():
            carts.accept_changes(_cart(), locale=current_locale())
        return _render_checkout(form, _review(_cart()), status=409, changes=error.changes)
    if isinstance(error, checkout.EmailNotConfirmed):
        # The page itself says what to do (confirm, with a button to resend).
        return _render_checkout(form, _review(_cart()), status=403)
    if error.field and hasattr(form, error.field):
        getattr(form, error.field).errors = [error.message]
    return _render_checkout(
        form,
        _review(_cart()),
        status=422,
        error=error.message,
        unpaid_limit=isinstance(error, checkout.UnpaidLimit),
    )


def _render_checkout(form, review, *, status=200, **context):
    options = _shipping_options(form, review)
    keys = [option.key for option, _totals in options]
    # The option the buyer picked, while it is still offered for this address and weight;
    # else the first (an option of another zone must not leave every radio unchecked).
    selected = form.shipping.data if form.shipping.data in keys else (keys[0] if keys else None)
    currency = _checkout_currency(form)
    return (
        render_template(
            "orders/checkout.html",
            form=form,
            review=review,
            priced=carts.priced(review, currency, checkout.order_rate(currency)),
            options=options,
            selected=selected,
            can_order=policies.can_reserve_stock(current_user),
            **context,
        ),
        status,
    )


@bp.get("/orders")
@login_required
def my_orders():
    page_number = parse_page(request.args.get("page"))
    query = policies.buyer_orders(current_user)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.limit(PER_PAGE).offset((page_number - 1) * PER_PAGE)).all()
    return render_template("orders/my_orders.html", page=Page(items, page_number, PER_PAGE, total))


def _visible(number: str):
    return policies.visible_order(current_user, number)  # NotFound: 404


@bp.get("/orders/<number>")
@login_required
def order_detail(number: str):
    order = _visible(number)
    return render_template(
        "orders/order_detail.html",
        order=order,
        cancel_form=CancelForm(),
        own=order.buyer_id == current_user.id,
        seller_name=seller_name,
    )


@bp.get("/orders/<number>/invoice.pdf")
@login_required
def invoice(number: str):
    order = _visible(number)
    pdf = invoice_pdf(order, current_locale())
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="invoice-{order.number}.pdf"'},
    )


@bp.post("/orders/<number>/cancel")
@login_required
def cancel_order(number: str):
    order = _visible(number)
    if order.buyer_id != current_user.id:
        abort(404)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    with unit_of_work() as work:
        fulfilment.cancel(order, actor=current_user, reason=form.reason.data or "")
    if work.done:
        flash(_("Order %(number)s is cancelled.", number=number), "info")
    return redirect(url_for("orders.order_detail", number=number))


@bp.post("/orders/<number>/received")
@login_required
def confirm_received(number: str):
    order = _visible(number)
    if order.buyer_id != current_user.id:
        abort(404)
    with unit_of_work() as work:
        fulfilment.complete(order, actor=current_user)
    if work.done:
        flash(_("Thank you for confirming."), "success")
    return redirect(url_for("orders.order_detail", number=number))


@bp.app_template_global()
def order_money(order, amount: int) -> str:
    return Money(int(amount), order.currency).format(current_locale())


@bp.app_template_global()
def order_money_with_idr(order, amount: int):
    """An order's amount with its rupiah value at the order's own rate (HTML pages only)."""
    return money_with_idr(Money(int(amount), order.currency), order.idr_per_unit_micro)


@bp.app_template_global()
def province_name(code: str) -> str:
    return PROVINCES.get(code or "", code or "")
