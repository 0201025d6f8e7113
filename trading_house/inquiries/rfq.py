"""Buying requests (RFQs): posting, routing to enterprises, closing.

A buying request is not addressed to anyone. Curators route it to suitable enterprises (each
gets its own thread with the buyer), or — when an admin opens requests to categories — every
enterprise with published products in its category may take it up. For a request larger than
one enterprise can supply, a curator composes a pooled quotation (``pools.py``).
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.catalog.models import Category
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import record_creation, transition
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import member_enterprise
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import BuyingRequest, Inquiry, RequestRoute
from trading_house.inquiries.queries import enterprises_in_category, settings
from trading_house.inquiries.services import (
    add_message,
    check_target_price,
    check_text,
    check_trade_quantity,
    check_trade_terms,
)
from trading_house.inquiries.status import InquiryStatus, RequestStatus


def post_request(
    buyer,
    *,
    category_id: int,
    title: str,
    description: str,
    quantity: int,
    unit: str,
    destination_country: str,
    date_needed: date,
    incoterm: str | None = None,
    target_price: int | None = None,
    target_currency: str | None = None,
) -> BuyingRequest:
    """A buyer posts a buying request; curators are told so they can route it."""
    policies.require_can_send(buyer)
    if db.session.get(Category, category_id or 0) is None:
        raise DomainError(_l("Choose a category from the list."), field="category_id")
    title = check_text(title, field="title", minimum=3, maximum=200)
    description = check_text(description, field="description", minimum=10)
    check_trade_quantity(quantity, unit)
    check_trade_terms(
        destination_country=destination_country,
        incoterm=incoterm,
        date_needed=date_needed,
        required=False,
    )
    if date_needed is None:
        raise DomainError(_l("Enter the date you need the goods."), field="date_needed")
    check_target_price(target_price, target_currency)
    request = BuyingRequest(
        buyer_id=buyer.id,
        category_id=category_id,
        title=title,
        description=description,
        quantity=quantity,
        unit=unit,
        destination_country=destination_country,
        incoterm=incoterm,
        date_needed=date_needed,
        target_price=target_price,
        target_currency=target_currency if target_price is not None else None,
        status=RequestStatus.OPEN,
    )
    db.session.add(request)
    record_creation(request, actor=buyer)
    notify.send(
        notify.curators(),
        _l("New buying request: %(title)s", title=request.title),
        "inquiry_request_new",
        request=request,
        link=public_url("inquiries.request_detail", request_id=request.id),
    )
    return request


def route_request(curator, request: BuyingRequest, enterprise_ids) -> list[Inquiry]:
    """A curator shows the request to enterprises: each gets a thread with the buyer."""
    policies.require_staff_or_not_found(curator)
    if request.is_closed:
        raise DomainError(_l("This buying request is closed."))
    ids = sorted({int(i) for i in enterprise_ids or ()})
    if not ids:
        raise DomainError(_l("Choose at least one enterprise."), field="enterprise_ids")
    enterprises = db.session.scalars(select(Enterprise).where(Enterprise.id.in_(ids))).all()
    if len(enterprises) != len(ids):
        raise DomainError(_l("Choose enterprises from the list."), field="enterprise_ids")
    routes = [_open_route(request, e, routed_by=curator) for e in enterprises]
    threads = [t for t in routes if t is not None]
    if request.is_open and threads:
        transition(request, RequestStatus.ROUTED, actor=curator)
    return threads


def take_up_request(user, request: BuyingRequest, enterprise_id) -> Inquiry:
    """With requests open to categories, an enterprise of the category answers by itself."""
    if not settings().open_requests_to_category:
        raise NotFound(_l("This buying request does not exist."))
    enterprise = member_enterprise(user, enterprise_id)
    if request.is_closed:
        raise DomainError(_l("This buying request is closed."))
    if enterprise.id not in enterprises_in_category(request.category_id):
        raise NotFound(_l("This buying request does not exist."))
    existing = db.session.scalar(
        select(RequestRoute).where(
            RequestRoute.buying_request_id == request.id,
            RequestRoute.enterprise_id == enterprise.id,
        )
    )
    if existing is not None:
        return existing.inquiry
    inquiry = _open_route(request, enterprise, routed_by=None)
    assert inquiry is not None  # no route to this enterprise yet: checked just above
    if request.is_open:
        transition(request, RequestStatus.ROUTED, actor=user, reason="taken up by an enterprise")
    return inquiry


def _open_route(request: BuyingRequest, enterprise: Enterprise, *, routed_by) -> Inquiry | None:
    exists = db.session.scalar(
        select(RequestRoute.id).where(
            RequestRoute.buying_request_id == request.id,
            RequestRoute.enterprise_id == enterprise.id,
        )
    )
    if exists:
        return None
    inquiry, first = open_request_thread(
        request, kind="request", enterprise_id=enterprise.id, actor=routed_by
    )
    db.session.add(
        RequestRoute(
            buying_request_id=request.id,
            enterprise_id=enterprise.id,
            inquiry_id=inquiry.id,
            routed_by_id=getattr(routed_by, "id", None),
        )
    )
    db.session.flush()
    notify.send(
        notify.enterprise_members(enterprise.id),
        _l("A buying request for you: %(title)s", title=request.title),
        "inquiry_new",
        inquiry=inquiry,
        message=first,
        link=notify.thread_url(inquiry),
    )
    return inquiry


def open_request_thread(request: BuyingRequest, *, kind: str, enterprise_id: int | None, actor):
    """A thread about ``request`` with one enterprise (``kind="request"``) or with the trading
    house (``kind="pooled"``, no enterprise), opened with the buyer's description; returns the
    thread and that first message."""
    inquiry = Inquiry(
        kind=kind,
        buyer_id=request.buyer_id,
        enterprise_id=enterprise_id,
        buying_request_id=request.id,
        subject=request.title,
        quantity=request.quantity,
        unit=request.unit,
        target_price=request.target_price,
        target_currency=request.target_currency,
        destination_country=request.destination_country,
        incoterm=request.incoterm,
        date_needed=request.date_needed,
        status=InquiryStatus.OPEN,
    )
    db.session.add(inquiry)
    record_creation(inquiry, actor=actor)
    first = add_message(inquiry, request.buyer, "buyer", request.description)
    return inquiry, first


def close_request(user, request: BuyingRequest) -> BuyingRequest:
    """The buyer (or a curator) closes a request: no new routes or pools."""
    if request.buyer_id != user.id:
        policies.require_staff_or_not_found(user)
    transition(request, RequestStatus.CLOSED, actor=user)
    return request
