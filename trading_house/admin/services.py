"""Admin use cases: finding users, browsing the audit log, exchange rates, enterprises."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, or_, select

from trading_house.accounts.models import ROLES, User, UserRole
from trading_house.core import audit
from trading_house.core.errors import DomainError
from trading_house.core.forms import plain_number
from trading_house.core.models import AuditEntry, ExchangeRate
from trading_house.core.money_input import MoneyInputError, parse_number
from trading_house.core.pagination import Page, page_count
from trading_house.core.rates import set_rate
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.status import VERIFICATION_STATES, VerificationStatus
from trading_house.extensions import db

PER_PAGE = 25
#: The currencies an admin sets rates for (IDR is the base).
RATE_CURRENCIES = ("USD", "EUR", "SGD", "MYR", "JPY", "CNY", "AUD", "SAR")
#: A sanity bound: no currency on our list costs more than this many rupiah per unit.
MAX_IDR_PER_UNIT = Decimal(1_000_000)


def _admin_list_page(query, count_query, page: int, per_page: int = PER_PAGE) -> Page:
    total = db.session.scalar(count_query) or 0
    pages = page_count(total, per_page)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_users(q: str | None = None, role: str | None = None, page: int = 1) -> Page:
    """Users whose e-mail or name contains ``q``, with ``role`` if given; newest first."""
    conditions = []
    q = (q or "").strip()
    if q:
        pattern = _like(q)
        conditions.append(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    if role in ROLES:
        conditions.append(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    query = select(User).where(*conditions).order_by(User.id.desc())
    count = select(func.count(User.id)).where(*conditions)
    return _admin_list_page(query, count, page)


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def user_memberships(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
        )
    )


def audit_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def audit_entries(
    *, action: str | None = None, actor: str | None = None, subject=None, page: int = 1
) -> Page:
    """Audit entries, newest first; ``actor`` matches the actor's e-mail (part of it)."""
    conditions = []
    if action:
        conditions.append(AuditEntry.action == action)
    actor = (actor or "").strip()
    if actor:
        conditions.append(
            AuditEntry.actor_id.in_(
                select(User.id).where(func.lower(User.email).like(_like(actor), escape="\\"))
            )
        )
    if subject is not None:
        conditions.append(AuditEntry.subject_type == type(subject).__name__)
        conditions.append(AuditEntry.subject_id == subject.id)
    query = select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
    count = select(func.count(AuditEntry.id)).where(*conditions)
    return _admin_list_page(query, count, page)


def users_by_id(ids) -> dict[int, User]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


# --- Exchange rates -----------------------------------------------------------------------------


def exchange_rates() -> dict[str, ExchangeRate]:
    rows = db.session.scalars(
        select(ExchangeRate).where(ExchangeRate.currency.in_(RATE_CURRENCIES))
    )
    return {rate.currency: rate for rate in rows}


def parse_rate(text: str | None, locale: str = "id") -> Decimal:
    """IDR for one unit, read like every amount (``16.500``, ``16.500,50``, ``104,25``): a
    ``16.500`` that could be 16.5 is refused, never read silently (see ``core/money_input``)."""
    if not (text or "").strip():
        raise DomainError(_l("Enter how many rupiah one unit costs."), field="rate")
    try:
        rate = parse_number(text, locale, places=6)
    except MoneyInputError as refused:
        raise DomainError(refused.message, field="rate") from None
    if rate <= 0:
        raise DomainError(_l("The rate must be more than zero."), field="rate")
    if rate > MAX_IDR_PER_UNIT:
        raise DomainError(_l("This rate is implausibly high; check the number."), field="rate")
    return rate


def set_exchange_rate(
    currency: str, typed: str | None, *, actor, locale: str = "id"
) -> ExchangeRate:
    """Set IDR per unit of ``currency`` (one of the 8) from the text an admin typed in
    ``locale``; audited with the old and new value."""
    if currency not in RATE_CURRENCIES:
        raise DomainError(_l("Unknown currency."), field="currency")
    rate = parse_rate(typed, locale)
    before = exchange_rates().get(currency)
    old = before.idr_per_unit_micro if before else None
    row = set_rate(currency, rate, actor=actor)
    audit.record(
        "exchange_rate.set",
        actor=actor,
        subject=row,
        currency=currency,
        before=format((Decimal(old) / 1_000_000).normalize(), "f") if old else None,
        after=format(rate.normalize(), "f"),
    )
    return row


def idr_per_unit(rate: ExchangeRate | None, locale: str = "id") -> str | None:
    """The rate as an admin would type it back in ``locale``: ``16.500,5`` or ``16,500.5``."""
    if rate is None:
        return None
    return plain_number(Decimal(rate.idr_per_unit_micro) / 1_000_000, locale)


# --- Enterprises ----------------------------------------------------------------------------------


def list_enterprises(*, q: str | None = None, status: str | None = None, page: int = 1) -> Page:
    conditions: list[ColumnElement[bool]] = []
    if q and q.strip():
        conditions.append(func.lower(Enterprise.name).like(_like(q.strip()), escape="\\"))
    if status in VERIFICATION_STATES:
        conditions.append(Enterprise.verification_status == status)
    # Waiting requests first, then by name.
    query = (
        select(Enterprise)
        .where(*conditions)
        .order_by(Enterprise.verification_status != VerificationStatus.PENDING, Enterprise.name)
    )
    count = select(func.count(Enterprise.id)).where(*conditions)
    return _admin_list_page(query, count, page)
