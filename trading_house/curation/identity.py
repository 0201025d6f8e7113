"""Legal-identity verification by a curator: the NIB and NPWP numbers with their certificates.

The enterprise's owner uploads the two certificates (private documents) and asks for the check
(``enterprises.request_verification``); a curator compares numbers and documents and verifies or
rejects through the enterprises area's one transition function. Verified businesses carry a
badge on their page and product cards (catalog templates).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.errors import DomainError, NotFound
from trading_house.core.models import Document
from trading_house.core.uploads import store_document
from trading_house.curation import notify, policies
from trading_house.curation.models import IDENTITY_KINDS, IdentityDocument
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import require_owner
from trading_house.enterprises.services import set_verification_status
from trading_house.extensions import db

MAX_BYTES = 10 * 1024 * 1024
KIND_LABELS = {"nib": _l("NIB certificate"), "npwp": _l("NPWP card or certificate")}


def documents_of(enterprise_id: int) -> dict[str, IdentityDocument]:
    """The latest document of each kind."""
    rows = db.session.scalars(
        select(IdentityDocument)
        .where(IdentityDocument.enterprise_id == enterprise_id)
        .order_by(IdentityDocument.id)
    )
    return {row.kind: row for row in rows}


def upload(enterprise: Enterprise, kind: str, data: bytes, filename: str, *, actor):
    """The owner uploads a certificate (PDF, JPEG or PNG); the newest one counts."""
    require_owner(actor, enterprise)
    if kind not in IDENTITY_KINDS:
        raise DomainError(_l("Choose which document this is."), field="kind")
    if not data:
        raise DomainError(_l("Choose a file to upload."), field="file")
    document = store_document(
        data, filename, uploaded_by=actor, max_bytes=MAX_BYTES, folder="identity"
    )
    row = IdentityDocument(
        enterprise_id=enterprise.id, kind=kind, document_id=document.id, uploaded_by_id=actor.id
    )
    db.session.add(row)
    db.session.flush()
    return row


def pending_enterprises() -> list[Enterprise]:
    """Enterprises that asked for the check, the longest-waiting first."""
    return list(
        db.session.scalars(
            select(Enterprise)
            .where(Enterprise.verification_status == "pending")
            .order_by(Enterprise.updated_at, Enterprise.id)
        )
    )


def decide(enterprise: Enterprise, *, curator, verified: bool, note: str | None) -> None:
    """Verify or reject the legal identity (curators, never for their own business)."""
    policies.require_can_verify(curator, enterprise.id)
    note = (note or "").strip()[:500] or None
    if not verified and not note:
        raise DomainError(_l("Say what is wrong, so the business can fix it."), field="note")
    set_verification_status(
        enterprise, "verified" if verified else "rejected", actor=curator, note=note
    )
    notify.identity_decided(enterprise, verified, note)


def readable_document(user, document_id) -> Document:
    """A certificate, for members of its enterprise and for curators/admins; else NotFound."""
    row = None
    if str(document_id).isdigit():
        row = db.session.scalar(
            select(IdentityDocument).where(IdentityDocument.document_id == int(document_id))
        )
    if row is None or not (
        policies.is_reviewer(user) or policies.belongs_to(user, row.enterprise_id)
    ):
        raise NotFound(_l("This document does not exist."))
    return row.document
