"""Read-only queries: inboxes, unread counts, response times, who may see which request."""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, bindparam, exists, false, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from trading_house.core.clock import utcnow
from trading_house.core.pagination import Page, count_rows
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db
from trading_house.inquiries.models import (
    INQUIRY_STATUSES,
    BuyingRequest,
    Inquiry,
    InquirySettings,
    Message,
    Participant,
    Report,
    RequestRoute,
)
from trading_house.inquiries.policies import member_enterprise_ids
from trading_house.inquiries.status import RequestStatus

RESPONSE_WINDOW = timedelta(days=90)
BOXES = ("buyer", "enterprise", "staff")


def settings() -> InquirySettings:
    """The area's settings row (defaults when an admin never saved them; never writes)."""
    row = db.session.get(InquirySettings, 1)
    return row if row is not None else InquirySettings(id=1, open_requests_to_category=False)


def _unread_condition(user_id: int):
    """True for a thread with a message from someone else after this user's read position."""
    # The read position is looked up for the message's own thread. Written against
    # ``Inquiry.id`` this subquery sat two levels below the outer query, was not correlated to
    # it, and read every thread's position (PostgreSQL: CardinalityViolation on every page;
    # SQLite: the first thread's position for all of them).
    mark = (
        select(Participant.last_read_message_id)
        .where(Participant.inquiry_id == Message.inquiry_id, Participant.user_id == user_id)
        .scalar_subquery()
    )
    return exists(
        select(Message.id).where(
            Message.inquiry_id == Inquiry.id,
            or_(Message.sender_id.is_(None), Message.sender_id != user_id),
            Message.id > func.coalesce(mark, 0),
        )
    )


def _box_condition(user, box: str):
    if box == "buyer":
        return Inquiry.buyer_id == user.id
    if box == "enterprise":
        return Inquiry.enterprise_id.in_(member_enterprise_ids(user))
    # staff: the threads they joined (the full list is filtered separately)
    return Inquiry.id.in_(
        select(Participant.inquiry_id).where(
            Participant.user_id == user.id, Participant.role == "staff"
        )
    )


def unread_threads(user) -> int:
    """How many of the user's threads have something new for them (the header badge)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    boxes = [_box_condition(user, "buyer"), _box_condition(user, "enterprise")]
    if user.is_staff:
        boxes.append(_box_condition(user, "staff"))
    return (
        db.session.scalar(
            select(func.count(Inquiry.id)).where(or_(*boxes), _unread_condition(user.id))
        )
        or 0
    )


def boxes_for(user) -> list[str]:
    """The inbox tabs the user has: as buyer, as enterprise member, as staff."""
    boxes = ["buyer"]
    if db.session.scalar(select(Membership.id).where(Membership.user_id == user.id).limit(1)):
        boxes.append("enterprise")
    if user.is_staff:
        boxes.append("staff")
    return boxes


@dataclass
class InboxRow:
    inquiry: Inquiry
    unread: bool
    reported: bool


def inbox_page(
    user, box: str, *, state: str | None = None, reported: bool = False, page=1, per_page=25
) -> Page:
    """One page of the user's threads in ``box`` (staff box: every thread), newest first."""
    stmt = select(Inquiry)
    if box == "staff":
        if not user.is_staff:
            stmt = stmt.where(false())
    else:
        stmt = stmt.where(_box_condition(user, box))
    if state in INQUIRY_STATUSES:
        stmt = stmt.where(Inquiry.status == state)
    open_report = exists(
        select(Report.id).where(Report.inquiry_id == Inquiry.id, Report.resolved_at.is_(None))
    )
    if reported:
        stmt = stmt.where(open_report)
    total = count_rows(stmt)
    rows = db.session.execute(
        stmt.add_columns(_unread_condition(user.id), open_report)
        .options(
            selectinload(Inquiry.buyer),
            selectinload(Inquiry.enterprise),
            selectinload(Inquiry.product),
        )
        .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [InboxRow(inquiry=i, unread=bool(u), reported=bool(r)) for i, u, r in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def state_counts(user, box: str) -> dict[str, int]:
    stmt = select(Inquiry.status, func.count(Inquiry.id)).group_by(Inquiry.status)
    if box != "staff":
        stmt = stmt.where(_box_condition(user, box))
    return dict(db.session.execute(stmt).all())


def enterprise_state_counts(enterprise) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(Inquiry.status, func.count(Inquiry.id))
            .where(Inquiry.enterprise_id == enterprise.id)
            .group_by(Inquiry.status)
        ).all()
    )


def response_hours(inquiry: Inquiry) -> float | None:
    if inquiry.first_response_at is None:
        return None
    return round((inquiry.first_response_at - inquiry.created_at).total_seconds() / 3600, 1)


#: The start and the first answer of an enterprise's answered threads begun since a moment;
#: built once (a product page asks it when rendered: building costs more than running it).
_ANSWERED_SINCE = select(Inquiry.created_at, Inquiry.first_response_at).where(
    Inquiry.enterprise_id == bindparam("enterprise_id"),
    Inquiry.created_at >= bindparam("since"),
    Inquiry.first_response_at.is_not(None),
)


def median_first_response_hours(enterprise) -> float | None:
    """Median hours from a thread's start to the enterprise's first answer, over threads begun
    in the last 90 days that were answered; None when there is none."""
    if enterprise is None:
        return None
    since = utcnow() - RESPONSE_WINDOW
    rows = db.session.execute(
        _ANSWERED_SINCE, {"enterprise_id": enterprise.id, "since": since}
    ).all()
    if not rows:
        return None
    hours = [
        (answered - started).total_seconds() / 3600
        for started, answered in rows
        if answered is not None  # filtered in SQL already; this tells the type checker
    ]
    return round(statistics.median(hours), 1)


def enterprises_in_category(category_id: int) -> list[int]:
    """Enterprises with a published product in the category (or one of its children)."""
    from trading_house.catalog.models import Category, Product
    from trading_house.catalog.status import ProductStatus

    categories = select(Category.id).where(
        or_(Category.id == category_id, Category.parent_id == category_id)
    )
    return list(
        db.session.scalars(
            select(Product.enterprise_id)
            .where(Product.status == ProductStatus.APPROVED, Product.category_id.in_(categories))
            .distinct()
        )
    )


def requests_for_staff(status: str | None = None, page=1, per_page=25) -> Page:
    stmt = select(BuyingRequest)
    if status:
        stmt = stmt.where(BuyingRequest.status == status)
    total = count_rows(stmt)
    items = db.session.scalars(
        stmt.options(selectinload(BuyingRequest.buyer), selectinload(BuyingRequest.category))
        .order_by(BuyingRequest.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def requests_of_buyer(user) -> list[BuyingRequest]:
    return list(
        db.session.scalars(
            select(BuyingRequest)
            .where(BuyingRequest.buyer_id == user.id)
            .order_by(BuyingRequest.id.desc())
        )
    )


def requests_for_enterprises(user, *, open_to_category: bool) -> list[BuyingRequest]:
    """Requests routed to the user's enterprises, plus (if open) those in their categories."""
    mine = member_enterprise_ids(user)
    conditions: list[ColumnElement[bool]] = [
        BuyingRequest.id.in_(
            select(RequestRoute.buying_request_id).where(RequestRoute.enterprise_id.in_(mine))
        )
    ]
    if open_to_category:
        from trading_house.catalog.models import Category, Product
        from trading_house.catalog.status import ProductStatus

        parent = aliased(Category)
        product_categories = (
            select(Product.category_id)
            .where(Product.status == ProductStatus.APPROVED, Product.enterprise_id.in_(mine))
            .subquery()
        )
        categories = select(Category.id).where(
            or_(
                Category.id.in_(select(product_categories.c.category_id)),
                Category.id.in_(
                    select(parent.parent_id).where(
                        parent.id.in_(select(product_categories.c.category_id))
                    )
                ),
            )
        )
        conditions.append(
            and_(
                BuyingRequest.status != RequestStatus.CLOSED,
                BuyingRequest.category_id.in_(categories),
            )
        )
    return list(
        db.session.scalars(
            select(BuyingRequest)
            .where(or_(*conditions))
            .options(selectinload(BuyingRequest.category))
            .order_by(BuyingRequest.id.desc())
            .limit(100)
        )
    )


def routable_enterprises(request: BuyingRequest) -> list[tuple[Enterprise, bool]]:
    """Every enterprise, those making products in the request's category first."""
    matching = set(enterprises_in_category(request.category_id))
    enterprises = db.session.scalars(select(Enterprise).order_by(Enterprise.name)).all()
    return sorted(
        ((e, e.id in matching) for e in enterprises), key=lambda pair: (not pair[1], pair[0].name)
    )


def thread_unread_for(user, inquiry: Inquiry) -> int:
    mark = db.session.scalar(
        select(Participant.last_read_message_id).where(
            Participant.inquiry_id == inquiry.id, Participant.user_id == user.id
        )
    )
    return (
        db.session.scalar(
            select(func.count(Message.id)).where(
                Message.inquiry_id == inquiry.id,
                or_(Message.sender_id.is_(None), Message.sender_id != user.id),
                Message.id > (mark or 0),
            )
        )
        or 0
    )


def open_reports() -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.resolved_at.is_(None))
            .options(selectinload(Report.inquiry), selectinload(Report.reporter))
            .order_by(Report.id)
        )
    )
