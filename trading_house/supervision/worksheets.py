"""Worksheet templates: the shipped defaults, new versions (copy, edit weights, bands and
cut-offs, publish) and an admin's confirmation that a version matches the regulations."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import record_creation, transition
from trading_house.extensions import db
from trading_house.supervision.models import (
    PREDICATES,
    ItemKind,
    TemplateStatus,
    WorksheetItem,
    WorksheetTemplate,
)
from trading_house.supervision.worksheets_defaults import DEFAULT_TEMPLATES

ITEM_FIELDS = (
    "aspect",
    "code",
    "kind",
    "ratio_key",
    "bands",
    "weight",
    "text_id",
    "text_en",
    "legal_source",
    "self_assessable",
)


def published_template(kind: str) -> WorksheetTemplate | None:
    return db.session.scalar(
        select(WorksheetTemplate).where(
            WorksheetTemplate.kind == kind, WorksheetTemplate.status == TemplateStatus.PUBLISHED
        )
    )


def install_defaults(*, actor=None) -> list[WorksheetTemplate]:
    """Publish the shipped templates (unconfirmed) of every kind that has none yet."""
    made = []
    for spec in DEFAULT_TEMPLATES:
        exists = db.session.scalar(
            select(WorksheetTemplate.id).where(WorksheetTemplate.kind == spec["kind"]).limit(1)
        )
        if exists:
            continue
        template = WorksheetTemplate(
            name=spec["name"],
            kind=spec["kind"],
            version=1,
            notes=spec["notes"],
            cutoffs=dict(spec["cutoffs"]),
        )
        for position, item in enumerate(spec["items"]):
            template.items.append(WorksheetItem(position=position, **item))
        db.session.add(template)
        db.session.flush()
        record_creation(template, actor=actor)
        transition(template, TemplateStatus.PUBLISHED, actor=actor, published_by_id=None)
        made.append(template)
    return made


def start_draft(template: WorksheetTemplate, *, actor) -> WorksheetTemplate:
    """A new draft version of ``template``'s kind, copied from it (one draft per kind)."""
    draft = db.session.scalar(
        select(WorksheetTemplate).where(
            WorksheetTemplate.kind == template.kind,
            WorksheetTemplate.status == TemplateStatus.DRAFT,
        )
    )
    if draft is not None:
        raise DomainError(
            _l(
                "Version %(version)s is already a draft: finish or publish it first.",
                version=draft.version,
            )
        )
    latest = db.session.scalar(
        select(func.max(WorksheetTemplate.version)).where(WorksheetTemplate.kind == template.kind)
    )
    copy = WorksheetTemplate(
        name=template.name,
        kind=template.kind,
        version=(latest or 0) + 1,
        notes=template.notes,
        cutoffs=dict(template.cutoffs or {}),
        based_on_id=template.id,
    )
    for item in template.items:
        copy.items.append(
            WorksheetItem(position=item.position, **{f: getattr(item, f) for f in ITEM_FIELDS})
        )
    db.session.add(copy)
    db.session.flush()
    record_creation(copy, actor=actor, reason=f"copy of version {template.version}")
    audit.record("worksheet.draft", actor=actor, subject=copy, based_on=template.version)
    return copy


def _require_draft_worksheet(template: WorksheetTemplate) -> None:
    if not template.is_draft:
        raise DomainError(_l("Only a draft version can be changed: start a new version first."))


def parse_limits(texts: list[str], better: str) -> list[str]:
    """Three band limits as decimal strings, in the order that makes the bands meaningful."""
    limits = []
    for text in texts:
        try:
            value = Decimal(str(text).strip().replace(",", "."))
        except InvalidOperation:
            raise DomainError(
                _l("Each limit must be a number, e.g. 1.5."), field="limits"
            ) from None
        if not value.is_finite():
            raise DomainError(_l("Each limit must be a number, e.g. 1.5."), field="limits")
        limits.append(value)
    if len(limits) != 3:
        raise DomainError(_l("Give three limits (for scores 4, 3 and 2)."), field="limits")
    ordered = sorted(limits, reverse=(better == "higher"))
    if limits != ordered or len(set(limits)) != 3:
        message = (
            _l("When higher is better, the limits must go down: score 4 needs the most.")
            if better == "higher"
            else _l("When lower is better, the limits must go up: score 4 needs the least.")
        )
        raise DomainError(message, field="limits")
    return [str(limit) for limit in limits]


def update_item(
    template: WorksheetTemplate,
    item: WorksheetItem,
    *,
    weight: int,
    better: str | None = None,
    limits: list[str] | None = None,
    legal_source: str | None = None,
    actor,
) -> WorksheetItem:
    """Change an item's weight (and a ratio item's bands) in a draft version."""
    _require_draft_worksheet(template)
    if item.template_id != template.id:
        raise DomainError(_l("This item belongs to another version."))
    if weight is None or not 0 <= weight <= 100:
        raise DomainError(_l("The weight must be a whole number from 0 to 100."), field="weight")
    before = {"weight": item.weight, "bands": item.bands}
    item.weight = weight
    if item.kind == ItemKind.RATIO and limits is not None:
        direction = (
            better if better in ("higher", "lower") else (item.bands or {}).get("better", "higher")
        )
        item.bands = {"better": direction, "limits": parse_limits(limits, direction)}
    if legal_source is not None:
        item.legal_source = legal_source.strip()[:300]
    audit.record(
        "worksheet.item_changed",
        actor=actor,
        subject=template,
        item=item.code,
        before=before,
        after={"weight": item.weight, "bands": item.bands},
    )
    return item


def update_cutoffs(template: WorksheetTemplate, cutoffs: dict, *, actor) -> None:
    """Set the predicate cut-offs (0–100, strictly falling from Sehat down)."""
    _require_draft_worksheet(template)
    values = []
    for predicate in PREDICATES[:-1]:
        value = cutoffs.get(predicate)
        if value is None or not 0 < value <= 100:
            raise DomainError(
                _l("Each cut-off must be a number above 0 and at most 100."), field=predicate
            )
        values.append(value)
    if not values[0] > values[1] > values[2]:
        raise DomainError(
            _l("Cut-offs must fall from Sehat to Dalam Pengawasan (e.g. 80, 66, 51)."),
            field=PREDICATES[1],
        )
    before = dict(template.cutoffs or {})
    template.cutoffs = {p: int(v) for p, v in zip(PREDICATES[:-1], values, strict=True)}
    audit.record(
        "worksheet.cutoffs_changed",
        actor=actor,
        subject=template,
        before=before,
        after=template.cutoffs,
    )


def publish(template: WorksheetTemplate, *, actor) -> None:
    """Publish a draft (its weights must add up to 100); the published one of its kind retires.

    Examinations keep the version they started with."""
    _require_draft_worksheet(template)
    total = sum(item.weight for item in template.items)
    if total != 100:
        raise DomainError(
            _l("The weights add up to %(total)s; they must add up to 100.", total=total)
        )
    current = published_template(template.kind)
    if current is not None:
        transition(current, TemplateStatus.RETIRED, actor=actor)
    transition(
        template,
        TemplateStatus.PUBLISHED,
        actor=actor,
        published_by_id=getattr(actor, "id", None),
        # A changed version needs its own confirmation.
        confirmed_at=None,
        confirmed_by_id=None,
    )


def confirm_worksheet(template: WorksheetTemplate, *, actor) -> None:
    """An admin confirms the version matches the regulations (no longer "to confirm")."""
    if template.is_retired:
        raise DomainError(_l("A retired version cannot be confirmed."))
    template.confirmed_at = utcnow()
    template.confirmed_by_id = actor.id
    audit.record("worksheet.confirmed", actor=actor, subject=template, version=template.version)
