"""Who may do what with examinations and certificates.

- The cooperative's officers: their own cooperative's examinations (self-assessment, reports).
- Examiners: the examinations they lead or of the cooperatives assigned to them; special
  inspection teams are added through ``EXAMINER_HOOKS`` (cases register a check there).
- Admins: everything, and the worksheet templates and certificate revocation.
Others get a 404: an examination is not even shown to exist.
"""

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from trading_house.accounts.policies import _role_required, is_admin
from trading_house.cooperatives.policies import is_division, is_examiner, is_officer_of
from trading_house.core.errors import NotFound, PermissionDenied

#: ``hook(user, examination) -> bool``: more examiners who may work on an examination.
EXAMINER_HOOKS: list[Callable[[Any, Any], bool]] = []


def can_examine(user: Any, exam) -> bool:
    if is_admin(user):
        return True
    if not is_examiner(user):
        return False
    if user.id in (exam.examiner_id, exam.cooperative.assigned_examiner_id):
        return True
    return any(hook(user, exam) for hook in EXAMINER_HOOKS)


def require_examiner_of(user: Any, exam) -> None:
    if exam is None or not can_examine(user, exam):
        raise NotFound(_l("Examination not found."))


def require_officer_of(user: Any, exam) -> None:
    """The cooperative's officers (and admins) fill its self-assessment."""
    if exam is None or not (is_admin(user) or is_officer_of(user, exam.cooperative)):
        raise NotFound(_l("Examination not found."))


def can_read(user: Any, exam) -> bool:
    """Reports and evidence: its officers, its examiners, admins."""
    return exam is not None and (can_examine(user, exam) or is_officer_of(user, exam.cooperative))


def require_reader(user: Any, exam) -> None:
    if not can_read(user, exam):
        raise NotFound(_l("Examination not found."))


def require_admin_action(user: Any) -> None:
    if not is_admin(user):
        raise PermissionDenied(_l("Only administrators can do that."))


#: Examiners and admins (sign in first, 403 for others).
division_required = _role_required(is_division)
