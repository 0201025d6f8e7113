"""Legal-identity verification by a curator: the NIB and NPWP numbers with their certificates.

The enterprise's owner uploads the two certificates (private documents) and asks for the check
(``enterprises.request_verification``); a curator compares numbers and documents and verifies or
rejects through the enterprises area's one transition function. Verified businesses carry a
badge on their page and product cards (catalog templates); the same verification answers the
NIB and NPWP checklist items (``readiness/verified.py``: verify once).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.errors import DomainError, NotFound
from trading_house.core.models import Document
from trading_house.core.uploads import (
    UploadRejected,
    naming_the_file,
    release_document,
    store_document,
)
from trading_house.curation import notify, policies
from trading_house.curation.models import IDENTITY_KINDS, IdentityDocument
from trading_house.curation.status import VerificationStatus
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import require_owner
from trading_house.enterprises.services import set_verification_status
from trading_house.extensions import db

MAX_BYTES = 10 * 1024 * 1024
#: Files per kind: a certificate's pages, a card's front and back.
MAX_FILES_PER_KIND = 3
KIND_LABELS = {"nib": _l("NIB certificate"), "npwp": _l("NPWP card or certificate")}


def documents_of(enterprise_id: int) -> dict[str, list[IdentityDocument]]:
    """The files of each kind that has any, oldest first."""
    rows = db.session.scalars(
        select(IdentityDocument)
        .where(IdentityDocument.enterprise_id == enterprise_id)
        .order_by(IdentityDocument.id)
    )
    files: dict[str, list[IdentityDocument]] = {}
    for row in rows:
        files.setdefault(row.kind, []).append(row)
    return files


def save_documents(
    enterprise: Enterprise,
    *,
    actor,
    kind: str | None = None,
    uploads: tuple[tuple[bytes, str], ...] = (),
    remove: tuple[int, ...] = (),
) -> None:
    """The owner adds files of one kind (PDF, JPEG or PNG) and removes ticked ones.

    Refused as a whole (nothing stored) when a kind would have too many files or the quota is
    full; removed files leave storage once the change is committed.
    """
    require_owner(actor, enterprise)
    rows = [row for rows in documents_of(enterprise.id).values() for row in rows]
    ticked = set(remove)
    removing = [row for row in rows if row.document_id in ticked]
    if not uploads and not removing:
        raise DomainError(_l("Choose a file to upload."), field="file")
    if uploads:
        if kind is None or kind not in IDENTITY_KINDS:
            raise DomainError(_l("Choose which document this is."), field="kind")
        kept = sum(1 for row in rows if row.kind == kind and row not in removing)
        _check_document_files(kind, kept + len(uploads))
    documents = [row.document for row in removing]
    for row in removing:
        db.session.delete(row)
    chosen = kind or ""  # checked above whenever there are uploads
    for data, filename in uploads:
        _add(enterprise, chosen, data, filename, actor)
    db.session.flush()
    if uploads:  # again, now that this upload holds the enterprise's lock (two tabs)
        _check_document_files(chosen, _document_file_count(enterprise.id, chosen))
    for document in documents:
        release_document(document)


def upload(enterprise: Enterprise, kind: str, data: bytes, filename: str, *, actor) -> None:
    """The owner adds one certificate file (the demo data uses this)."""
    save_documents(enterprise, actor=actor, kind=kind, uploads=((data, filename),))


def _add(enterprise: Enterprise, kind: str, data: bytes, filename: str, actor) -> None:
    try:
        document = store_document(
            data,
            filename,
            uploaded_by=actor,
            max_bytes=MAX_BYTES,
            folder="identity",
            enterprise_id=enterprise.id,
        )
    except UploadRejected as exc:
        raise naming_the_file(exc, filename, "file") from exc
    db.session.add(
        IdentityDocument(
            enterprise_id=enterprise.id, kind=kind, document_id=document.id, uploaded_by_id=actor.id
        )
    )


def _document_file_count(enterprise_id: int, kind: str) -> int:
    return (
        db.session.scalar(
            select(func.count(IdentityDocument.id)).where(
                IdentityDocument.enterprise_id == enterprise_id, IdentityDocument.kind == kind
            )
        )
        or 0
    )


def _check_document_files(kind: str, total: int) -> None:
    if total > MAX_FILES_PER_KIND:
        raise DomainError(
            _l(
                "“%(document)s” can have at most %(max)s files, and would have %(total)s. "
                "Tick “Remove” next to the files you no longer need (at least %(excess)s), "
                "or upload fewer files.",
                document=KIND_LABELS[kind],
                max=MAX_FILES_PER_KIND,
                total=total,
                excess=total - MAX_FILES_PER_KIND,
            ),
            field="file",
        )


def pending_enterprises() -> list[Enterprise]:
    """Enterprises that asked for the check, the longest-waiting first."""
    return list(
        db.session.scalars(
            select(Enterprise)
            .where(Enterprise.verification_status == VerificationStatus.PENDING)
            .order_by(Enterprise.updated_at, Enterprise.id)
        )
    )


def decide_identity(enterprise: Enterprise, *, curator, verified: bool, note: str | None) -> None:
    """Verify or reject the legal identity (curators, never for their own business)."""
    policies.require_can_verify(curator, enterprise.id)
    note = (note or "").strip()[:500] or None
    if not verified and not note:
        raise DomainError(_l("Say what is wrong, so the business can fix it."), field="note")
    set_verification_status(
        enterprise,
        VerificationStatus.VERIFIED if verified else VerificationStatus.REJECTED,
        actor=curator,
        note=note,
    )
    if verified:
        _verify_once(enterprise, curator)
    notify.identity_decided(enterprise, verified, note)


def _verify_once(enterprise: Enterprise, curator) -> None:
    """The same check satisfies the NIB/NPWP checklist items (readiness), never twice."""
    try:
        from trading_house.readiness import verified
    except ImportError:  # the readiness area is optional for curation
        return
    files = {
        kind: [row.document for row in rows] for kind, rows in documents_of(enterprise.id).items()
    }
    verified.identity_verified(enterprise, files, actor=curator)


def verified_records(enterprise_id: int) -> dict:
    """Valid verifications of the NIB/NPWP already made elsewhere (readiness), by kind."""
    try:
        from trading_house.readiness import verified
    except ImportError:  # the readiness area is optional for curation
        return {}
    records = {}
    for kind, code in verified.IDENTITY_ITEMS.items():
        record = verified.valid_document(enterprise_id, code)
        if record is not None:
            records[kind] = record
    return records


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


#: The old name (tests).
decide = decide_identity
