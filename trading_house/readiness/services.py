"""Readiness use cases: answering the checklist, verification, and admin changes that regrade.

Services take plain arguments, flush, and never commit; the view or command commits.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from trading_house.accounts.models import User
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.mail import queue_email
from trading_house.core.uploads import (
    UploadRejected,
    naming_the_file,
    release_document,
    store_document,
)
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db
from trading_house.notifications.services import Email, notify
from trading_house.readiness import checklist, destinations
from trading_house.readiness.formats import (
    NUMBER_FORMATS,
    as_int,
    local_today,
    normalise_number,
    number_is_valid,
)
from trading_house.readiness.lifecycle import (
    DECLARED,
    MISSING,
    REJECTED,
    SUBMITTED,
    VERIFIED,
    transition,
)
from trading_house.readiness.models import ChecklistItem, ReadinessAnswer, evidence_files
from trading_house.readiness.policies import enterprise_product
from trading_house.readiness.scoring import (
    ScoringContext,
    refresh_all_grades,
    refresh_enterprise_grades,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = ("pdf", "jpeg", "png")
#: A certificate front and back, a few pages of a report: more is not one piece of evidence.
MAX_FILES_PER_ANSWER = 5
MAX_YEARS_AHEAD = 30


@dataclass
class AnswerInput:
    note: str = ""
    certificate_number: str | None = None
    expires_on: date | None = None
    #: (bytes, file name) of each new evidence file; the current files stay.
    uploads: tuple[tuple[bytes, str], ...] = ()
    #: Ids of current evidence documents to remove (replacing = removing one, adding another).
    remove: tuple[int, ...] = ()
    #: True: send for verification; False: save as "declared".
    send: bool = False


def save_answer(
    enterprise: Enterprise, item_id, product_id, data: AnswerInput, *, actor
) -> ReadinessAnswer:
    """Save (and optionally send for verification) an answer of ``enterprise``.

    Refuses items of another checklist version, products of another enterprise, malformed
    certificate numbers and expiry dates in the past, before anything is written.
    """
    item = _current_item_by_id(item_id)
    product = None
    if item.scope == "product":
        product = enterprise_product(enterprise, product_id)
        if item not in ScoringContext.load().product_items_for(product):
            raise DomainError(_l("This item does not apply to this product's category."))
    elif product_id:
        raise DomainError(_l("This item is about the business, not about one product."))

    number = _checked_number(item, data.certificate_number)
    expires_on = _checked_expiry(item, data.expires_on)
    answer = db.session.scalar(
        select(ReadinessAnswer).where(
            ReadinessAnswer.item_id == item.id,
            ReadinessAnswer.enterprise_id == enterprise.id,
            ReadinessAnswer.product_id == product.id
            if product
            else ReadinessAnswer.product_id.is_(None),
        )
    )
    values = {
        "note": (data.note or "").strip(),
        "certificate_number": number,
        "expires_on": expires_on,
    }
    changed = answer is None or any(getattr(answer, k) != v for k, v in values.items())
    if answer is None:
        uploading = item.needs_document and data.uploads
        if not any(values.values()) and not uploading and not data.send:
            raise DomainError(_l("Enter or upload something before saving."), field="note")
        answer = ReadinessAnswer(
            item=item,
            enterprise_id=enterprise.id,
            product_id=product.id if product else None,
            state=MISSING,
        )
        db.session.add(answer)
    if answer.expires_on != expires_on:
        answer.reminded_60_at = answer.reminded_30_at = None
    for key, value in values.items():
        setattr(answer, key, value)
    if item.needs_document and _change_evidence(answer, enterprise, data, actor):
        changed = True
    if data.send:
        _check_complete(item, answer)
    target = SUBMITTED if data.send else DECLARED
    if answer.state != target and (changed or answer.state not in (VERIFIED, SUBMITTED)):
        transition(answer, target, actor=actor)
    db.session.flush()
    refresh_enterprise_grades(enterprise)
    return answer


def _current_item_by_id(item_id) -> ChecklistItem:
    template = checklist.current_template()
    item = db.session.get(ChecklistItem, as_int(item_id))
    if item is None or template is None:
        raise NotFound(_l("This checklist item does not exist."))
    if item.template_id != template.id:
        raise DomainError(
            _l(
                "This item belongs to another version of the checklist. "
                "Reload the page and answer the current version."
            )
        )
    return item


def _checked_number(item: ChecklistItem, raw: str | None) -> str | None:
    if not item.needs_number or not (raw or "").strip():
        return None
    number = normalise_number(raw, item.number_format)
    if item.number_format == "hs_code" and number.isdigit() and len(number) == 10:
        raise DomainError(destinations.TEN_DIGITS_EXPLAINED, field="certificate_number")
    if not number_is_valid(number, item.number_format):
        spec = NUMBER_FORMATS.get(item.number_format or "")
        if spec is None:
            raise DomainError(_l("Enter at most 60 characters."), field="certificate_number")
        raise DomainError(
            _l(
                "This is not a valid %(kind)s. Example: %(example)s",
                kind=spec.label,
                example=spec.example,
            ),
            field="certificate_number",
        )
    return number


def _checked_expiry(item: ChecklistItem, value: date | None) -> date | None:
    if not item.needs_expiry or value is None:
        return None
    today = local_today()
    if value < today:
        raise DomainError(
            _l("This date is in the past. Enter the expiry date of a certificate that is valid."),
            field="expires_on",
        )
    if (value - today).days > 366 * MAX_YEARS_AHEAD:
        raise DomainError(
            _l("Check the year: this date is more than 30 years away."), field="expires_on"
        )
    return value


def _change_evidence(answer: ReadinessAnswer, enterprise: Enterprise, data: AnswerInput, actor):
    """Remove the ticked files and add the new ones; True when the evidence changed.

    Refused as a whole (nothing stored) when the answer would hold too many files or the
    enterprise's quota is full. Removed files leave storage only after the commit.
    """
    ticked = set(data.remove)
    removed = [d for d in answer.documents if d.id in ticked]
    if not removed and not data.uploads:
        return False
    _check_answer_files(len(answer.documents) - len(removed) + len(data.uploads))
    for document in removed:
        answer.documents.remove(document)
    for upload in data.uploads:
        answer.documents.append(_store_evidence(upload, enterprise, actor))
    db.session.flush()
    if data.uploads:  # again, now that this upload holds the enterprise's lock (two tabs)
        _check_answer_files(
            db.session.scalar(
                select(func.count())
                .select_from(evidence_files)
                .where(evidence_files.c.answer_id == answer.id)
            )
            or 0
        )
    for document in removed:
        release_document(document)
    return True


def _check_answer_files(total: int) -> None:
    if total > MAX_FILES_PER_ANSWER:
        raise DomainError(
            _l(
                "An answer can keep at most %(max)s files, and this one would have %(total)s. "
                "Tick “Remove” next to the files you no longer need (at least %(excess)s), "
                "or add fewer files.",
                max=MAX_FILES_PER_ANSWER,
                total=total,
                excess=total - MAX_FILES_PER_ANSWER,
            ),
            field="evidence",
        )


def _store_evidence(upload: tuple[bytes, str], enterprise: Enterprise, actor):
    data, filename = upload
    try:
        return store_document(
            data,
            filename,
            uploaded_by=actor,
            allowed=EVIDENCE_KINDS,
            max_bytes=MAX_EVIDENCE_BYTES,
            folder="evidence",
            enterprise_id=enterprise.id,
        )
    except UploadRejected as exc:
        raise naming_the_file(exc, filename, "evidence") from exc


def _check_complete(item: ChecklistItem, answer: ReadinessAnswer) -> None:
    if item.needs_document and not answer.documents:
        raise DomainError(
            _l("Upload the document before sending it for verification."), field="evidence"
        )
    if item.needs_number and not answer.certificate_number:
        raise DomainError(
            _l("Enter the number before sending it for verification."), field="certificate_number"
        )
    if item.needs_expiry and not answer.expires_on:
        raise DomainError(
            _l("Enter the expiry date before sending it for verification."), field="expires_on"
        )
    if not item.needs_evidence and not answer.note:
        raise DomainError(_l("Write your answer in the note before sending it."), field="note")


def send_all_declared(enterprise: Enterprise, *, actor) -> tuple[int, int]:
    """Send every complete saved answer for verification; returns (sent, still incomplete)."""
    template = checklist.current_template()
    if template is None:
        return 0, 0
    answers = db.session.scalars(
        select(ReadinessAnswer)
        .join(ChecklistItem, ChecklistItem.id == ReadinessAnswer.item_id)
        .where(
            ReadinessAnswer.enterprise_id == enterprise.id,
            ReadinessAnswer.state == DECLARED,
            ChecklistItem.template_id == template.id,
        )
        .order_by(ReadinessAnswer.id)
    ).all()
    sent = incomplete = 0
    for answer in answers:
        try:
            _check_complete(answer.item, answer)
            _checked_expiry(answer.item, answer.expires_on)
        except DomainError:
            incomplete += 1
            continue
        transition(answer, SUBMITTED, actor=actor)
        sent += 1
    db.session.flush()
    if sent:
        refresh_enterprise_grades(enterprise)
    return sent, incomplete


# --- verification --------------------------------------------------------------------------


@dataclass
class QueueRow:
    enterprise: Enterprise
    waiting_since: datetime | None
    count: int


#: "Waiting over N days" choices, as in the curation queue.
QUEUE_AGES = (1, 3, 7, 14, 30)


def verification_queue(
    *, regency: str | None = None, older_than_days: int | None = None, sort: str = "oldest"
) -> list[QueueRow]:
    """Enterprises with answers waiting for a curator, the longest-waiting first.

    Same conventions as the curation queue: filter by regency and by waiting time, sort by the
    oldest (default) or newest waiting answer.
    """
    template = checklist.current_template()
    if template is None:
        return []
    oldest = func.min(ReadinessAnswer.submitted_at)
    query = (
        select(ReadinessAnswer.enterprise_id, oldest, func.count(ReadinessAnswer.id))
        .join(ChecklistItem, ChecklistItem.id == ReadinessAnswer.item_id)
        .join(Enterprise, Enterprise.id == ReadinessAnswer.enterprise_id)
        .where(ReadinessAnswer.state == SUBMITTED, ChecklistItem.template_id == template.id)
        .group_by(ReadinessAnswer.enterprise_id)
    )
    if regency:
        query = query.where(Enterprise.regency_code == regency)
    if older_than_days:
        query = query.having(oldest <= utcnow() - timedelta(days=older_than_days))
    order = oldest.desc() if sort == "newest" else oldest
    rows = db.session.execute(query.order_by(order, ReadinessAnswer.enterprise_id)).all()
    enterprises = {
        e.id: e
        for e in db.session.scalars(
            select(Enterprise).where(Enterprise.id.in_([r[0] for r in rows]))
        )
    }
    return [QueueRow(enterprises[eid], since, count) for eid, since, count in rows]


def answers_to_review(enterprise: Enterprise) -> list[ReadinessAnswer]:
    """The enterprise's submitted answers to the current version, oldest first."""
    template = checklist.current_template()
    if template is None:
        return []
    return list(
        db.session.scalars(
            select(ReadinessAnswer)
            .join(ChecklistItem, ChecklistItem.id == ReadinessAnswer.item_id)
            .where(
                ReadinessAnswer.enterprise_id == enterprise.id,
                ReadinessAnswer.state == SUBMITTED,
                ChecklistItem.template_id == template.id,
            )
            .order_by(ReadinessAnswer.product_id.is_not(None), ReadinessAnswer.submitted_at)
            .options(selectinload(ReadinessAnswer.documents))
        )
    )


def review_answer(answer: ReadinessAnswer, decision: str, *, actor, note: str | None = None):
    """A curator verifies an answer, or rejects it with a note the SME sees."""
    note = (note or "").strip()
    if decision not in (VERIFIED, REJECTED):
        raise DomainError(_l("Choose verify or reject."), field="decision")
    if decision == REJECTED and not note:
        raise DomainError(_l("Say what is wrong so the business can fix it."), field="note")
    template = checklist.current_template()
    if template is None or answer.item.template_id != template.id:
        raise DomainError(_l("This answer belongs to an older version of the checklist."))
    if decision == VERIFIED and answer.expires_on and answer.expires_on < local_today():
        raise DomainError(_l("This certificate has expired: reject it and ask for the renewal."))
    transition(answer, decision, actor=actor, note=note or None)
    url = public_url("readiness.overview", enterprise_id=answer.enterprise_id)
    if decision == REJECTED:
        notify_members(
            answer.enterprise,
            _l("An export-readiness answer needs another look"),
            "readiness_rejected",
            event="evidence.rejected",
            answer=answer,
            url=url,
        )
    else:
        # No e-mail for a verification (as before); WhatsApp for those who ask for it.
        notify_members(
            answer.enterprise, None, None, event="evidence.verified", answer=answer, url=url
        )
    db.session.flush()
    refresh_enterprise_grades(answer.enterprise)
    return answer


def notify_members(
    enterprise: Enterprise, subject, template: str | None, *, event: str | None = None, **context
) -> int:
    """Tell every member of ``enterprise`` in their own language: by e-mail (the outbox), or,
    for an ``event`` people choose a channel for, on the channel each member chose."""
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.enterprise_id == enterprise.id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    for user in members:
        locale = user.preferred_language or "id"
        context_for_user = dict(context, user=user, enterprise=enterprise)
        if event is None:
            queue_email(user.email, subject, template or "", str(locale), **context_for_user)
            continue
        answer = context.get("answer")
        notify(
            user,
            event,
            email=Email(subject, template, **context_for_user) if template else None,
            link=context.get("url"),
            item=answer.item.title_for(locale) if answer is not None else "",
            date=(
                format_date(answer.expires_on, "long", locale=locale)
                if answer is not None and answer.expires_on
                else ""
            ),
        )
    return len(members)


# --- administration that changes grades ------------------------------------------------------


def publish_template(template, *, actor, notes: str = ""):
    """Publish a draft version and regrade everyone against it."""
    result = checklist.publish_checklist(template, actor=actor, notes=notes)
    refresh_all_grades()
    return result


def change_settings(values: dict, *, actor):
    settings = checklist.update_readiness_settings(values, actor=actor)
    refresh_all_grades()
    return settings


def load_default(*, actor=None) -> tuple[bool, int]:
    """Load the default checklist, settings and destination rules where none exist yet."""
    template = checklist.load_default_template(actor=actor)
    rules = destinations.load_default_rules(checklist.resolve_category_key)
    if template is not None:
        refresh_all_grades()
    return template is not None, rules
