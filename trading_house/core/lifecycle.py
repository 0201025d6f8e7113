"""The one way a status changes (DESIGN.md §4, STYLE.md pattern 5).

Each lifecycle is a :class:`Lifecycle`: its statuses (a ``StrEnum``), its transition table and
how it records an event. A model names its lifecycle in ``LIFECYCLE``; nothing else assigns
``status``. :func:`transition` moves an object:

1. it checks the table (``InvalidTransition`` with a translated message when the move is not
   allowed from the status the object shows);
2. it writes the new status with a compare-and-set UPDATE
   (``UPDATE … SET status = :to WHERE id = :id AND status = :from``) and checks the row count, so
   two requests racing for the same move (a double click, two tabs, two staff members, two workers)
   cannot both win, on SQLite (one writer at a time) and on PostgreSQL (the second UPDATE waits for
   the first transaction's row lock and then matches no row). The loser gets ``StaleTransition``,
   a translated "someone else did this first" message; its object shows the winner's status;
3. it appends the lifecycle's event row (who, when, from, to, reason) in the same transaction and
   runs the lifecycle's ``after`` hooks (notifications through the outbox).

Templates never compare status strings: models expose ``can_<action>`` predicates made with
:class:`CanMove` (the table decides) and ``is_<state>`` ones made with :class:`StatusIs`.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, update
from sqlalchemy.orm.attributes import set_committed_value

from trading_house.core.cache import note_change
from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.core.sql import in_list
from trading_house.core.tx import changed_rows
from trading_house.extensions import db


class StaleTransition(InvalidTransition):
    """Another transaction moved the object first; the object now shows its new status."""


class Actor(Protocol):
    id: int


#: ``record(obj, from_status, to_status, actor=…, reason=…, data=…)`` writes the event row.
EventRecorder = Callable[..., Any]
#: ``hook(obj, from_status, to_status, actor=…)`` runs after the move (same transaction).
AfterHook = Callable[..., None]


@dataclass(eq=False)
class Lifecycle:
    """One lifecycle: its statuses, the allowed moves, and how a move is recorded."""

    #: Short name, used as ``subject_type`` of generic status events ("product", "payment").
    name: str
    statuses: type[StrEnum]
    #: status -> statuses it may move to.
    table: Mapping[str, Iterable[str]]
    #: Writes the event row; ``record_status_event`` (the generic table) when not given.
    record: EventRecorder | None = None
    #: Column stamped with the time of arrival in a status, e.g. {"shipped": "shipped_at"}.
    stamps: Mapping[str, str] = field(default_factory=dict)
    #: Labels of the statuses for messages and badges (lazy strings).
    labels: Mapping[str, Any] = field(default_factory=dict)
    after: list[AfterHook] = field(default_factory=list)

    def __post_init__(self) -> None:
        known = {s.value for s in self.statuses}
        for source, targets in self.table.items():
            unknown = ({source} | set(targets)) - known
            if unknown:
                raise ValueError(f"lifecycle {self.name}: unknown statuses {sorted(unknown)}")
        self.table = {str(k): frozenset(str(t) for t in v) for k, v in self.table.items()}

    def allowed(self, status: str) -> frozenset[str]:
        return frozenset(self.table.get(status, ()))

    def can(self, status: str, to: str) -> bool:
        return to in self.allowed(status)

    def label(self, status: str) -> str:
        return str(self.lazy_label(status))

    def lazy_label(self, status: str) -> Any:
        """The label as registered (a lazy string, translated when it is shown)."""
        return self.labels.get(status, status.replace("_", " ").capitalize())

    def on_change(self, hook: AfterHook) -> AfterHook:
        """Register ``hook`` to run after every move (decorator)."""
        self.after.append(hook)
        return hook


def status_check(statuses: Iterable[str], column: str = "status") -> str:
    """SQL for a CHECK constraint that ``column`` holds one of ``statuses`` (a StrEnum works)."""
    return in_list(column, statuses)


def lifecycle_of(obj: Any) -> Lifecycle:
    lifecycle = getattr(type(obj), "LIFECYCLE", None)
    if not isinstance(lifecycle, Lifecycle):
        raise TypeError(f"{type(obj).__name__} has no LIFECYCLE")
    return lifecycle


def can_transition(obj: Any, to: str) -> bool:
    return lifecycle_of(obj).can(obj.status, to)


def transition(
    obj: Any,
    to: str,
    *,
    actor: Actor | None = None,
    reason: str | None = None,
    data: dict | None = None,
    **changes: Any,
) -> Any:
    """Move ``obj`` to ``to`` (setting ``changes`` in the same UPDATE); return the event row.

    Raises ``InvalidTransition`` when the table forbids the move and ``StaleTransition`` when
    another transaction moved the row first.
    """
    lifecycle = lifecycle_of(obj)
    current = str(obj.status)
    if not lifecycle.can(current, to):
        raise InvalidTransition(_not_possible(lifecycle, current))
    if to in lifecycle.stamps:
        changes.setdefault(lifecycle.stamps[to], utcnow())
    _compare_and_set(obj, current, str(to), changes, lifecycle)
    recorder = lifecycle.record or record_status_event
    event = recorder(obj, current, str(to), actor=actor, reason=reason, data=data or {})
    for hook in lifecycle.after:
        hook(obj, current, str(to), actor=actor)
    return event


def record_creation(obj: Any, *, actor: Actor | None = None, reason: str | None = None) -> Any:
    """The first event of a new object (from nothing to its initial status)."""
    db.session.flush()
    lifecycle = lifecycle_of(obj)
    recorder = lifecycle.record or record_status_event
    return recorder(obj, None, str(obj.status), actor=actor, reason=reason, data={})


def _compare_and_set(obj: Any, current: str, to: str, changes: dict, lifecycle: Lifecycle) -> None:
    model = type(obj)
    db.session.flush()  # pending changes of obj go first, so the UPDATE sees its row as it is
    mapper = inspect(model)
    values: dict[str, Any] = {"status": to, **changes}
    version = mapper.version_id_col
    statement = (
        update(model)
        .where(model.id == obj.id, model.status == current)
        .execution_options(synchronize_session=False)
    )
    if version is not None:
        # Keep an ORM version counter honest: a later flush of obj must not see a stale version.
        values[version.key] = version + 1
        statement = statement.returning(version)
    result = db.session.execute(statement.values(**values))
    new_version = result.scalar_one_or_none() if version is not None else None
    if (version is not None and new_version is None) or (
        version is None and changed_rows(result) != 1
    ):
        db.session.refresh(obj)
        raise StaleTransition(_not_possible(lifecycle, str(obj.status), stale=True))
    set_committed_value(obj, "status", to)
    for key, value in changes.items():
        set_committed_value(obj, key, value)
    if version is not None:
        set_committed_value(obj, version.key, new_version)
    if "updated_at" in mapper.columns:
        db.session.expire(obj, ["updated_at"])
    # The ORM did not see this change: tell the caches that watch the model (a verified
    # answer changes a grade on cached pages).
    note_change(db.session(), obj)


def _not_possible(lifecycle: Lifecycle, current: str, *, stale: bool = False):
    # Lazy all the way, the status word included: this may run outside a request (jobs, CLI)
    # where no locale is chosen yet, and the message is read in the reader's language.
    status = lifecycle.lazy_label(current)
    if stale:
        return _l(
            "Someone else changed this a moment ago: its status is now “%(status)s”. "
            "Please look again before you continue.",
            status=status,
        )
    return _l("This is not possible any more: its status is now “%(status)s”.", status=status)


def record_status_event(
    obj: Any,
    from_status: str | None,
    to_status: str,
    *,
    actor: Actor | None,
    reason: str | None,
    data: dict,
) -> Any:
    """The generic event row, for lifecycles without an event table of their own."""
    from trading_house.core.models import StatusEvent

    event = StatusEvent(
        subject_type=lifecycle_of(obj).name,
        subject_id=obj.id,
        from_status=from_status,
        to_status=to_status,
        actor_id=getattr(actor, "id", None),
        reason=reason or None,
        data=data,
    )
    db.session.add(event)
    db.session.flush()
    return event


class CanMove:
    """``can_publish = CanMove("approved")``: True when the table allows the move from here."""

    def __init__(self, *targets: str) -> None:
        self.targets = tuple(str(t) for t in targets)

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        lifecycle = lifecycle_of(obj)
        return any(lifecycle.can(str(obj.status), t) for t in self.targets)


class StatusIs:
    """``is_paid = StatusIs("paid")`` (or several): True when the object is in one of them."""

    def __init__(self, *statuses: str) -> None:
        self.statuses = frozenset(str(s) for s in statuses)

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return str(obj.status) in self.statuses
