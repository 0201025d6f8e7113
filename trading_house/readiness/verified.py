"""Verify once: one record of a verified document, referenced by every place that needs it.

A curator verifies a document either on the identity page (NIB and NPWP) or as a checklist
answer. Both write one :class:`VerifiedDocument`; from it

* the checklist answer to the same item (by its stable code) becomes "verified" and points at it,
* the identity badge is granted when the NIB and NPWP both hold a valid record whose numbers are
  the ones in the business profile,
* destination rules read the answer (``destinations.required_documents``),
* clinic follow-ups pointing at the item close themselves.

When its certificate lapses, :func:`end_lapsed_records` ends the record and, in the same
transaction, every answer that shows it and the identity badge it supported.
"""

from datetime import date
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.clock import utcnow
from trading_house.curation.status import VerificationStatus
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.services import VERIFICATION_TRANSITIONS, set_verification_status
from trading_house.extensions import db
from trading_house.readiness import checklist
from trading_house.readiness.formats import normalise_number
from trading_house.readiness.lifecycle import EXPIRED, MISSING, SUBMITTED, VERIFIED, transition
from trading_house.readiness.models import (
    ChecklistItem,
    ClinicFollowUp,
    ClinicSession,
    ReadinessAnswer,
    VerifiedDocument,
)
from trading_house.readiness.status import DocumentState

#: Identity-page document kind -> the checklist item code it answers.
IDENTITY_ITEMS = {"nib": "ent.nib", "npwp": "ent.npwp"}
IDENTITY_NOTE = _l("Verified on the legal-identity page.")


def valid_document(
    enterprise_id: int, item_code: str, product_id: int | None = None
) -> VerifiedDocument | None:
    """The current valid verification of this document, if any."""
    return db.session.scalar(
        select(VerifiedDocument)
        .where(
            VerifiedDocument.enterprise_id == enterprise_id,
            VerifiedDocument.item_code == item_code,
            VerifiedDocument.product_id == product_id
            if product_id
            else VerifiedDocument.product_id.is_(None),
            VerifiedDocument.state == DocumentState.VALID,
        )
        .order_by(VerifiedDocument.id.desc())
        .limit(1)
    )


def _record_verification(
    enterprise_id: int,
    item_code: str,
    product_id: int | None,
    *,
    number: str | None,
    expires_on: date | None,
    source: str,
    actor,
) -> VerifiedDocument:
    """Write the one record, ending the one it replaces."""
    now = utcnow()
    previous = valid_document(enterprise_id, item_code, product_id)
    if previous is not None:
        previous.state = DocumentState.SUPERSEDED
        previous.ended_at = now
    document = VerifiedDocument(
        enterprise_id=enterprise_id,
        product_id=product_id,
        item_code=item_code,
        number=number,
        expires_on=expires_on,
        source=source,
        verified_at=now,
        verified_by_id=getattr(actor, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    return document


def on_verified(answer: ReadinessAnswer, *, actor, document: VerifiedDocument | None = None):
    """An answer became verified (``lifecycle.transition``): link it to its one record.

    Without ``document`` a curator verified the answer itself: the record is written here and
    applied everywhere else (identity badge, clinic follow-ups).
    """
    if document is None:
        document = _record_verification(
            answer.enterprise_id,
            answer.item.code,
            answer.product_id,
            number=answer.certificate_number,
            expires_on=answer.expires_on,
            source="checklist",
            actor=actor,
        )
        _apply_verification(document, actor=actor)
    answer.verified_document_id = document.id
    return document


def on_expired(answer: ReadinessAnswer) -> None:
    """An answer expired: its record ends too (when it was the only place showing it)."""
    document = answer.verified_document
    if document is not None and document.state == DocumentState.VALID:
        document.state = DocumentState.EXPIRED
        document.ended_at = utcnow()


def identity_verified(
    enterprise: Enterprise, files: dict, *, actor, kinds=tuple(IDENTITY_ITEMS)
) -> list[VerifiedDocument]:
    """A curator verified NIB and NPWP on the identity page: record both and apply them.

    ``files`` maps each identity kind to its uploaded ``Document`` rows; they become the
    evidence of a checklist answer that has none yet.
    """
    records = []
    for kind, code in IDENTITY_ITEMS.items():
        if kind not in kinds:
            continue
        number = getattr(enterprise, kind, None)
        document = _record_verification(
            enterprise.id,
            code,
            None,
            number=normalise_number(number, kind) if number else None,
            expires_on=None,
            source="identity",
            actor=actor,
        )
        _verify_answer(enterprise, code, document, files.get(kind) or [], actor=actor)
        _close_follow_ups(document, actor=actor)
        records.append(document)
    return records


def record_existing_identities() -> int:
    """Businesses whose identity was verified without a record (demo data, older paths) get
    their NIB/NPWP records and verified checklist answers; returns how many records."""
    count = 0
    businesses = db.session.scalars(
        select(Enterprise)
        .where(Enterprise.verification_status == VerificationStatus.VERIFIED)
        .order_by(Enterprise.id)
    ).all()
    for enterprise in businesses:
        kinds = [
            k for k, code in IDENTITY_ITEMS.items() if valid_document(enterprise.id, code) is None
        ]
        if kinds:
            actor = SimpleNamespace(id=enterprise.verified_by_id)
            count += len(identity_verified(enterprise, {}, actor=actor, kinds=kinds))
    return count


def _current_item_by_code(code: str) -> ChecklistItem | None:
    template = checklist.current_template()
    if template is None:
        return None
    return next((i for i in template.items if i.code == code), None)


def _verify_answer(enterprise: Enterprise, code: str, document: VerifiedDocument, files, *, actor):
    """Make the enterprise's answer to ``code`` show ``document`` (creating it if needed)."""
    item = _current_item_by_code(code)
    if item is None:
        return None
    answer = db.session.scalar(
        select(ReadinessAnswer).where(
            ReadinessAnswer.item_id == item.id,
            ReadinessAnswer.enterprise_id == enterprise.id,
            ReadinessAnswer.product_id.is_(None),
        )
    )
    if answer is None:
        answer = ReadinessAnswer(
            item=item, enterprise_id=enterprise.id, product_id=None, state=MISSING
        )
        db.session.add(answer)
    if item.needs_number and document.number:
        answer.certificate_number = document.number
    if item.needs_document and not answer.documents:
        answer.documents = list(files)[:5]
    note = str(IDENTITY_NOTE)
    if answer.state != VERIFIED:
        if answer.state != SUBMITTED:
            transition(answer, SUBMITTED, actor=actor, note=note)
        transition(answer, VERIFIED, actor=actor, note=note, document=document)
    answer.verified_document_id = document.id
    db.session.flush()
    return answer


def _apply_verification(document: VerifiedDocument, *, actor) -> None:
    """Everything a new verification satisfies besides its own answer."""
    if document.item_code in IDENTITY_ITEMS.values() and document.product_id is None:
        _grant_identity_badge(document.enterprise_id, actor=actor)
    _close_follow_ups(document, actor=actor)


def _digits(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def _grant_identity_badge(enterprise_id: int, *, actor) -> bool:
    """Verified NIB and NPWP answers matching the profile give the identity badge too."""
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None or enterprise.verification_status == VerificationStatus.VERIFIED:
        return False
    for kind, code in IDENTITY_ITEMS.items():
        record = valid_document(enterprise_id, code)
        profile = _digits(getattr(enterprise, kind, None))
        if record is None or not profile or _digits(record.number) != profile:
            return False
    if VerificationStatus.VERIFIED not in VERIFICATION_TRANSITIONS.get(
        enterprise.verification_status, set()
    ):
        return False
    set_verification_status(
        enterprise,
        VerificationStatus.VERIFIED,
        actor=actor,
        note=str(_l("NIB and NPWP verified as checklist items.")),
    )
    return True


def _close_follow_ups(document: VerifiedDocument, *, actor) -> int:
    """Clinic follow-ups waiting for this document are done, by the verification."""
    query = (
        select(ClinicFollowUp)
        .join(ClinicSession, ClinicSession.id == ClinicFollowUp.session_id)
        .where(
            ClinicSession.enterprise_id == document.enterprise_id,
            ClinicFollowUp.item_code == document.item_code,
            ClinicFollowUp.done_at.is_(None),
        )
    )
    if document.product_id:
        query = query.where(ClinicFollowUp.product_id == document.product_id)
    else:
        query = query.where(ClinicFollowUp.product_id.is_(None))
    follow_ups = db.session.scalars(query).all()
    for follow_up in follow_ups:
        follow_up.done_at = utcnow()
        follow_up.done_by_id = getattr(actor, "id", None)
        follow_up.closed_by_document_id = document.id
    db.session.flush()
    return len(follow_ups)


def close_satisfied_follow_ups() -> int:
    """Close open follow-ups whose item already holds a valid verification (hourly refresh)."""
    open_ones = db.session.scalars(
        select(ClinicFollowUp)
        .where(ClinicFollowUp.done_at.is_(None), ClinicFollowUp.item_code.is_not(None))
        .order_by(ClinicFollowUp.id)
    ).all()
    closed = 0
    for follow_up in open_ones:
        document = valid_document(
            follow_up.session.enterprise_id, follow_up.item_code or "", follow_up.product_id
        )
        if document is not None:
            follow_up.done_at = utcnow()
            follow_up.closed_by_document_id = document.id
            closed += 1
    db.session.flush()
    return closed


def end_lapsed_records(today: date) -> list[ReadinessAnswer]:
    """End every valid record whose certificate ended before ``today``, everywhere at once.

    Returns the answers that became expired (their members are told by the caller).
    """
    lapsed = db.session.scalars(
        select(VerifiedDocument)
        .where(
            VerifiedDocument.state == DocumentState.VALID,
            VerifiedDocument.expires_on.is_not(None),
            VerifiedDocument.expires_on < today,
        )
        .order_by(VerifiedDocument.id)
        .with_for_update(skip_locked=True)
    ).all()
    expired: list[ReadinessAnswer] = []
    now = utcnow()
    for document in lapsed:
        document.state = DocumentState.EXPIRED
        document.ended_at = now
        note = f"certificate valid until {document.expires_on}"  # a date (the query says so)
        answers = db.session.scalars(
            select(ReadinessAnswer)
            .where(
                ReadinessAnswer.verified_document_id == document.id,
                ReadinessAnswer.state == VERIFIED,
            )
            .order_by(ReadinessAnswer.id)
        ).all()
        for answer in answers:
            transition(answer, EXPIRED, actor=None, note=note)
            expired.append(answer)
        if document.item_code in IDENTITY_ITEMS.values() and document.product_id is None:
            enterprise = db.session.get(Enterprise, document.enterprise_id)
            if (
                enterprise is not None
                and enterprise.verification_status == VerificationStatus.VERIFIED
            ):
                set_verification_status(
                    enterprise, VerificationStatus.UNVERIFIED, actor=None, note=note
                )
    db.session.flush()
    return expired
