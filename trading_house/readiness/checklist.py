"""Checklist templates: the current version, drafts, items, publishing, settings, defaults.

Only a draft is edited. Publishing it retires the previous version and carries every answer to
an item whose ``code`` and substance (scope, evidence asked, number format, categories) are
unchanged; answers to changed or removed items stay with the old version, so the SME answers the
changed item again.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from trading_house.catalog.models import Category
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition, NotFound
from trading_house.core.lifecycle import transition
from trading_house.core.tx import changed_rows
from trading_house.extensions import db
from trading_house.readiness.formats import NUMBER_FORMATS, as_int
from trading_house.readiness.models import (
    PILLARS,
    SCOPES,
    ChecklistItem,
    ChecklistTemplate,
    ReadinessAnswer,
    ReadinessSettings,
)
from trading_house.readiness.status import TemplateStatus

DEFAULT_SETTINGS = {
    "grade_a_min": 80,
    "grade_b_min": 60,
    "grade_c_min": 35,
    "weight_legal": 30,
    "weight_capacity": 20,
    "weight_product": 30,
    "weight_commercial": 20,
}
CODE_PATTERN = re.compile(r"[a-z][a-z0-9_.]{1,63}")
ITEM_FIELDS = (
    "code",
    "scope",
    "pillar",
    "position",
    "title_english",
    "title_indonesian",
    "guidance_english",
    "guidance_indonesian",
    "next_step_english",
    "next_step_indonesian",
    "issuing_body",
    "issuing_body_english",
    "weight",
    "mandatory",
    "needs_document",
    "needs_number",
    "needs_expiry",
    "number_format",
    "typical_days",
    "typical_cost_idr",
)


#: The published version, built once (every product page asks).
_CURRENT_TEMPLATE = (
    select(ChecklistTemplate)
    .where(ChecklistTemplate.status == TemplateStatus.PUBLISHED)
    .order_by(ChecklistTemplate.version.desc())
    .limit(1)
)


def current_template(session: Session | None = None) -> ChecklistTemplate | None:
    """The published version SMEs answer (None before the first one is loaded)."""
    return (session or db.session).scalar(_CURRENT_TEMPLATE)


def draft_template() -> ChecklistTemplate | None:
    return db.session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.status == TemplateStatus.DRAFT).limit(1)
    )


def all_templates() -> list[ChecklistTemplate]:
    return list(
        db.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.version.desc()))
    )


def get_template(template_id) -> ChecklistTemplate:
    template = db.session.get(ChecklistTemplate, as_int(template_id))
    if template is None:
        raise NotFound(_l("This checklist version does not exist."))
    return template


def get_item(item_id) -> ChecklistItem:
    item = db.session.get(ChecklistItem, as_int(item_id))
    if item is None:
        raise NotFound(_l("This checklist item does not exist."))
    return item


def readiness_settings(session: Session | None = None) -> ReadinessSettings:
    """The stored settings, or the defaults (never written on read)."""
    stored = (session or db.session).get(ReadinessSettings, 1)
    return stored or ReadinessSettings(id=1, **DEFAULT_SETTINGS)


def update_readiness_settings(values: dict, *, actor) -> ReadinessSettings:
    """Store thresholds and pillar weights; the caller recomputes the cached grades."""
    a, b, c = (int(values[k]) for k in ("grade_a_min", "grade_b_min", "grade_c_min"))
    if not 0 <= c < b < a <= 100:
        raise DomainError(
            _l("Thresholds must rise from C to B to A, between 0 and 100."), field="grade_b_min"
        )
    weights = [int(values[f"weight_{p}"]) for p in PILLARS]
    if min(weights) < 0 or sum(weights) == 0:
        raise DomainError(
            _l("Weights cannot be negative and at least one must be above zero."),
            field="weight_legal",
        )
    settings = db.session.get(ReadinessSettings, 1)
    if settings is None:
        settings = ReadinessSettings(id=1)
        db.session.add(settings)
    for key in DEFAULT_SETTINGS:
        setattr(settings, key, int(values[key]))
    settings.updated_by_id = getattr(actor, "id", None)
    settings.updated_at = utcnow()
    db.session.flush()
    audit.record("readiness.settings_changed", actor=actor, **dict(DEFAULT_SETTINGS, **values))
    return settings


# The old names (tests and callers outside readiness).
get_settings = readiness_settings
update_settings = update_readiness_settings


# --- drafts and items ------------------------------------------------------------------------


def start_checklist_draft(*, actor) -> ChecklistTemplate:
    """The open draft, or a new one copied from the current version."""
    draft = draft_template()
    if draft is not None:
        return draft
    version = (db.session.scalar(select(func.max(ChecklistTemplate.version))) or 0) + 1
    draft = ChecklistTemplate(version=version, status=TemplateStatus.DRAFT, notes="")
    db.session.add(draft)
    current = current_template()
    for item in current.items if current else []:
        copy = ChecklistItem(**{name: getattr(item, name) for name in ITEM_FIELDS})
        copy.categories = list(item.categories)
        draft.items.append(copy)
    db.session.flush()
    audit.record("readiness.draft_started", actor=actor, subject=draft, version=version)
    return draft


def _require_draft_template(template: ChecklistTemplate) -> None:
    if not template.is_draft:
        raise InvalidTransition(_l("Only a draft version can be changed."))


def save_item(template: ChecklistTemplate, data: dict, item: ChecklistItem | None = None):
    """Add an item to a draft, or change one of its items."""
    _require_draft_template(template)
    if item is not None and item.template_id != template.id:
        raise NotFound(_l("This checklist item does not exist."))
    code = (data.get("code") or "").strip().lower()
    if not CODE_PATTERN.fullmatch(code):
        raise DomainError(
            _l("Use 2–64 lower-case letters, digits, dots or underscores, starting with a letter."),
            field="code",
        )
    clash = db.session.scalar(
        select(ChecklistItem.id).where(
            ChecklistItem.template_id == template.id,
            ChecklistItem.code == code,
            ChecklistItem.id != (item.id if item else 0),
        )
    )
    if clash:
        raise DomainError(_l("Another item in this version already has this code."), field="code")
    if data.get("scope") not in SCOPES:
        raise DomainError(_l("Choose enterprise or product."), field="scope")
    if data.get("pillar") not in PILLARS:
        raise DomainError(_l("Choose a sub-score."), field="pillar")
    if data.get("number_format") and data["number_format"] not in NUMBER_FORMATS:
        raise DomainError(_l("Choose a known number format."), field="number_format")
    if item is None:
        item = ChecklistItem(template=template)
        db.session.add(item)
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.code = code
    item.number_format = data.get("number_format") or None
    category_ids = [int(c) for c in data.get("category_ids") or []]
    item.categories = (
        list(db.session.scalars(select(Category).where(Category.id.in_(category_ids))))
        if category_ids
        else []
    )
    db.session.flush()
    return item


def delete_item(item: ChecklistItem) -> None:
    _require_draft_template(item.template)
    db.session.delete(item)
    db.session.flush()


@dataclass
class PublishResult:
    template: ChecklistTemplate
    kept_answers: int = 0
    #: Codes of items whose substance changed: their answers stay with the old version.
    changed_codes: list[str] = field(default_factory=list)


def publish_checklist(template: ChecklistTemplate, *, actor, notes: str = "") -> PublishResult:
    """Make a draft the current version, carrying answers to unchanged items by code."""
    _require_draft_template(template)
    if not template.items:
        raise DomainError(_l("A checklist version needs at least one item."))
    result = PublishResult(template=template)
    previous = current_template()
    if notes:
        template.notes = notes
    # The draft first: of two admins publishing it at once, the second is told (compare-and-set).
    transition(
        template, TemplateStatus.PUBLISHED, actor=actor, published_by_id=getattr(actor, "id", None)
    )
    if previous is not None:
        transition(previous, TemplateStatus.RETIRED, actor=actor)
        old_by_code = {i.code: i for i in previous.items}
        for item in template.items:
            old = old_by_code.get(item.code)
            if old is None:
                continue
            if old.substance() != item.substance():
                result.changed_codes.append(item.code)
                continue
            moved = db.session.execute(
                update(ReadinessAnswer)
                .where(ReadinessAnswer.item_id == old.id)
                .values(item_id=item.id)
                .execution_options(synchronize_session=False)
            )
            result.kept_answers += changed_rows(moved) or 0
        # The bulk UPDATE bypassed the identity map: reload answers from the database.
        db.session.expire_all()
    audit.record(
        "readiness.template_published",
        actor=actor,
        subject=template,
        version=template.version,
        kept_answers=result.kept_answers,
        changed=result.changed_codes,
    )
    return result


# --- the default template --------------------------------------------------------------------


def resolve_category_key(key: str) -> list[Category]:
    """Catalog categories for a key of ``defaults.CATEGORY_KEYS`` (by slug, else by name).

    A parent covers its children, so a child is dropped when its parent matches too, except for
    keys that prefer children ("wood" is the wood child of handicrafts, not rattan and bamboo).
    """
    from trading_house.readiness.defaults import CATEGORY_KEYS

    slugs, words, prefer_children = CATEGORY_KEYS[key]
    categories = list(db.session.scalars(select(Category).order_by(Category.id)))
    by_slug = [c for c in categories if c.slug in slugs]
    if by_slug:
        return by_slug
    matched = [c for c in categories if any(w in (c.name_english or "").lower() for w in words)]
    ids = {c.id for c in matched}
    if prefer_children:
        parents = {c.parent_id for c in matched if c.parent_id in ids}
        return [c for c in matched if c.id not in parents]
    return [c for c in matched if c.parent_id not in ids]


def load_default_template(*, actor=None) -> ChecklistTemplate | None:
    """Publish the default checklist as version 1, unless a version already exists."""
    from trading_house.readiness.defaults import ENTERPRISE_ITEMS
    from trading_house.readiness.defaults_product import PRODUCT_ITEMS

    if db.session.scalar(select(ChecklistTemplate.id).limit(1)):
        return None
    template = ChecklistTemplate(
        version=1,
        status=TemplateStatus.PUBLISHED,
        notes="Default checklist (Indonesian export practice).",
        published_at=utcnow(),
        published_by_id=getattr(actor, "id", None),
    )
    db.session.add(template)
    for position, spec in enumerate(ENTERPRISE_ITEMS + PRODUCT_ITEMS):
        item = ChecklistItem(
            **{k: v for k, v in spec.items() if k != "categories"}, position=position
        )
        item.categories = [c for key in spec["categories"] for c in resolve_category_key(key)]
        template.items.append(item)
    if db.session.get(ReadinessSettings, 1) is None:
        db.session.add(ReadinessSettings(id=1, **DEFAULT_SETTINGS))
    db.session.flush()
    return template


# The old names (tests).
start_draft = start_checklist_draft
publish = publish_checklist
