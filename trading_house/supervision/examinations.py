"""Examinations: the cooperative's self-assessment, the examiner's verification (field saves
from a phone, applied once), finalising with its predicate."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from trading_house.core import audit
from trading_house.core.clock import business_today, utcnow
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import record_creation, transition
from trading_house.core.uploads import UploadRejected, naming_the_file, store_document
from trading_house.extensions import db
from trading_house.supervision import scoring
from trading_house.supervision.labels import PREDICATE_LABELS
from trading_house.supervision.models import (
    YES_NO_ANSWERS,
    Examination,
    ExaminationAnswer,
    ExaminationKind,
    ExaminationStatus,
    FieldSave,
    WorksheetKind,
)
from trading_house.supervision.worksheets import published_template

MAX_NOTE = 2000
#: Revisions and draft ids come from the browser: bounded so a hostile client cannot bloat rows.
MAX_DRAFT_ID = 64
MAX_REVISION = 10**9


def submitted_statement_for(exam: Examination):
    """The cooperative's statement of the examined year (submitted ones only), or None."""
    from trading_house.cooperatives.models import FinancialStatement, StatementStatus

    return db.session.scalar(
        select(FinancialStatement).where(
            FinancialStatement.cooperative_id == exam.cooperative_id,
            FinancialStatement.year == exam.year,
            FinancialStatement.status == StatementStatus.SUBMITTED,
        )
    )


def refresh_ratios(exam: Examination) -> dict[str, Decimal | None]:
    """Fill the ratio items from the statement: computed, never typed."""
    from trading_house.cooperatives.ratios import ratios_for

    statement = submitted_statement_for(exam)
    ratios = ratios_for(statement) if statement is not None else {}
    for answer in exam.answers:
        if answer.item.is_ratio:
            value = ratios.get(answer.item.ratio_key or "")
            answer.value = value.quantize(Decimal("0.0001")) if value is not None else None
    return ratios


def open_examination(
    cooperative,
    *,
    year: int,
    actor,
    kind: str = ExaminationKind.ROUTINE,
    worksheet: str | None = None,
) -> Examination:
    """Start an examination of ``year`` with the published worksheet; it opens for the
    cooperative's self-assessment. One routine examination per cooperative and year."""
    today = business_today()
    if year > today.year:
        raise DomainError(_l("The examined year cannot be in the future."), field="year")
    founded = getattr(cooperative, "founded_on", None)
    if founded is not None and year < founded.year:
        raise DomainError(
            _l("The cooperative was founded in %(year)s.", year=founded.year), field="year"
        )
    if kind == ExaminationKind.ROUTINE:
        exists = db.session.scalar(
            select(Examination.id).where(
                Examination.cooperative_id == cooperative.id,
                Examination.year == year,
                Examination.kind == ExaminationKind.ROUTINE,
            )
        )
        if exists:
            raise DomainError(
                _l("This cooperative already has a routine examination for %(year)s.", year=year),
                field="year",
            )
    template = published_template(worksheet or WorksheetKind.KKPKK)
    if template is None:
        raise DomainError(_l("No worksheet is published yet: an admin must publish one first."))
    examiner_id = cooperative.assigned_examiner_id
    if actor is not None and actor.has_role("examiner"):
        examiner_id = actor.id
    exam = Examination(
        cooperative=cooperative,
        template=template,
        kind=kind,
        year=year,
        examiner_id=examiner_id,
    )
    for item in template.items:
        exam.answers.append(ExaminationAnswer(item=item))
    db.session.add(exam)
    db.session.flush()
    refresh_ratios(exam)
    record_creation(exam, actor=actor)
    audit.record("examination.opened", actor=actor, subject=exam, year=year, kind=str(kind))
    return exam


def _answer(exam: Examination, item_id: int) -> ExaminationAnswer:
    for answer in exam.answers:
        if answer.item_id == item_id:
            return answer
    raise DomainError(_l("This question is not on the worksheet."))


def _clean_answer(value) -> str | None:
    value = (value or "").strip().lower() if isinstance(value, str) else None
    if value in ("", None):
        return None
    if value not in YES_NO_ANSWERS:
        raise DomainError(_l("Answer yes or no."))
    return value


def save_self_assessment(
    exam: Examination, answers: dict[int, dict], *, actor, files: dict | None = None
) -> int:
    """The cooperative's answers (yes/no, note, evidence file) to the items it may answer.

    Ratio items are not taken from the form: they come from the statement."""
    if not exam.is_self_assessment:
        raise DomainError(_l("The self-assessment was sent: it cannot be changed now."))
    changed = 0
    for item_id, given in answers.items():
        answer = _answer(exam, item_id)
        if answer.item.is_ratio or not answer.item.self_assessable:
            continue
        value = _clean_answer(given.get("answer"))
        note = (given.get("note") or "").strip()[:MAX_NOTE]
        if (value, note) != (answer.self_answer, answer.note):
            answer.self_answer = value
            answer.answer = value
            answer.note = note
            changed += 1
    for item_id, upload in (files or {}).items():
        answer = _answer(exam, item_id)
        if answer.item.is_ratio:
            continue
        try:
            answer.evidence = store_document(
                upload.read(),
                upload.filename or "bukti",
                uploaded_by=actor,
                folder="supervision",
                enterprise_id=exam.cooperative.enterprise_id,
            )
        except UploadRejected as exc:
            raise naming_the_file(exc, upload.filename, f"evidence_{item_id}") from None
        changed += 1
    refresh_ratios(exam)
    return changed


def submit_self_assessment(exam: Examination, *, actor) -> None:
    """Send the self-assessment to the examiner; every question it may answer is answered."""
    missing = [
        a
        for a in exam.answers
        if not a.item.is_ratio and a.item.self_assessable and a.self_answer is None
    ]
    if missing:
        raise DomainError(
            _l("Answer every question before sending (%(count)s left).", count=len(missing))
        )
    transition(exam, ExaminationStatus.SUBMITTED, actor=actor)
    audit.record("examination.submitted", actor=actor, subject=exam)


def start_review(exam: Examination, *, actor) -> None:
    """The examiner takes the examination up for verification."""
    transition(exam, ExaminationStatus.IN_REVIEW, actor=actor, examiner_id=actor.id)


def return_to_cooperative(exam: Examination, *, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say what the cooperative must complete."), field="reason")
    transition(exam, ExaminationStatus.SELF_ASSESSMENT, actor=actor, reason=reason[:MAX_NOTE])
    _tell_officers(
        exam,
        _l("Self-assessment sent back: %(name)s", name=exam.cooperative.name),
        "examination_returned",
        reason=reason[:MAX_NOTE],
    )


def _tell_officers(exam: Examination, subject, template: str, **context) -> None:
    """E-mail (through the outbox) every officer of the cooperative who has an account."""
    from trading_house.core.mail import queue_email
    from trading_house.core.urls import public_url

    link = public_url("supervision.self_assessment", examination_id=exam.id)
    for officer in exam.cooperative.officers:
        user = officer.user
        if user is None or not user.active:
            continue
        queue_email(
            user.email,
            subject,
            template,
            user.preferred_language or "id",
            cooperative=exam.cooperative,
            year=exam.year,
            link=link,
            **context,
        )


@dataclass
class FieldSaveResult:
    revision: int
    #: The same save had arrived before (a resend): nothing changed.
    duplicate: bool
    #: A newer revision of the same draft had arrived before: nothing changed.
    stale: bool
    changed: int


def apply_field_save(
    exam: Examination, *, draft_id: str, revision: int, answers: dict, actor
) -> FieldSaveResult:
    """Apply one save of the examiner's browser draft exactly once.

    The browser sends its whole draft with a random draft id and a revision that grows with
    every change, and resends until it gets an answer. ``(examination, draft id, revision)`` is
    unique: a resend finds its row and changes nothing; an older revision arriving after a newer
    one (two queued saves racing) is recorded but not applied, so answers never go back.
    """
    draft_id = (draft_id or "").strip()
    if not draft_id or len(draft_id) > MAX_DRAFT_ID or not 1 <= revision <= MAX_REVISION:
        raise DomainError(_l("This save is not valid; reload the page."))
    if not exam.is_in_review:
        raise DomainError(_l("This worksheet is not open for verification."))
    seen = db.session.scalar(
        select(FieldSave).where(
            FieldSave.examination_id == exam.id,
            FieldSave.draft_id == draft_id,
            FieldSave.revision == revision,
        )
    )
    if seen is not None:
        return FieldSaveResult(revision, duplicate=True, stale=False, changed=seen.changed)
    newest = db.session.scalar(
        select(func.max(FieldSave.revision)).where(
            FieldSave.examination_id == exam.id, FieldSave.draft_id == draft_id
        )
    )
    stale = newest is not None and newest > revision
    record = FieldSave(
        examination_id=exam.id, draft_id=draft_id, revision=revision, examiner_id=actor.id
    )
    try:
        # Claim the revision first: of two copies of one save racing, only one inserts the row.
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        return FieldSaveResult(revision, duplicate=True, stale=False, changed=0)
    record.changed = 0 if stale else _apply_answers(exam, answers, actor=actor)
    return FieldSaveResult(revision, duplicate=False, stale=stale, changed=record.changed)


def _apply_answers(exam: Examination, answers: dict, *, actor) -> int:
    changed = 0
    now = utcnow()
    for key, given in (answers or {}).items():
        try:
            item_id = int(key)
        except (TypeError, ValueError):
            raise DomainError(_l("This question is not on the worksheet.")) from None
        answer = _answer(exam, item_id)
        if answer.item.is_ratio or not isinstance(given, dict):
            continue
        value = _clean_answer(given.get("answer"))
        note = str(given.get("note") or "").strip()[:MAX_NOTE]
        if value is None:
            # Not verified on the phone (yet): the cooperative's own answer stands; a
            # verification taken back returns to it.
            if not answer.is_verified and note == answer.examiner_note:
                continue
            answer.answer = answer.self_answer
            answer.verified_by_id = None
            answer.verified_at = None
        elif (value, note) == (answer.answer, answer.examiner_note) and answer.is_verified:
            continue
        else:
            answer.answer = value
            answer.verified_by_id = actor.id
            answer.verified_at = now
        answer.examiner_note = note
        changed += 1
    return changed


def finalise(
    exam: Examination,
    *,
    actor,
    visited_on,
    visit_place: str,
    present: str,
    conclusions: str,
    recommendations: str,
) -> scoring.ScoreResult:
    """Score the examination, close it and give the cooperative its predicate."""
    if visited_on is None or visited_on > business_today():
        raise DomainError(_l("The visit date cannot be in the future."), field="visited_on")
    unanswered = [
        a for a in exam.answers if not a.item.is_ratio and (a.answer is None or not a.is_verified)
    ]
    if unanswered:
        raise DomainError(
            _l("Verify every question before finalising (%(count)s left).", count=len(unanswered))
        )
    if submitted_statement_for(exam) is None:
        raise DomainError(
            _l(
                "There is no submitted financial statement for %(year)s: the ratios cannot be "
                "computed. Ask the cooperative to submit it first.",
                year=exam.year,
            )
        )
    refresh_ratios(exam)
    result = scoring.score_examination(exam)
    if result.total is None:
        raise DomainError(_l("Nothing on this worksheet can be scored."))
    exam.visited_on = visited_on
    exam.visit_place = (visit_place or "").strip()[:300]
    exam.present = (present or "").strip()[:MAX_NOTE]
    exam.conclusions = (conclusions or "").strip()[:10000]
    exam.recommendations = (recommendations or "").strip()[:10000]
    transition(exam, ExaminationStatus.FINALISED, actor=actor, finalised_by_id=actor.id)
    set_predicate(exam, actor=actor)
    _tell_officers(
        exam,
        _l("Health examination finalised: %(name)s", name=exam.cooperative.name),
        "examination_finalised",
        score=exam.total_score,
        predicate=PREDICATE_LABELS.get(exam.predicate or "") or exam.predicate,
    )
    return result


def set_predicate(exam: Examination, *, actor) -> None:
    """The one writer of a cooperative's health predicate: a finalised examination."""
    from trading_house.cooperatives.services import record_change
    from trading_house.supervision.certificates import revoke_below_threshold

    cooperative = exam.cooperative
    before = {
        "health_predicate": cooperative.health_predicate,
        "predicate_rated_on": str(cooperative.predicate_rated_on or ""),
    }
    cooperative.health_predicate = exam.predicate
    cooperative.predicate_rated_on = business_today()
    record_change(
        cooperative,
        actor,
        "health_predicate",
        before,
        {"health_predicate": exam.predicate, "predicate_rated_on": str(business_today())},
    )
    revoke_below_threshold(exam, actor=actor)
