"""The curation blueprint: template globals for the shared hooks, error pages, plug-ins.

Pages live in ``views_staff.py`` (curators), ``views_manage.py`` (businesses),
``views_identity.py`` (legal identity) and ``views_admin.py`` (admins), on this blueprint.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from trading_house.catalog import services as catalog
from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Product
from trading_house.core.i18n import current_locale
from trading_house.curation import claims, notify, policies, prechecks, revisions, services
from trading_house.curation.blueprint import bp
from trading_house.curation.content import FIELD_LABELS, content_of, field_label, normalise
from trading_house.curation.identity import documents_of
from trading_house.curation.models import ProductRevision
from trading_house.curation.settings import reason_codes
from trading_house.curation.status import OPEN_REVISION_STATUSES, Decision
from trading_house.extensions import db


@bp.record_once
def _guard_submissions(state) -> None:
    """No listing is sent for review with blocking pre-check problems, by any route."""
    catalog.register_submit_check(services.precheck_guard)


def feedback_view(review) -> dict | None:
    """A decision as the SME reads it: reasons in their language, notes by field."""
    if review is None:
        return None
    locale = current_locale()
    codes = {r.code: r for r in reason_codes()}
    by_field: dict[str, list[str]] = {}
    general = []
    for code in review.reason_codes or []:
        reason = codes.get(code)
        label = reason.label_for(locale) if reason else code
        if reason is not None and reason.field in FIELD_LABELS:
            by_field.setdefault(reason.field, []).append(label)
        else:
            general.append(label)
    for name, note in (review.field_notes or {}).items():
        by_field.setdefault(name, []).append(note)
    return {
        "review": review,
        "general": general,
        "feedback": review.feedback,
        "fields": [(name, field_label(name), notes) for name, notes in by_field.items()],
    }


@dataclass(frozen=True)
class ListingStage:
    """What curation's pages ask about a listing's status: predicates, not status strings."""

    status: str

    @property
    def can_send(self) -> bool:
        """A draft, or a listing the curator sent back: its business may send it for review."""
        return self.status in (lifecycle.DRAFT, lifecycle.CHANGES_REQUESTED)

    @property
    def is_waiting(self) -> bool:
        return self.status == lifecycle.SUBMITTED

    @property
    def is_rejected(self) -> bool:
        return self.status == lifecycle.REJECTED

    @property
    def is_approved(self) -> bool:
        return self.status == lifecycle.APPROVED

    @property
    def is_suspended(self) -> bool:
        return self.status == lifecycle.SUSPENDED

    @property
    def is_published(self) -> bool:
        """On the shop window or taken off it for a while (its content was approved)."""
        return self.status in catalog.PUBLISHED

    @property
    def has_feedback(self) -> bool:
        """The curator said what to change or why not."""
        return self.status in (lifecycle.CHANGES_REQUESTED, lifecycle.REJECTED, lifecycle.SUSPENDED)


@bp.app_template_global()
def curation_listing(product) -> ListingStage:
    return ListingStage(str(product.status))


@bp.app_template_global()
def curation_submit_box(product) -> dict:
    """What the SME's edit page shows about review: pre-checks, status, feedback, revision."""
    stage = curation_listing(product)
    revision = revisions.open_revision(product.id) if stage.is_published else None
    if stage.is_published:
        report = None
        if revision is not None:
            report = prechecks.check_listing(
                normalise(revision.data), product.photos, product.category
            )
    else:
        report = prechecks.check_product(product)
    latest = services.latest_feedback(product)
    show_feedback = latest is not None and (
        stage.has_feedback or (revision is not None and revision.is_changes_requested)
    )
    return {
        "report": report,
        "revision": revision,
        "feedback": feedback_view(latest) if show_feedback else None,
        "reviews": services.reviews_of(product.id),
        "since": services.waiting_since(product, None) if stage.is_waiting else None,
    }


@bp.app_template_global()
def curation_dashboard(enterprise) -> dict:
    """The SME dashboard card: listings needing attention, the inbox, identity documents."""
    attention = list(
        db.session.scalars(
            select(Product)
            .where(
                Product.enterprise_id == enterprise.id,
                Product.status.in_(
                    (
                        lifecycle.SUBMITTED,
                        lifecycle.CHANGES_REQUESTED,
                        lifecycle.REJECTED,
                        lifecycle.SUSPENDED,
                    )
                ),
            )
            .order_by(Product.updated_at.desc())
            .limit(20)
        )
    )
    open_revisions = list(
        db.session.execute(
            select(Product, ProductRevision)
            .join(ProductRevision, ProductRevision.product_id == Product.id)
            .where(
                Product.enterprise_id == enterprise.id,
                ProductRevision.status.in_(OPEN_REVISION_STATUSES),
                Product.status.in_(tuple(catalog.PUBLISHED)),
            )
            .order_by(ProductRevision.updated_at.desc())
            .limit(20)
        )
    )
    return {
        "attention": attention,
        "revisions": open_revisions,
        "unread": notify.unread_count(current_user),
        "recent": notify.recent(current_user, enterprise.id),
        "documents": documents_of(enterprise.id),
    }


@bp.app_template_global()
def curation_product_notice(product) -> dict:
    """For the product page: what staff and the listing's own members should know."""
    staff = policies.is_reviewer(current_user)
    member = policies.belongs_to(current_user, product.enterprise_id)
    if not staff and not member:
        return {}
    stage = curation_listing(product)
    revision = revisions.open_revision(product.id) if stage.is_published else None
    unpublished = stage.can_send
    return {
        "staff": staff,
        "can_review": staff and not member,
        "member": member,
        "revision": revision,
        "claim": claims.active_claim(product.id) if staff else None,
        "report": prechecks.check_product(product) if member and unpublished else None,
    }


DECISION_LABELS: dict[str, object] = {
    Decision.APPROVED: _l("Approved"),
    Decision.CHANGES_REQUESTED: _l("Changes requested"),
    Decision.REJECTED: _l("Rejected"),
    Decision.SUSPENDED: _l("Suspended"),
    Decision.REINSTATED: _l("Reinstated"),
}


@bp.app_template_global()
def curation_decision_label(decision: str) -> str:
    return str(DECISION_LABELS.get(decision, decision))


@bp.app_template_global()
def curation_reasons_by_code() -> dict:
    return {r.code: r for r in reason_codes()}


@bp.app_template_global()
def curation_unread_count() -> int:
    return notify.unread_count(current_user)


@bp.app_template_global()
def curation_content(product) -> dict:
    return content_of(product)
