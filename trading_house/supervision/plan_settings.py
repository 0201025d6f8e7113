"""The division's settings and what supervision gives the marketplace.

- the sanction ladder an admin configures (default: three written warnings, restriction,
  recommendation to dissolve — Permenkop UKM 9/2020 names these sanctions; to confirm);
- "pooled export deals require at least …": enforced through ``inquiries.signals.
  pool_line_joining`` when a cooperative's line joins a pooled quotation;
- a cooperative seller's health for its public page: predicate and certificate validity only.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.cooperatives.models import PREDICATE_RANK, Cooperative, HealthPredicate
from trading_house.core import audit
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.supervision.case_models import CaseSanction, SanctionKind, SanctionStep
from trading_house.supervision.labels import predicate_label
from trading_house.supervision.plan_models import SupervisionSettings

#: What an admin may require of a cooperative joining a pooled deal.
POOL_REQUIREMENTS = (HealthPredicate.CUKUP_SEHAT, HealthPredicate.SEHAT)

DEFAULT_LADDER = (
    (SanctionKind.WRITTEN_WARNING, "Peringatan tertulis I"),
    (SanctionKind.WRITTEN_WARNING, "Peringatan tertulis II"),
    (SanctionKind.WRITTEN_WARNING, "Peringatan tertulis III"),
    (SanctionKind.RESTRICTION, "Pembatasan kegiatan usaha"),
    (SanctionKind.DISSOLUTION, "Rekomendasi pembubaran"),
)


def settings_row() -> SupervisionSettings:
    """The single settings row (made on first use)."""
    row = db.session.get(SupervisionSettings, 1)
    if row is None:
        row = SupervisionSettings(id=1)
        db.session.add(row)
        db.session.flush()
    return row


def current_settings() -> SupervisionSettings | None:
    """Read only: None when no admin saved settings yet."""
    return db.session.get(SupervisionSettings, 1)


def save_division_settings(*, pool_min_predicate: str | None, actor) -> SupervisionSettings:
    value = pool_min_predicate or None
    if value is not None and value not in POOL_REQUIREMENTS:
        raise DomainError(_l("Choose a predicate from the list."), field="pool_min_predicate")
    row = settings_row()
    before = row.pool_min_predicate
    row.pool_min_predicate = value
    row.updated_by_id = actor.id
    db.session.flush()
    audit.record("supervision.settings", actor=actor, before=before, after=value)
    return row


def meets(predicate: str | None, minimum: str) -> bool:
    """True when ``predicate`` is ``minimum`` or better (never rated: False)."""
    if predicate not in PREDICATE_RANK:
        return False
    return PREDICATE_RANK[predicate] <= PREDICATE_RANK[minimum]


def check_pool_line(sender=None, *, enterprise_id: int, field: str = "product_id", **_extra):
    """Receiver of ``pool_line_joining``: refuse a cooperative below the admin's minimum."""
    row = current_settings()
    if row is None or row.pool_min_predicate is None:
        return None
    cooperative = db.session.scalar(
        select(Cooperative).where(Cooperative.enterprise_id == enterprise_id)
    )
    if cooperative is None:
        return None  # not a supervised cooperative: the requirement does not apply
    predicate = str(cooperative.health_predicate) if cooperative.health_predicate else None
    if meets(predicate, row.pool_min_predicate):
        return None
    raise DomainError(
        _l(
            "%(name)s is rated “%(predicate)s”: pooled export deals need a cooperative rated "
            "at least “%(minimum)s”.",
            name=cooperative.name,
            predicate=predicate_label(predicate),
            minimum=predicate_label(row.pool_min_predicate),
        ),
        field=field,
    )


def connect() -> None:
    from trading_house.inquiries.signals import pool_line_joining

    pool_line_joining.connect(check_pool_line, weak=False)


# --- the sanction ladder ---------------------------------------------------------------------


def ladder() -> list[SanctionStep]:
    return list(db.session.scalars(select(SanctionStep).order_by(SanctionStep.position)))


def ensure_default_ladder() -> list[SanctionStep]:
    if not ladder():
        for position, (kind, title) in enumerate(DEFAULT_LADDER, start=1):
            db.session.add(SanctionStep(position=position, kind=kind, title=title))
        db.session.flush()
    return ladder()


def add_step(*, kind: str, title: str, response_days: int | None, actor) -> SanctionStep:
    """Add a step at the top of the ladder."""
    if kind not in SanctionKind.__members__.values():
        raise DomainError(_l("Choose a kind of sanction from the list."), field="kind")
    title = (title or "").strip()
    if not title:
        raise DomainError(_l("Name the step."), field="title")
    position = (db.session.scalar(select(func.max(SanctionStep.position))) or 0) + 1
    step = SanctionStep(
        position=position, kind=kind, title=title[:200], response_days=response_days or 30
    )
    db.session.add(step)
    db.session.flush()
    audit.record("supervision.ladder_step", actor=actor, subject=step, title=step.title)
    return step


def remove_last_step(step: SanctionStep, *, actor) -> None:
    """Only the top step may go, and only when no case has reached it."""
    top = db.session.scalar(select(func.max(SanctionStep.position)))
    if step.position != top:
        raise DomainError(_l("Only the last step of the ladder can be removed."))
    reached = db.session.scalar(
        select(func.count()).select_from(CaseSanction).where(CaseSanction.position >= top)
    )
    if reached:
        raise DomainError(_l("A case has reached this step: it cannot be removed."))
    audit.record("supervision.ladder_step_removed", actor=actor, title=step.title)
    db.session.delete(step)
    db.session.flush()


# --- the public page of a cooperative seller --------------------------------------------------


def public_health(enterprise) -> dict | None:
    """What the public may see of a cooperative seller: predicate and certificate validity."""
    cooperative = db.session.scalar(
        select(Cooperative).where(Cooperative.enterprise_id == enterprise.id)
    )
    if cooperative is None or not cooperative.health_predicate:
        return None
    return {
        "predicate": str(cooperative.health_predicate),
        "label": predicate_label(str(cooperative.health_predicate)),
        "rated_on": cooperative.predicate_rated_on,
        "certificate": _certificate(cooperative),
    }


def _certificate(cooperative):
    try:
        from trading_house.supervision.models import HealthCertificate
    except ImportError:  # the examinations half is not merged yet
        return None
    return db.session.scalar(
        select(HealthCertificate)
        .where(HealthCertificate.cooperative_id == cooperative.id)
        .order_by(HealthCertificate.issued_on.desc(), HealthCertificate.id.desc())
        .limit(1)
    )
