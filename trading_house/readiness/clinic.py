"""The cooperative clinic: coaching sessions and their agreed follow-ups.

The clinic gives advice, curation and market access — never cash; the pages say so.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.i18n import current_locale
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import CLINIC_TOPICS, ClinicFollowUp, ClinicSession
from trading_house.readiness.scoring import ScoringContext
from trading_house.readiness.verified import valid_document

TOPIC_LABELS = {
    "legal": _l("Legal identity and licences"),
    "certification": _l("Certification (halal, BPOM, SVLK…)"),
    "production": _l("Production capacity and quality"),
    "packaging": _l("Packaging"),
    "labelling": _l("Labelling"),
    "pricing": _l("Export pricing and Incoterms"),
    "export_documents": _l("Export documents"),
    "marketing": _l("Marketing and buyers"),
    "finance_access": _l("Access to finance (referral only)"),
}
NOT_CASH = _l(
    "The cooperative clinic provides advice, curation and market access. It does not give cash, "
    "grants or loans."
)


def topic_label(code: str) -> str:
    return str(TOPIC_LABELS.get(code, code))


def follow_up_targets(enterprise: Enterprise, locale: str = "id") -> list[tuple[str, str]]:
    """Checklist items a follow-up can wait for: ``code`` or ``code@product id`` with a label."""
    ctx = ScoringContext.load()
    if ctx.template is None:
        return []
    products = list(
        db.session.scalars(
            select(Product)
            .where(Product.enterprise_id == enterprise.id, Product.status != ProductStatus.ARCHIVED)
            .order_by(Product.id)
        )
    )
    choices = [(i.code, i.title_for(locale)) for i in ctx.enterprise_items_for(products)]
    for product in products:
        name = product.name_for(locale)
        choices += [
            (f"{i.code}@{product.id}", f"{i.title_for(locale)} — {name}")
            for i in ctx.product_items_for(product)
        ]
    return choices


def _target(enterprise: Enterprise, value: str | None, index: int):
    """(item, product id) for a follow-up's checklist target; (None, None) for free text."""
    value = (value or "").strip()
    if not value:
        return None, None
    code, _, product_part = value.partition("@")
    valid = {key for key, _label in follow_up_targets(enterprise)}
    if value not in valid:
        raise DomainError(
            _l("Choose a checklist item of this business from the list."),
            field=f"follow_ups-{index}-item",
        )
    template = ScoringContext.load().template
    item = next(i for i in (template.items if template else []) if i.code == code)
    product_id = int(product_part) if product_part else None
    if valid_document(enterprise.id, code, product_id) is not None:
        raise DomainError(
            _l(
                "“%(item)s” is already verified: no follow-up is needed.",
                item=item.title_for(current_locale()),
            ),
            field=f"follow_ups-{index}-item",
        )
    return item, product_id


def record_session(
    enterprise: Enterprise,
    *,
    curator,
    held_on: date,
    topics: list[str],
    advice: str,
    follow_ups: list[tuple],
) -> ClinicSession:
    """Record a coaching session with its agreed follow-ups.

    Each follow-up is (description, due date) or (description, due date, checklist target);
    one with a target closes itself when that item is verified, and may leave the description
    empty (the item's title is used).
    """
    advice = (advice or "").strip()
    if held_on is None:
        raise DomainError(_l("Enter the date of the session."), field="held_on")
    if held_on > local_today():
        raise DomainError(_l("A session cannot be recorded before it happens."), field="held_on")
    unknown = [t for t in topics if t not in CLINIC_TOPICS]
    if unknown or not topics:
        raise DomainError(_l("Choose at least one topic from the list."), field="topics")
    if not advice:
        raise DomainError(_l("Write down the advice given."), field="advice")
    session = ClinicSession(
        enterprise_id=enterprise.id,
        curator_id=curator.id,
        held_on=held_on,
        topics=list(topics),
        advice=advice,
    )
    for index, entry in enumerate(follow_ups):
        description, due_on = entry[0], entry[1]
        target = entry[2] if len(entry) > 2 else None
        description = (description or "").strip()
        if not description and due_on is None and not target:
            continue
        item, product_id = _target(enterprise, target, index)
        if not description and item is not None:
            description = str(_l("Get “%(item)s” verified", item=item.title_for(current_locale())))
        if not description:
            raise DomainError(
                _l("Describe the follow-up that is due on this date."),
                field=f"follow_ups-{index}-description",
            )
        if due_on is None or due_on < held_on:
            raise DomainError(
                _l("Give a due date on or after the session date."),
                field=f"follow_ups-{index}-due_on",
            )
        session.follow_ups.append(
            ClinicFollowUp(
                description=description,
                due_on=due_on,
                item_code=item.code if item is not None else None,
                product_id=product_id,
            )
        )
    db.session.add(session)
    db.session.flush()
    audit.record("readiness.clinic_session", actor=curator, subject=session)
    return session


def sessions_for(enterprise: Enterprise, limit: int | None = None) -> list[ClinicSession]:
    query = (
        select(ClinicSession)
        .where(ClinicSession.enterprise_id == enterprise.id)
        .options(selectinload(ClinicSession.follow_ups), selectinload(ClinicSession.curator))
        .order_by(ClinicSession.held_on.desc(), ClinicSession.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def open_follow_ups(enterprise: Enterprise) -> list[ClinicFollowUp]:
    return list(
        db.session.scalars(
            select(ClinicFollowUp)
            .join(ClinicSession, ClinicSession.id == ClinicFollowUp.session_id)
            .where(ClinicSession.enterprise_id == enterprise.id, ClinicFollowUp.done_at.is_(None))
            .order_by(ClinicFollowUp.due_on, ClinicFollowUp.id)
        )
    )


def overdue_follow_ups() -> list[ClinicFollowUp]:
    """Every open follow-up past its due date, the most overdue first (for curators)."""
    return list(
        db.session.scalars(
            select(ClinicFollowUp)
            .where(ClinicFollowUp.done_at.is_(None), ClinicFollowUp.due_on < local_today())
            .options(
                selectinload(ClinicFollowUp.session).selectinload(ClinicSession.enterprise),
                selectinload(ClinicFollowUp.session).selectinload(ClinicSession.curator),
            )
            .order_by(ClinicFollowUp.due_on, ClinicFollowUp.id)
        )
    )


def mark_done(follow_up: ClinicFollowUp, *, actor) -> ClinicFollowUp:
    """Mark a follow-up as done (doing it twice changes nothing)."""
    if follow_up.done_at is None:
        follow_up.done_at = utcnow()
        follow_up.done_by_id = getattr(actor, "id", None)
        db.session.flush()
    return follow_up
