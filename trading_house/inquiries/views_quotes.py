"""Quotation and sample routes (on the ``inquiries`` blueprint)."""

from datetime import timedelta

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.core.templating import current_locale, has_endpoint
from trading_house.extensions import db
from trading_house.inquiries import policies, quotations, samples
from trading_house.inquiries.blueprint import bp
from trading_house.inquiries.forms import (
    QuotationForm,
    ReasonForm,
    SampleOfferForm,
    SampleRequestForm,
)
from trading_house.inquiries.quotation_models import Quotation
from trading_house.inquiries.terms import trading_today
from trading_house.inquiries.views import (
    back_to,
    inquiry_work,
    refused,
    render_thread,
    send_limits,
    thread_or_404,
)
from trading_house.trade_documents.sales import proforma_pdf


def _quotation_or_404(quotation_id: int) -> Quotation:
    try:
        return policies.get_quotation(current_user, quotation_id)
    except NotFound:
        abort(404)


def _sample_or_404(sample_id: int):
    try:
        return policies.get_sample(current_user, sample_id)
    except NotFound:
        abort(404)


def _after_acceptance(result, inquiry):
    if result.order_number and has_endpoint("orders.order_detail"):
        return redirect(url_for("orders.order_detail", number=result.order_number))
    return back_to(inquiry)


# --- quoting -------------------------------------------------------------------------------


def _prefill(form: QuotationForm, inquiry) -> None:
    previous = db.session.scalar(
        select(Quotation).where(Quotation.inquiry_id == inquiry.id).order_by(Quotation.id.desc())
    )
    if previous is not None:
        line = previous.lines[0] if previous.lines else None
        form.unit_price.data = line.unit_price if line else None
        form.currency.data = previous.currency
        form.quantity.data = previous.quantity
        form.moq.data = previous.moq
        form.incoterm.data = previous.incoterm
        form.named_place.data = previous.named_place
        form.lead_time_days.data = previous.lead_time_days
        form.payment_terms.data = previous.payment_terms
        form.notes.data = previous.notes
        if "product_id" in form and line:
            form.product_id.data = line.product_id
    else:
        product = inquiry.product
        form.quantity.data = inquiry.quantity
        form.incoterm.data = inquiry.incoterm or "FOB"
        form.named_place.data = "Makassar"
        form.currency.data = inquiry.target_currency or "USD"
        form.payment_terms.data = "bank_transfer"
        if product is not None:
            form.moq.data = product.export_moq
            form.lead_time_days.data = product.lead_time_days
    form.valid_until.data = trading_today() + timedelta(days=30)


@bp.route("/<int:inquiry_id>/quote", methods=["GET", "POST"])
@login_required
def new_quotation(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    try:
        policies.require_seller(current_user, inquiry)
    except PermissionDenied:
        abort(403)
    if inquiry.is_pooled:
        abort(404)
    products = None
    if inquiry.product is None:
        products = [
            (p.id, p.name_for(current_locale()))
            for p in db.session.scalars(
                select(Product)
                .where(
                    Product.enterprise_id == inquiry.enterprise_id,
                    Product.status == ProductStatus.APPROVED,
                )
                .order_by(Product.name_english)
            )
        ]
    form = QuotationForm(products=products)
    if not form.is_submitted():
        _prefill(form, inquiry)
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            quotations.issue_quotation(
                current_user,
                inquiry,
                unit_price=form.unit_price.data,
                currency=form.currency.data,
                quantity=form.quantity.data,
                moq=form.moq.data,
                incoterm=form.incoterm.data,
                named_place=form.named_place.data,
                lead_time_days=form.lead_time_days.data,
                valid_until=form.valid_until.data,
                payment_terms=form.payment_terms.data,
                notes=form.notes.data or "",
                product_id=form.product_id.data if "product_id" in form else None,
                price_confirmed=form.price_confirmed(form.unit_price.money),
            )
        if work.done:
            flash(_("Your quotation was sent to the buyer."), "success")
            return back_to(inquiry, anchor="quotations")
    status = 422 if form.is_submitted() else 200
    return render_template("inquiries/quote.html", form=form, inquiry=inquiry), status


# --- the buyer's answer ----------------------------------------------------------------------


@bp.post("/quotations/<int:quotation_id>/accept")
@login_required
def accept_quotation(quotation_id: int):
    quotation = _quotation_or_404(quotation_id)
    inquiry = quotation.inquiry
    with inquiry_work() as work:  # an expired quotation keeps its "expired" mark
        result = quotations.accept_quotation(quotation, current_user)
    if not work.done:
        expired = isinstance(work.error, quotations.QuotationExpired)
        return back_to(inquiry, anchor="quotations" if expired else None)
    if result.already:
        flash(_("This quotation was already accepted."), "info")
    else:
        flash(
            _(
                "You accepted quotation %(number)s. The seller has been told.",
                number=quotation.number,
            ),
            "success",
        )
    return _after_acceptance(result, inquiry)


@bp.post("/quotations/<int:quotation_id>/decline")
@login_required
def decline_quotation(quotation_id: int):
    quotation = _quotation_or_404(quotation_id)
    return _decline(
        quotation.inquiry,
        lambda reason: quotations.decline_quotation(quotation, current_user, reason),
        _("You declined the quotation."),
        anchor="quotations",
    )


@bp.get("/quotations/<int:quotation_id>/proforma.pdf")
@login_required
def proforma(quotation_id: int):
    """The proforma invoice, for the two parties and staff only (everyone else: 404)."""
    quotation = _quotation_or_404(quotation_id)
    response = make_response(proforma_pdf(quotation, locale=current_locale()))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="proforma-{quotation.number}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- samples -------------------------------------------------------------------------------


@bp.post("/<int:inquiry_id>/sample")
@login_required
@send_limits
def request_sample(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    form = SampleRequestForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            samples.request_sample(
                current_user, inquiry, quantity=form.sample_quantity.data, note=form.note.data
            )
        if work.done:
            flash(_("Your sample request was sent."), "success")
            return back_to(inquiry, anchor="samples")
        if refused(work):
            return back_to(inquiry)
    return render_thread(inquiry, status=422, sample_form=form)


@bp.post("/samples/<int:sample_id>/offer")
@login_required
def offer_sample(sample_id: int):
    sample = _sample_or_404(sample_id)
    inquiry = sample.inquiry
    form = SampleOfferForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            samples.offer_sample(
                current_user,
                sample,
                price=0 if form.free.data else form.price.data,
                currency=form.currency.data,
                shipping_paid_by=form.shipping_paid_by.data,
            )
        if work.done:
            flash(_("Your sample offer was sent to the buyer."), "success")
            return back_to(inquiry, anchor="samples")
        if refused(work):
            return back_to(inquiry)
    return render_thread(inquiry, status=422, offer_form=form)


@bp.post("/samples/<int:sample_id>/accept")
@login_required
def accept_sample(sample_id: int):
    sample = _sample_or_404(sample_id)
    inquiry = sample.inquiry
    with inquiry_work() as work:
        result = samples.accept_sample(sample, current_user)
    if not work.done:
        return back_to(inquiry)
    if result.already:
        flash(_("This sample offer was already accepted."), "info")
    else:
        flash(_("You accepted the sample offer."), "success")
    return _after_acceptance(result, inquiry)


@bp.post("/samples/<int:sample_id>/decline")
@login_required
def decline_sample(sample_id: int):
    sample = _sample_or_404(sample_id)
    return _decline(
        sample.inquiry,
        lambda reason: samples.decline_sample(current_user, sample, reason),
        _("The sample request was declined."),
        anchor="samples",
    )


def _decline(inquiry, decline, done: str, *, anchor: str):
    """Shared by quotation and sample declines: a reason is required; errors stay on the thread."""
    form = ReasonForm()
    if not form.validate_on_submit():
        return render_thread(inquiry, status=422, decline_form=form)
    with inquiry_work(form) as work:
        decline(form.reason.data)
    if work.done:
        flash(done, "success")
        return back_to(inquiry, anchor=anchor)
    if work.error is None or not work.error.field:
        return back_to(inquiry)
    return render_thread(inquiry, status=422, decline_form=form)


@bp.post("/samples/<int:sample_id>/cancel")
@login_required
def cancel_sample(sample_id: int):
    sample = _sample_or_404(sample_id)
    with inquiry_work() as work:
        samples.cancel_sample(current_user, sample)
    if not work.done:
        return back_to(sample.inquiry)
    flash(_("Your sample request was cancelled."), "success")
    return back_to(sample.inquiry, anchor="samples")
