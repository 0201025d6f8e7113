"""Claiming outbox rows so that each message is sent by one sender only.

Any table with the :class:`~trading_house.core.models.ClaimableMixin` columns (the e-mail outbox,
a WhatsApp outbox …) is sent the same way::

    for row in claim_due(Model, limit=10):          # committed: the rows are ours now
        try:
            deliver(row)                            # SMTP, an HTTP API … outside any transaction
        except Exception as exc:
            release_failed(Model, row, exc, max_attempts=8)
        else:
            mark_sent(Model, row)

The claim is one short transaction of its own: ``pending`` (and due) → ``sending`` with a fresh
``claim_token``. On PostgreSQL the rows are picked with ``SELECT … FOR UPDATE SKIP LOCKED``, so
concurrent senders (web nodes, RQ workers, cron) take disjoint rows without waiting for each
other; on SQLite writers are serialised and the same conditional UPDATE is enough. The result of
each message is written at once in its own transaction, and only by the claim's holder. A sender
that dies leaves its rows ``sending``; they are due again once ``claimed_at`` is older than the
claim timeout (at-least-once: a message whose sender died between sending and recording it may be
sent twice; a live sender never sends what another holds).

The caller's ``db.session`` is never used or committed here, so claiming from inside a job or a
command leaves its own unit of work alone. A result may instead be written in the caller's session
(``session=db.session``) when more has to change with it (an e-mail sent instead of a failed
WhatsApp message); it is then the caller who commits.

A model with a ``LIFECYCLE`` (``core/lifecycle.py``) gets a ``status_events`` row for every move
the claim makes, in the same transaction: ``pending → sending`` for each claim, ``sending →
pending`` ("claim lapsed") when an abandoned claim is released, and the result (``sent``, back to
``pending`` with the error, ``failed``, or any other status its table allows from ``sending``).

**Outboxes are registered**, not imported: ``core`` knows no area. Each outbox (e-mail here, the
WhatsApp one in ``notifications``) adds an :class:`Outbox` to the registry in its area's
``register(registry)``; ``flask outbox send`` and ``/metrics`` use what is registered, and the app
refuses to start when an outbox named in ``OUTBOX_SENDERS`` was not registered.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, TypeVar, cast

from flask import current_app, has_app_context
from sqlalchemy import Table, and_, or_, select, update
from sqlalchemy.orm import Session

from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.extensions import db


class OutboxStatus(StrEnum):
    """Where an outbox row is (``ClaimableMixin.status``); an area's outbox with a lifecycle may
    add statuses of its own (a refused WhatsApp message)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


T = TypeVar("T")

#: A claim older than this is considered abandoned (its sender died) and the row is due again.
DEFAULT_CLAIM_TIMEOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Outbox:
    """One outbox, as an area registers it (``registry.add_outbox``)."""

    #: Its key in ``OUTBOX_SENDERS`` and in ``flask outbox send``'s report ("email", "whatsapp").
    name: str
    #: The table (``ClaimableMixin`` columns): counted by status for ``/metrics``.
    model: Any
    #: ``send(limit)`` sends up to ``limit`` due messages and returns how many went.
    send: Callable[[int], int]
    #: Name of the ``/metrics`` gauge of its rows by status.
    metric: str
    #: What one row is, for the command's report ("e-mail(s)").
    noun: str
    #: The gauge's help text.
    metric_help: str = "Messages in the outbox, by status."


def _lifecycle(model: Any):
    from trading_house.core.lifecycle import Lifecycle

    lifecycle = getattr(model, "LIFECYCLE", None)
    if lifecycle is None:
        return None
    if not isinstance(lifecycle, Lifecycle) or lifecycle.record is not None or lifecycle.after:
        # The claim writes generic status events itself, outside the ORM session.
        raise TypeError(f"{model.__name__}: only a lifecycle with generic status events")
    return lifecycle


def _outbox_event(
    lifecycle, row_id: int, from_status: str, to_status: str, reason: str | None = None
):
    from trading_house.core.models import StatusEvent

    return (
        cast(Table, StatusEvent.__table__)
        .insert()
        .values(
            created_at=utcnow(),
            subject_type=lifecycle.name,
            subject_id=row_id,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            data={},
        )
    )


def _due(model: Any, now, timeout: timedelta):
    return or_(
        and_(model.status == OutboxStatus.PENDING, model.next_attempt_at <= now),
        and_(model.status == OutboxStatus.SENDING, model.claimed_at < now - timeout),
    )


def claim_timeout() -> timedelta:
    """How long a claimed row stays taken before another sender may retry it: the
    ``OUTBOX_CLAIM_TIMEOUT`` setting (seconds), 15 minutes without one."""
    seconds = current_app.config.get("OUTBOX_CLAIM_TIMEOUT") if has_app_context() else None
    return timedelta(seconds=int(seconds)) if seconds else DEFAULT_CLAIM_TIMEOUT


def claim_due(model: type[T], limit: int = 10, *, timeout: timedelta | None = None) -> list[T]:
    """Claim up to ``limit`` due rows of ``model`` (oldest first) and return them, detached.

    The claim is committed before this returns. Each returned row carries its ``claim_token``.
    """
    timeout = timeout or claim_timeout()
    now = utcnow()
    token = secrets.token_hex(16)
    m: Any = model
    due = _due(m, now, timeout)
    picked = select(m.id).where(due).order_by(m.id).limit(limit)
    claim = update(m).values(status=OutboxStatus.SENDING, claim_token=token, claimed_at=now)
    claim = claim.execution_options(synchronize_session=False)
    lifecycle = _lifecycle(m)
    with Session(db.engine, expire_on_commit=False) as session:
        with session.begin():
            if lifecycle is not None:
                # Abandoned claims go back to pending first, each move recorded (a write first:
                # on SQLite this takes the write lock, so the claim below cannot dead-lock).
                lapsed = session.scalars(
                    update(m)
                    .where(m.status == OutboxStatus.SENDING, m.claimed_at < now - timeout)
                    .values(status=OutboxStatus.PENDING, claim_token=None)
                    .returning(m.id)
                    .execution_options(synchronize_session=False)
                ).all()
                for row_id in lapsed:
                    session.execute(
                        _outbox_event(
                            lifecycle,
                            row_id,
                            OutboxStatus.SENDING,
                            OutboxStatus.PENDING,
                            "claim lapsed",
                        )
                    )
                due = and_(m.status == OutboxStatus.PENDING, m.next_attempt_at <= now)
                picked = select(m.id).where(due).order_by(m.id).limit(limit)
            if session.get_bind().dialect.name == "postgresql":
                # Two statements: inside ``UPDATE … WHERE id IN (SELECT … LIMIT)`` PostgreSQL
                # may run the subquery again per row, and the LIMIT no longer holds.
                ids = session.scalars(picked.with_for_update(skip_locked=True)).all()
                if ids:
                    session.execute(claim.where(m.id.in_(ids)))
            else:
                # SQLite: one statement, so no other writer can come between the pick and
                # the update (two transactions that read first would dead-lock on the write).
                session.execute(claim.where(m.id.in_(picked.scalar_subquery()), due))
            rows = session.scalars(select(m).where(m.claim_token == token).order_by(m.id)).all()
            if lifecycle is not None:
                for row in rows:
                    session.execute(
                        _outbox_event(lifecycle, row.id, OutboxStatus.PENDING, OutboxStatus.SENDING)
                    )
        session.expunge_all()
    return list(rows)


def finish(
    model: Any,
    row: Any,
    status: str,
    *,
    session: Any = None,
    reason: str | None = None,
    **values,
) -> bool:
    """Move a claimed ``row`` to ``status`` (with ``values``) if its claim is still ours.

    False if someone else took it. In its own transaction, or in ``session`` (uncommitted) when
    given. With a lifecycle: the move must be in its table, its stamp column is set and a
    ``status_events`` row is written with ``reason``.
    """
    lifecycle = _lifecycle(model)
    if lifecycle is not None:
        if not lifecycle.can(OutboxStatus.SENDING, status):
            raise InvalidTransition(f"{lifecycle.name}: sending → {status} is not allowed")
        if status in lifecycle.stamps:
            values.setdefault(lifecycle.stamps[status], utcnow())
    statement = (
        update(model)
        .where(
            model.id == row.id,
            model.claim_token == row.claim_token,
            model.status == OutboxStatus.SENDING,
        )
        .values(status=status, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )

    def run(executor) -> bool:
        if executor.execute(statement).rowcount != 1:
            return False
        if lifecycle is not None:
            executor.execute(_outbox_event(lifecycle, row.id, OutboxStatus.SENDING, status, reason))
        return True

    if session is not None:
        return run(session)
    with db.engine.begin() as conn:
        return run(conn)


def mark_sent(model: Any, row: Any, *, session: Any = None, **values) -> bool:
    values.setdefault("sent_at", utcnow())
    return finish(model, row, OutboxStatus.SENT, session=session, last_error=None, **values)


def release_failed(
    model: Any,
    row: Any,
    exc: BaseException | str,
    *,
    max_attempts: int,
    retry: bool = True,
    session: Any = None,
    **values,
) -> bool:
    """Record a failed attempt: due again after an exponential back-off, or ``failed`` for good
    (after ``max_attempts``, or at once with ``retry=False``)."""
    attempts = row.attempts + 1
    error = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    failed = not retry or attempts >= max_attempts
    return finish(
        model,
        row,
        OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
        session=session,
        reason=error[:2000],
        attempts=attempts,
        last_error=error[:2000],
        next_attempt_at=utcnow() + timedelta(minutes=2**attempts),
        **values,
    )


# --- registered outboxes -------------------------------------------------------------------


def registered_outboxes(app=None) -> list[Outbox]:
    """The outboxes areas registered, in ``OUTBOX_SENDERS`` order first."""
    from trading_house.core.registry import current_registry, registry_of

    registry = registry_of(app) if app is not None else current_registry()
    return list(registry.outboxes.values())


def send_all(limit: int = 500) -> list[tuple[Outbox, int | BaseException]]:
    """Run every registered outbox's sender; one failing does not stop the others."""
    results: list[tuple[Outbox, int | BaseException]] = []
    for outbox in registered_outboxes():
        try:
            results.append((outbox, outbox.send(limit)))
        except Exception as exc:  # reported by the caller (the command exits non-zero)
            db.session.rollback()
            results.append((outbox, exc))
    return results
