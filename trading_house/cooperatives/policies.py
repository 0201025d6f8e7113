"""Who may see and change a cooperative's records.

- its officers (``CooperativeOfficer`` rows with their user) keep the records current;
- its assigned examiner and administrators read them (administrators may also correct them);
- other areas grant more readers through ``records_access_hooks`` (the supervision area adds the
  examiners on the team of an open special inspection);
- the division (examiners and administrators) sees the registry list and legal data of every
  cooperative, but not the statements and findings of one it is not responsible for.

Objects another party may not see are a 404, not a 403 (their existence stays private).
"""

from collections.abc import Callable
from typing import Any

from flask import abort
from sqlalchemy import select

from trading_house.accounts.policies import is_admin, is_signed_in
from trading_house.cooperatives.models import Cooperative, CooperativeOfficer
from trading_house.extensions import db

#: ``hook(user, cooperative) -> bool``: more readers of a cooperative's records. Register with
#: :func:`add_records_access_hook` (e.g. from an area's ``register(registry)``).
records_access_hooks: list[Callable[[Any, Cooperative], bool]] = []


def add_records_access_hook(hook: Callable[[Any, Cooperative], bool]) -> Callable:
    if hook not in records_access_hooks:
        records_access_hooks.append(hook)
    return hook


def is_examiner(user: Any) -> bool:
    return is_signed_in(user) and user.has_role("examiner")


def is_division(user: Any) -> bool:
    """The Supervision and Inspection division: examiners and administrators."""
    return is_signed_in(user) and user.has_role("examiner", "admin")


def is_coop_officer(user: Any) -> bool:
    return is_signed_in(user) and user.has_role("coop_officer")


def officer_cooperative(user: Any) -> Cooperative | None:
    """The cooperative ``user`` is an officer of (the first, if several), or None."""
    if not is_coop_officer(user):
        return None
    return db.session.scalar(
        select(Cooperative)
        .join(CooperativeOfficer, CooperativeOfficer.cooperative_id == Cooperative.id)
        .where(CooperativeOfficer.user_id == user.id)
        .order_by(Cooperative.id)
        .limit(1)
    )


def is_officer_of(user: Any, cooperative: Cooperative) -> bool:
    if not is_coop_officer(user):
        return False
    return (
        db.session.scalar(
            select(CooperativeOfficer.id).where(
                CooperativeOfficer.cooperative_id == cooperative.id,
                CooperativeOfficer.user_id == user.id,
            )
        )
        is not None
    )


def is_assigned_examiner(user: Any, cooperative: Cooperative) -> bool:
    return is_examiner(user) and cooperative.assigned_examiner_id == user.id


def can_view_records(user: Any, cooperative: Cooperative) -> bool:
    """Statements, RAT records, members, audit reports and findings of ``cooperative``."""
    if not is_signed_in(user):
        return False
    if is_admin(user) or is_assigned_examiner(user, cooperative):
        return True
    if is_officer_of(user, cooperative):
        return True
    return any(hook(user, cooperative) for hook in records_access_hooks)


def can_edit_records(user: Any, cooperative: Cooperative) -> bool:
    """Its own officers keep the records; administrators may correct them."""
    return is_admin(user) or is_officer_of(user, cooperative)


def require_records_access(user: Any, cooperative: Cooperative | None) -> Cooperative:
    """The cooperative, or a 404 for anyone who may not see its records."""
    if cooperative is None or not can_view_records(user, cooperative):
        abort(404)
    return cooperative


def require_officer(user: Any, cooperative: Cooperative | None) -> Cooperative:
    """The cooperative when ``user`` may change its records (officer or admin), else 404 for
    strangers and 403 for readers (an assigned examiner sees it but does not edit it)."""
    if cooperative is None:
        abort(404)
    if can_edit_records(user, cooperative):
        return cooperative
    abort(403 if can_view_records(user, cooperative) else 404)


def require_division(user: Any) -> None:
    if not is_division(user):
        abort(403)


def readable_cooperative(user: Any, cooperative_id: int) -> Cooperative:
    """The cooperative with this id when ``user`` may read its records, else 404."""
    return require_records_access(user, db.session.get(Cooperative, cooperative_id))


def editable_cooperative(user: Any, cooperative_id: int) -> Cooperative:
    """The cooperative with this id when ``user`` may change its records (403/404 otherwise)."""
    return require_officer(user, db.session.get(Cooperative, cooperative_id))
