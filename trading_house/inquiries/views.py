"""Inquiry threads: inbox, asking from a product page, messages, moderation, attachments.

Quotations and samples: ``views_quotes.py``; buying requests: ``views_rfq.py``; pools:
``views_pools.py``; moderation: ``views_moderation.py`` (all add routes to this blueprint).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.fragments import cached_group_value, fragment_group
from trading_house.core.money import Money
from trading_house.core.pagination import parse_page
from trading_house.core.templating import current_locale
from trading_house.core.uow import Work, show_error, unit_of_work
from trading_house.core.uploads import document_response, limit_uploads
from trading_house.extensions import db, limiter
from trading_house.inquiries import policies, queries, services, terms
from trading_house.inquiries.blueprint import bp
from trading_house.inquiries.forms import (
    BlockForm,
    CloseForm,
    InquiryForm,
    MessageForm,
    ReasonForm,
    SampleOfferForm,
    SampleRequestForm,
)
from trading_house.inquiries.models import INQUIRY_STATUSES, Attachment, Message, Participant
from trading_house.inquiries.price_check import PriceNeedsConfirmation
from trading_house.inquiries.quotation_models import Quotation, SampleRequest
from trading_house.inquiries.quotations import is_past_validity

# --- rate limits: per signed-in user AND per IP address --------------------------------------


def _user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def _configured_limit(key: str, default: str):
    return lambda: current_app.config.get(key, default)


def send_limits(view):
    """Everything that sends something to another person shares one budget per user and per IP."""
    view = limit_uploads(view)  # attachments also count against the upload budget
    view = limiter.shared_limit(
        _configured_limit("INQUIRY_SEND_LIMIT_IP", "60 per hour"),
        scope="inquiries-send-ip",
        key_func=get_remote_address,
        methods=["POST"],
    )(view)
    return limiter.shared_limit(
        _configured_limit("INQUIRY_SEND_LIMIT_USER", "5 per minute; 30 per hour; 100 per day"),
        scope="inquiries-send-user",
        key_func=_user_key,
        methods=["POST"],
    )(view)


# --- helpers -----------------------------------------------------------------------------------


@contextmanager
def inquiry_work(form=None) -> Iterator[Work]:
    """The unit of work of this area's views (``core/uow.py``), shown the way its pages need.

    A domain error goes next to the form field it names, else into a flash message (the thread
    page holds several small forms); a price that needs confirming asks for it on the form. A
    refusal (``PermissionDenied``) is rolled back and flashed too, so that a view on a visible
    thread can go back to it (:func:`refused`) instead of answering 403.
    """
    work = Work()
    try:
        with unit_of_work(form, category=None) as work:
            yield work
    except PermissionDenied as error:  # unit_of_work rolled it back
        work.error = error
    if work.error is not None:
        _show(work.error, form)


def refused(work: Work) -> bool:
    return isinstance(work.error, PermissionDenied)


def _show(error: DomainError, form) -> None:
    if isinstance(error, PriceNeedsConfirmation) and form is not None:
        form.ask_to_confirm(error.warning)
    elif form is not None and error.field and getattr(form, error.field, None) is not None:
        show_error(error, form)
    else:
        show_error(error)


def uploaded(field_name: str = "attachments") -> list[tuple[str, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist(field_name) if f and f.filename]


def thread_or_404(inquiry_id: int):
    try:
        return policies.get_inquiry(current_user, inquiry_id)
    except NotFound:
        abort(404)


def back_to(inquiry, anchor: str | None = None):
    return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id, _anchor=anchor))


@bp.app_template_global()
def inquiry_unread_count() -> int:
    return queries.unread_threads(current_user)


bp.add_app_template_global(queries.median_first_response_hours)
# The response time a product or business page shows: a statistic over an enterprise's threads,
# kept per enterprise until an inquiry changes (or ten minutes pass: its window moves).
RESPONSE_TIMES = "response-times"
fragment_group(RESPONSE_TIMES, "inquiries")


@bp.app_template_global()
def enterprise_response_hours(enterprise) -> float | None:
    if enterprise is None:
        return None
    return cached_group_value(
        RESPONSE_TIMES,
        str(enterprise.id),
        lambda: queries.median_first_response_hours(enterprise),
    )


bp.add_app_template_global(queries.enterprise_state_counts, "inquiry_state_counts")
bp.add_app_template_global(services.notice_text)
bp.add_app_template_global(terms.incoterm_label)
bp.add_app_template_global(terms.payment_terms_label)
bp.add_app_template_global(terms.shipping_payer_label)


@bp.app_template_global()
def money_of(amount, currency):
    """``Money`` from minor units and a currency (None when either is missing)."""
    if amount is None or not currency:
        return None
    return Money(int(amount), currency)


@bp.app_template_global()
def destination_name(code) -> str:
    """A country's name in the reader's language (ISO 3166-1 alpha-2 code)."""
    return terms.country_name(code, current_locale())


# --- inbox ---------------------------------------------------------------------------------


@bp.get("/")
@login_required
def inbox():
    boxes = queries.boxes_for(current_user)
    box = request.args.get("box")
    if box not in boxes:
        box = "enterprise" if "enterprise" in boxes and current_user.has_role("sme") else boxes[0]
        if current_user.is_staff and box == "buyer":
            box = "staff"
    state = request.args.get("state")
    state = state if state in INQUIRY_STATUSES else None
    reported = request.args.get("reported") == "1" and box == "staff"
    page = queries.inbox_page(
        current_user, box, state=state, reported=reported, page=parse_page(request.args.get("page"))
    )
    enterprises = []
    if box == "enterprise":
        from trading_house.enterprises.policies import user_enterprises

        enterprises = user_enterprises(current_user)
    return render_template(
        "inquiries/inbox.html",
        boxes=boxes,
        box=box,
        state=state,
        reported=reported,
        page=page,
        counts=queries.state_counts(current_user, box),
        enterprises=enterprises,
        response_hours=queries.response_hours,
        statuses=INQUIRY_STATUSES,
    )


# --- asking from a product page ---------------------------------------------------------------


def _published_product(product_id: int) -> Product:
    product = db.session.scalar(
        select(Product).where(Product.id == product_id, Product.status == ProductStatus.APPROVED)
    )
    if product is None:
        abort(404)
    return product


@bp.route("/ask/<int:product_id>", methods=["GET", "POST"])
@login_required
@send_limits
def new_inquiry(product_id: int):
    product = _published_product(product_id)
    form = InquiryForm()
    if not form.is_submitted():
        form.unit.data = product.export_unit
        form.quantity.data = product.export_moq
        form.target_currency.data = current_user.preferred_currency or "USD"
        if current_user.country:
            form.destination.data = current_user.country
        form.message.data = _(
            "Hello, I would like a quotation for %(product)s. Please tell me your price, "
            "lead time and payment terms.",
            product=product.name_for(current_locale()),
        )
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            inquiry = services.start_inquiry(
                current_user,
                product,
                quantity=form.quantity.data,
                unit=form.unit.data,
                destination_country=form.destination.data,
                incoterm=form.incoterm.data,
                date_needed=form.date_needed.data,
                message=form.message.data,
                target_price=form.target_price.data,
                target_currency=form.target_currency.data,
                attachments=uploaded(),
                locale=current_locale(),
                sample_quantity=form.sample_quantity.data,
            )
        if work.done:
            flash(_("Your inquiry was sent. The seller will answer here."), "success")
            return back_to(inquiry)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "inquiries/new_inquiry.html",
        form=form,
        product=product,
        want_sample=request.args.get("sample") == "1" or bool(form.sample_quantity.data),
    ), status


# --- a thread ------------------------------------------------------------------------------


def render_thread(inquiry, status=200, **forms):
    side = policies.side_of(current_user, inquiry)
    messages = db.session.scalars(
        select(Message)
        .where(Message.inquiry_id == inquiry.id)
        .options(
            selectinload(Message.sender),
            selectinload(Message.attachments).selectinload(Attachment.document),
            selectinload(Message.quotation).selectinload(Quotation.lines),
            selectinload(Message.sample),
        )
        .order_by(Message.id)
    ).all()
    quotations = db.session.scalars(
        select(Quotation).where(Quotation.inquiry_id == inquiry.id).order_by(Quotation.id)
    ).all()
    samples = db.session.scalars(
        select(SampleRequest)
        .where(SampleRequest.inquiry_id == inquiry.id)
        .order_by(SampleRequest.id)
    ).all()
    reads = dict(
        db.session.execute(
            select(Participant.role, func.max(Participant.last_read_message_id))
            .where(Participant.inquiry_id == inquiry.id, Participant.user_id != current_user.id)
            .group_by(Participant.role)
        ).all()
    )
    forms.setdefault("message_form", MessageForm())
    forms.setdefault("decline_form", ReasonForm())
    forms.setdefault("sample_form", SampleRequestForm())
    forms.setdefault("offer_form", SampleOfferForm())
    forms.setdefault("report_form", ReasonForm())
    forms.setdefault("close_form", CloseForm())
    forms.setdefault("block_form", BlockForm())
    return render_template(
        "inquiries/thread.html",
        inquiry=inquiry,
        side=side,
        messages=messages,
        quotations=quotations,
        samples=samples,
        seen_by_buyer=reads.get("buyer", 0),
        seen_by_seller=max(
            reads.get("enterprise", 0), reads.get("staff", 0) if inquiry.is_pooled else 0
        ),
        unread=queries.thread_unread_for(current_user, inquiry),
        joined=services.is_participant(current_user, inquiry),
        can_send=current_user.email_verified and not policies.is_blocked(current_user),
        is_past_validity=is_past_validity,
        **forms,
    ), status


@bp.get("/<int:inquiry_id>")
@login_required
def thread(inquiry_id: int):
    return render_thread(thread_or_404(inquiry_id))


@bp.post("/<int:inquiry_id>/messages")
@login_required
@send_limits
def post_message(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    form = MessageForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            message = services.post_message(
                current_user,
                inquiry,
                form.body.data,
                attachments=uploaded(),
                locale=current_locale(),
            )
        if work.done:
            return back_to(inquiry, anchor=f"m{message.id}")
        if refused(work):
            return back_to(inquiry)
    return render_thread(inquiry, status=422, message_form=form)


@bp.post("/<int:inquiry_id>/read")
@login_required
def mark_read(inquiry_id: int):
    """Called by the thread page's script (or its no-script button): no writes on GET."""
    inquiry = thread_or_404(inquiry_id)
    with unit_of_work():
        services.mark_thread_read(current_user, inquiry)
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return {"unread": queries.unread_threads(current_user)}
    return back_to(inquiry)


@bp.post("/<int:inquiry_id>/join")
@login_required
def join(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    with unit_of_work() as work:
        services.join(current_user, inquiry)
    if work.done:
        flash(_("You joined this conversation; you will get its e-mails."), "success")
    return back_to(inquiry)


# --- files ------------------------------------------------------------------------------------


@bp.get("/<int:inquiry_id>/attachments/<int:attachment_id>")
@login_required
def attachment(inquiry_id: int, attachment_id: int):
    """A thread's attachment, only for those who see the thread (everyone else: 404)."""
    inquiry = thread_or_404(inquiry_id)
    row = db.session.execute(
        select(Attachment)
        .join(Message, Message.id == Attachment.message_id)
        .where(Attachment.id == attachment_id, Message.inquiry_id == inquiry.id)
    ).scalar_one_or_none()
    if row is None:
        abort(404)
    return document_response(row.document)
