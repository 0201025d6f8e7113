"""Who may do what in the division's plan and special cases.

- **Division** (the plan, complaints, the case list, the dashboard): examiners and admins.
- A **case** is read by admins, its team, the cooperative's assigned examiner and the
  cooperative's own officers; anyone else gets a 404 (its existence is private).
- Its team works on it: examiners and clinic experts (curators) add findings and
  recommendations; only examiners on the team (and admins) *sign*: agree the recovery plan,
  apply sanctions, close the case. A clinic session is opened by a curator or admin.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.policies import is_admin, is_signed_in
from trading_house.cooperatives.policies import (  # noqa: F401 - re-exported: one place
    is_division,
    officer_cooperative,
    require_division,
)
from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.extensions import db
from trading_house.supervision.case_models import (
    CaseFinding,
    CaseMember,
    CaseRecommendation,
    CaseStatus,
    CaseVisit,
    SpecialCase,
    TeamRole,
)


def member_of(user, case: SpecialCase) -> CaseMember | None:
    if not is_signed_in(user):
        return None
    return next((m for m in case.members if m.user_id == user.id), None)


def _is_officer(user, case: SpecialCase) -> bool:
    cooperative = officer_cooperative(user)
    return cooperative is not None and cooperative.id == case.cooperative_id


def can_read_case(user, case: SpecialCase) -> bool:
    if not is_signed_in(user):
        return False
    if is_admin(user) or member_of(user, case) is not None:
        return True
    if case.cooperative.assigned_examiner_id == user.id:
        return True
    return _is_officer(user, case)


def can_work(user, case: SpecialCase) -> bool:
    """Add findings, recommendations, visits; follow recommendations up."""
    return is_admin(user) or member_of(user, case) is not None


def can_sign(user, case: SpecialCase) -> bool:
    """Agree the recovery plan, apply a sanction, close the case, choose the team."""
    if is_admin(user):
        return True
    seat = member_of(user, case)
    return seat is not None and seat.role == TeamRole.EXAMINER and user.has_role("examiner")


def can_open_clinic(user, case: SpecialCase) -> bool:
    return is_admin(user) or (member_of(user, case) is not None and user.has_role("curator"))


#: One message for "does not exist" and "not yours to see" (existence stays private).
NOT_FOUND = _l("This page does not exist.")


def require_open_clinic(user, case: SpecialCase) -> None:
    if not can_open_clinic(user, case):
        raise PermissionDenied(
            _l("Only a clinic expert on the team or an administrator can open a clinic session.")
        )


def get_case(user, case_id: int) -> SpecialCase:
    """The case if ``user`` may read it, else 404."""
    case = db.session.get(SpecialCase, case_id)
    if case is None or not can_read_case(user, case):
        raise NotFound(NOT_FOUND)
    return case


def require_work(user, case: SpecialCase) -> None:
    if not can_work(user, case):
        raise PermissionDenied(_l("Only the case team can do that."))


def require_sign(user, case: SpecialCase) -> None:
    if not can_sign(user, case):
        raise PermissionDenied(
            _l("Only an examiner on the team can do that: clinic experts advise but do not sign.")
        )


def _child(model, case: SpecialCase, child_id: int):
    child = db.session.scalar(select(model).where(model.id == child_id, model.case_id == case.id))
    if child is None:
        raise NotFound(NOT_FOUND)
    return child


def get_recommendation(case: SpecialCase, recommendation_id: int) -> CaseRecommendation:
    return _child(CaseRecommendation, case, recommendation_id)


def get_visit(case: SpecialCase, visit_id: int) -> CaseVisit:
    return _child(CaseVisit, case, visit_id)


def get_finding(case: SpecialCase, finding_id: int) -> CaseFinding:
    return _child(CaseFinding, case, finding_id)


def open_case_cooperative_ids_of(user) -> set[int]:
    """Cooperatives whose records ``user`` may see as a member of an open case's team (the hook
    ``cooperatives.policies.can_view_records`` asks)."""
    if not is_signed_in(user):
        return set()
    return set(
        db.session.scalars(
            select(SpecialCase.cooperative_id)
            .join(CaseMember, CaseMember.case_id == SpecialCase.id)
            .where(CaseMember.user_id == user.id, SpecialCase.status != CaseStatus.CLOSED)
        )
    )


def on_open_case_team(user, cooperative) -> bool:
    """``cooperatives.policies`` records-access hook: the team of an open case reads its records."""
    return cooperative.id in open_case_cooperative_ids_of(user)
