"""Who may see and do what with threads, quotations, samples and requests: the ONE place.

A thread (with its messages, attachments, quotations and samples) is visible to its buyer, the
members of its enterprise, and the trading house's staff (curators and admins). Everyone else
gets ``NotFound`` — a 404, so ids cannot be probed. Every route (pages, files, PDFs, the JSON
API) loads threads through :func:`visible_inquiries` / :func:`get_inquiry`.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, or_, select

from trading_house.accounts.policies import is_staff
from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.enterprises.models import Membership
from trading_house.enterprises.policies import member_enterprise_ids
from trading_house.extensions import db
from trading_house.inquiries.models import Block, BuyingRequest, Inquiry, RequestRoute
from trading_house.inquiries.quotation_models import PoolLine, Quotation, SampleRequest

THREAD_NOT_FOUND = _l("This conversation does not exist.")


def _uid(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "id", None)


def visible_inquiries(user) -> Select:
    """A select of the threads ``user`` may read."""
    uid = _uid(user)
    if uid is None:
        return select(Inquiry).where(false())
    if user.is_staff:
        return select(Inquiry)
    return select(Inquiry).where(
        or_(Inquiry.buyer_id == uid, Inquiry.enterprise_id.in_(member_enterprise_ids(user)))
    )


def get_inquiry(user, inquiry_id) -> Inquiry:
    """One visible thread, or NotFound."""
    try:
        inquiry_id = int(inquiry_id)
    except (TypeError, ValueError):
        raise NotFound(THREAD_NOT_FOUND) from None
    inquiry = db.session.scalar(visible_inquiries(user).where(Inquiry.id == inquiry_id))
    if inquiry is None:
        raise NotFound(THREAD_NOT_FOUND)
    return inquiry


def side_of(user, inquiry: Inquiry) -> str | None:
    """buyer, enterprise or staff (in that order of precedence), or None."""
    uid = _uid(user)
    if uid is None:
        return None
    if inquiry.buyer_id == uid:
        return "buyer"
    if inquiry.enterprise_id is not None and db.session.scalar(
        select(Membership.id).where(
            Membership.user_id == uid, Membership.enterprise_id == inquiry.enterprise_id
        )
    ):
        return "enterprise"
    if user.is_staff:
        return "staff"
    return None


def get_quotation(user, quotation_id) -> Quotation:
    """A quotation of a thread the user may read, or NotFound."""
    quotation = _by_id(Quotation, quotation_id, _l("This quotation does not exist."))
    get_inquiry(user, quotation.inquiry_id)
    return quotation


def get_sample(user, sample_id) -> SampleRequest:
    sample = _by_id(SampleRequest, sample_id, _l("This sample request does not exist."))
    get_inquiry(user, sample.inquiry_id)
    return sample


def _by_id(model, object_id, message):
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        raise NotFound(message) from None
    obj = db.session.get(model, object_id)
    if obj is None:
        raise NotFound(message)
    return obj


# --- what each side may do -----------------------------------------------------------------


def require_buyer(user, inquiry: Inquiry) -> None:
    """Only the buyer accepts or declines what the seller offers."""
    if side_of(user, inquiry) != "buyer":
        raise PermissionDenied(_l("Only the buyer can answer this."))


def require_seller(user, inquiry: Inquiry) -> None:
    """The enterprise's members quote; on a pooled thread the trading house's staff do."""
    side = side_of(user, inquiry)
    if inquiry.is_pooled and side == "staff":
        return
    if side != "enterprise":
        raise PermissionDenied(_l("Only the seller can do this."))


def require_staff_or_not_found(user) -> None:
    """Staff pages and actions of inquiries: for anyone else they do not exist (404, not 403)."""
    if not is_staff(user):
        raise NotFound(_l("This page does not exist."))


def require_can_send(user) -> None:
    """Sending anything needs a confirmed e-mail address and no block."""
    if not user.email_verified:
        raise PermissionDenied(
            _l("Please confirm your e-mail address before you send inquiries or messages.")
        )
    if is_blocked(user):
        raise PermissionDenied(
            _l("Your account may not send inquiries or messages. Please contact the trading house.")
        )


def is_blocked(user) -> bool:
    return db.session.scalar(select(Block.id).where(Block.user_id == _uid(user))) is not None


# --- buying requests and pool lines -----------------------------------------------------------


def get_buying_request(user, request_id, *, open_to_category: bool) -> BuyingRequest:
    """A buying request for its buyer, staff, enterprises it was routed to, and (when requests
    are open to categories) enterprises with published products in its category."""
    request = _by_id(BuyingRequest, request_id, _l("This buying request does not exist."))
    uid = _uid(user)
    if uid is None:
        raise NotFound(_l("This buying request does not exist."))
    if request.buyer_id == uid or user.is_staff:
        return request
    mine = set(db.session.scalars(member_enterprise_ids(user)))
    routed = set(
        db.session.scalars(
            select(RequestRoute.enterprise_id).where(RequestRoute.buying_request_id == request.id)
        )
    )
    if mine & routed:
        return request
    if open_to_category and not request.is_closed:
        from trading_house.inquiries.queries import enterprises_in_category

        if mine & set(enterprises_in_category(request.category_id)):
            return request
    raise NotFound(_l("This buying request does not exist."))


def get_pool_line(user, line_id) -> PoolLine:
    """A pool line of one of the user's enterprises (staff see all), or NotFound."""
    line = _by_id(PoolLine, line_id, _l("This request for a quantity does not exist."))
    if is_staff(user):
        return line
    mine = set(db.session.scalars(member_enterprise_ids(user)))
    if line.enterprise_id not in mine:
        raise NotFound(_l("This request for a quantity does not exist."))
    return line
