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
command leaves its own unit of work alone.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from trading_house.core.clock import utcnow
from trading_house.extensions import db

T = TypeVar("T")

#: A claim older than this is considered abandoned (its sender died) and the row is due again.
DEFAULT_CLAIM_TIMEOUT = timedelta(minutes=15)


def _due(model: Any, now, timeout: timedelta):
    return or_(
        and_(model.status == "pending", model.next_attempt_at <= now),
        and_(model.status == "sending", model.claimed_at < now - timeout),
    )


def claim_due(model: type[T], limit: int = 10, *, timeout: timedelta | None = None) -> list[T]:
    """Claim up to ``limit`` due rows of ``model`` (oldest first) and return them, detached.

    The claim is committed before this returns. Each returned row carries its ``claim_token``.
    """
    timeout = timeout or DEFAULT_CLAIM_TIMEOUT
    now = utcnow()
    token = secrets.token_hex(16)
    m: Any = model
    due = _due(m, now, timeout)
    picked = select(m.id).where(due).order_by(m.id).limit(limit)
    claim = update(m).values(status="sending", claim_token=token, claimed_at=now)
    claim = claim.execution_options(synchronize_session=False)
    with Session(db.engine, expire_on_commit=False) as session:
        with session.begin():
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
        session.expunge_all()
    return list(rows)


def _finish(model: Any, row: Any, **values) -> bool:
    """Write ``values`` to ``row`` if its claim is still ours; False if someone else took it."""
    statement = (
        update(model)
        .where(model.id == row.id, model.claim_token == row.claim_token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    with db.engine.begin() as conn:
        return conn.execute(statement).rowcount == 1


def mark_sent(model: Any, row: Any) -> bool:
    return _finish(model, row, status="sent", sent_at=utcnow(), claim_token=None, last_error=None)


def release_failed(model: Any, row: Any, exc: BaseException, *, max_attempts: int) -> bool:
    """Record a failed attempt: due again after an exponential back-off, or ``failed`` for good."""
    attempts = row.attempts + 1
    return _finish(
        model,
        row,
        attempts=attempts,
        status="failed" if attempts >= max_attempts else "pending",
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=utcnow() + timedelta(minutes=2**attempts),
        claim_token=None,
    )
