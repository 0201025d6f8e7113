"""Special inspections (*pemeriksaan khusus*, done as *bedah koperasi*): the use cases.

A case opens from a trigger that must be true (a logged complaint, the RAT missed two years
running, the predicate Dalam Pengawasan Khusus) or from a referral that says who referred it;
one open case per cooperative. Its team diagnoses the cooperative in three tracks, records
findings with evidence and recommendations with an owner and a deadline, agrees a recovery plan
with the board, visits again, and climbs the sanction ladder one step at a time. Authorization
is in ``cases_policies``; these functions check it again so the CLI and tests obey the same rules.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.cooperatives.models import Cooperative, HealthPredicate
from trading_house.core import audit, uploads
from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import record_creation, transition
from trading_house.extensions import db
from trading_house.supervision import cases_policies as policies
from trading_house.supervision import plan_settings, risk
from trading_house.supervision.case_models import (
    CaseFinding,
    CaseMember,
    CaseRecommendation,
    CaseSanction,
    CaseStatus,
    CaseTrigger,
    CaseVisit,
    RecommendationStatus,
    SanctionStep,
    SpecialCase,
    TeamRole,
    Track,
)
from trading_house.supervision.plan_models import Complaint

MAX_TEXT = 10_000


def _clean_text(value: str | None, field: str, message, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    if len(value) > limit:
        raise DomainError(_l("Keep it under %(n)s characters.", n=limit), field=field)
    return value


def _past_date(day: date | None, field: str, message) -> date:
    if day is None:
        raise DomainError(message, field=field)
    if day > business_today():
        raise DomainError(_l("This date is in the future."), field=field)
    return day


def log_complaint(
    cooperative: Cooperative, *, received_on: date | None, source: str, summary: str, actor
) -> Complaint:
    """Log a complaint about a cooperative (it weighs on its risk for twelve months)."""
    policies.require_division(actor)
    complaint = Complaint(
        cooperative_id=cooperative.id,
        received_on=_past_date(received_on, "received_on", _l("Enter the date received.")),
        source=_clean_text(source, "source", _l("Say who complained."), 200),
        summary=_clean_text(summary, "summary", _l("Summarise the complaint.")),
        logged_by_id=actor.id,
    )
    db.session.add(complaint)
    db.session.flush()
    audit.record("supervision.complaint", actor=actor, subject=cooperative, complaint=complaint.id)
    return complaint


def open_case_of(cooperative: Cooperative) -> SpecialCase | None:
    return db.session.scalar(
        select(SpecialCase).where(
            SpecialCase.cooperative_id == cooperative.id,
            SpecialCase.status != CaseStatus.CLOSED,
        )
    )


def check_trigger(cooperative: Cooperative, trigger: str, complaint_id: int | None, note: str):
    """The trigger must be true of this cooperative today (a translated refusal otherwise)."""
    if trigger not in CaseTrigger.__members__.values():
        raise DomainError(_l("Choose a trigger from the list."), field="trigger")
    if trigger == CaseTrigger.COMPLAINT:
        complaint = db.session.get(Complaint, complaint_id or 0)
        if complaint is None or complaint.cooperative_id != cooperative.id:
            raise DomainError(
                _l("Choose one of the complaints logged about this cooperative."),
                field="complaint_id",
            )
        return complaint
    if trigger == CaseTrigger.MISSED_RAT and not risk.assess_risk(cooperative).missed_rat_twice:
        raise DomainError(
            _l("This cooperative did not miss its RAT two years running."), field="trigger"
        )
    if (
        trigger == CaseTrigger.SPECIAL_SUPERVISION
        and cooperative.health_predicate != HealthPredicate.DALAM_PENGAWASAN_KHUSUS
    ):
        raise DomainError(
            _l("This cooperative is not rated Dalam Pengawasan Khusus."), field="trigger"
        )
    if trigger == CaseTrigger.REFERRAL and not note.strip():
        raise DomainError(_l("Say who referred the cooperative and why."), field="note")
    return None


def open_case(
    cooperative: Cooperative,
    *,
    trigger: str,
    actor,
    note: str = "",
    complaint_id: int | None = None,
) -> SpecialCase:
    """Open a special inspection; the examiner who opens it is its first team member."""
    policies.require_division(actor)
    note = (note or "").strip()[:MAX_TEXT]
    if open_case_of(cooperative) is not None:
        raise DomainError(_l("This cooperative already has an open special inspection."))
    complaint = check_trigger(cooperative, trigger, complaint_id, note)
    case = SpecialCase(
        cooperative_id=cooperative.id,
        trigger=trigger,
        trigger_note=note,
        complaint_id=complaint.id if complaint is not None else None,
        status=CaseStatus.DIAGNOSIS,
        opened_on=business_today(),
        opened_by_id=actor.id,
    )
    if actor.has_role("examiner"):
        case.members.append(CaseMember(user_id=actor.id, role=TeamRole.EXAMINER))
    db.session.add(case)
    record_creation(case, actor=actor, reason=trigger)
    audit.record("supervision.case_opened", actor=actor, subject=case, trigger=trigger)
    return case


def add_member(case: SpecialCase, user_id: int | None, *, actor) -> CaseMember:
    """Seat an examiner (signs) or a clinic expert — a curator — (advises) on the team."""
    policies.require_sign(actor, case)
    _require_open_case(case)
    user = db.session.get(User, user_id or 0)
    if user is None or not user.active or not user.has_role("examiner", "curator"):
        raise DomainError(_l("Choose an examiner or a clinic expert."), field="user_id")
    if policies.member_of(user, case) is not None:
        raise DomainError(_l("%(name)s is already on the team.", name=user.display_name))
    role = TeamRole.EXAMINER if user.has_role("examiner") else TeamRole.EXPERT
    member = CaseMember(user_id=user.id, role=role)
    case.members.append(member)
    db.session.flush()
    audit.record("supervision.case_member", actor=actor, subject=case, user=user.id, role=role)
    return member


def _require_open_case(case: SpecialCase) -> None:
    if not case.is_open:
        raise DomainError(_l("This special inspection is closed."))


def add_finding(
    case: SpecialCase,
    *,
    track: str,
    text: str,
    actor,
    evidence: tuple[bytes, str] | None = None,
) -> CaseFinding:
    """A finding in one of the three tracks, with an optional evidence file (PDF, JPEG, PNG)."""
    policies.require_work(actor, case)
    _require_open_case(case)
    if track not in Track.__members__.values():
        raise DomainError(_l("Choose organisation, business or finance."), field="track")
    finding = CaseFinding(
        track=track,
        text=_clean_text(text, "text", _l("Describe the finding.")),
        created_by_id=actor.id,
    )
    if evidence is not None:
        data, filename = evidence
        try:
            document = uploads.store_document(
                data, filename, uploaded_by=actor, folder="supervision"
            )
        except uploads.UploadRejected as exc:
            raise uploads.naming_the_file(exc, filename, "evidence") from None
        finding.evidence_id = document.id
    case.findings.append(finding)
    db.session.flush()
    audit.record("supervision.finding", actor=actor, subject=case, finding=finding.id)
    return finding


def add_recommendation(
    case: SpecialCase, *, track: str, text: str, owner: str, due_on: date | None, actor
) -> CaseRecommendation:
    policies.require_work(actor, case)
    _require_open_case(case)
    if track not in Track.__members__.values():
        raise DomainError(_l("Choose organisation, business or finance."), field="track")
    if due_on is None:
        raise DomainError(_l("Give a deadline."), field="due_on")
    if due_on < business_today():
        raise DomainError(_l("The deadline cannot be in the past."), field="due_on")
    recommendation = CaseRecommendation(
        track=track,
        text=_clean_text(text, "text", _l("Write the recommendation.")),
        owner=_clean_text(owner, "owner", _l("Say who must carry it out."), 200),
        due_on=due_on,
        status=RecommendationStatus.OPEN,
    )
    case.recommendations.append(recommendation)
    db.session.flush()
    record_creation(recommendation, actor=actor)
    return recommendation


def move_recommendation(recommendation: CaseRecommendation, to: str, *, actor):
    policies.require_work(actor, recommendation.case)
    _require_open_case(recommendation.case)
    if to not in RecommendationStatus.__members__.values():
        raise DomainError(_l("Choose a status from the list."))
    return transition(recommendation, to, actor=actor)


def agree_recovery(case: SpecialCase, *, plan: str, agreed_on: date | None, actor) -> SpecialCase:
    """Record the recovery plan agreed with the board; the case moves to recovery (once)."""
    policies.require_sign(actor, case)
    _require_open_case(case)
    case.recovery_plan = _clean_text(plan, "plan", _l("Write the recovery plan."))
    case.recovery_agreed_on = _past_date(
        agreed_on, "agreed_on", _l("Enter the date the plan was agreed.")
    )
    if case.recovery_agreed_on < case.opened_on:
        raise DomainError(
            _l("The plan cannot be agreed before the case opened."), field="agreed_on"
        )
    if case.can_agree_recovery:
        transition(case, CaseStatus.RECOVERY, actor=actor)
    db.session.flush()
    audit.record("supervision.recovery_plan", actor=actor, subject=case)
    return case


def plan_visit(case: SpecialCase, *, planned_on: date | None, actor) -> CaseVisit:
    policies.require_work(actor, case)
    _require_open_case(case)
    if planned_on is None:
        raise DomainError(_l("Enter the date of the visit."), field="planned_on")
    visit = CaseVisit(
        planned_on=planned_on, examiner_id=actor.id if actor.has_role("examiner") else None
    )
    case.visits.append(visit)
    db.session.flush()
    return visit


def record_visit(visit: CaseVisit, *, visited_on: date | None, notes: str, actor) -> CaseVisit:
    policies.require_work(actor, visit.case)
    visit.visited_on = _past_date(visited_on, "visited_on", _l("Enter the date of the visit."))
    visit.notes = _clean_text(notes, "notes", _l("Write what you saw."))
    db.session.flush()
    return visit


def next_sanction(case: SpecialCase) -> SanctionStep | None:
    """The step of the admin's ladder that comes next for this case (None at the top)."""
    done = len(case.sanctions)
    steps = plan_settings.ladder()
    return steps[done] if done < len(steps) else None


def apply_next_sanction(case: SpecialCase, *, note: str, actor) -> CaseSanction:
    """Apply the next step of the ladder: never skip a step, never apply one twice."""
    policies.require_sign(actor, case)
    _require_open_case(case)
    step = next_sanction(case)
    if step is None:
        raise DomainError(_l("Every step of the sanction ladder has been applied."))
    sanction = CaseSanction(
        position=len(case.sanctions) + 1,
        kind=step.kind,
        title=step.title,
        applied_on=business_today(),
        applied_by_id=actor.id,
        note=_clean_text(note, "note", _l("Give the grounds for the sanction.")),
    )
    case.sanctions.append(sanction)
    # The unique (case, position) constraint stops a double click from applying it twice.
    db.session.flush()
    audit.record("supervision.sanction", actor=actor, subject=case, step=step.title)
    return sanction


def close_case(case: SpecialCase, *, note: str, actor) -> SpecialCase:
    policies.require_sign(actor, case)
    note = _clean_text(note, "note", _l("Say why the case is closed."))
    transition(case, CaseStatus.CLOSED, actor=actor, reason=note, closing_note=note)
    return case


def start_examination(case: SpecialCase, *, actor):
    """A special health examination of the cooperative for this case (the last closed book
    year), worked like any examination (``examinations.py``) and linked to the case."""
    from trading_house.supervision.examinations import open_examination
    from trading_house.supervision.models import ExaminationKind

    policies.require_sign(actor, case)
    _require_open_case(case)
    exam = open_examination(
        case.cooperative,
        year=business_today().year - 1,
        actor=actor,
        kind=ExaminationKind.SPECIAL,
    )
    exam.special_case_id = case.id
    db.session.flush()
    audit.record("supervision.case_examination", actor=actor, subject=case, examination=exam.id)
    return exam


def case_examinations(case: SpecialCase) -> list:
    from trading_house.supervision.models import Examination

    return list(
        db.session.scalars(
            select(Examination)
            .where(Examination.special_case_id == case.id)
            .order_by(Examination.id)
        )
    )


def open_clinic_session(
    recommendation: CaseRecommendation,
    *,
    held_on: date | None,
    topics: list[str],
    advice: str,
    actor,
):
    """Coach the cooperative's seller profile in the clinic on this recommendation."""
    from trading_house.readiness.clinic import record_session

    case = recommendation.case
    policies.require_open_clinic(actor, case)
    enterprise = case.cooperative.enterprise if case.cooperative.enterprise_id else None
    if enterprise is None:
        raise DomainError(_l("This cooperative has no seller profile on the marketplace to coach."))
    if held_on is None:
        raise DomainError(_l("Enter the date of the session."), field="held_on")
    if recommendation.clinic_session_id is not None:
        raise DomainError(_l("A clinic session was already opened from this recommendation."))
    session = record_session(
        enterprise,
        curator=actor,
        held_on=held_on,
        topics=topics,
        advice=advice,
        follow_ups=[(recommendation.text[:500], recommendation.due_on)],
    )
    recommendation.clinic_session_id = session.id
    db.session.flush()
    return session
