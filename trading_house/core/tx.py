"""The transaction edge: one commit per request, CLI command or job, then side effects.

Services only ``flush()``. Work that must happen only if the change is kept (sending e-mail,
rendering image variants) is registered with :func:`after_commit` and runs after :func:`commit`.
A rollback forgets it, so nothing is sent for a change that never happened.
"""

import logging
from collections.abc import Callable
from typing import cast

from sqlalchemy import CursorResult, event
from sqlalchemy.orm import Session

from trading_house.extensions import db

_KEY = "after_commit"


def after_commit(func: Callable, *args, background: bool = False) -> None:
    """Run ``func(*args)`` as a job once the current transaction commits.

    ``background=True``: never inside the request (``core/jobs.dispatch``: an RQ job, or a
    background thread without Redis), for work such as SMTP that must not hold a page up.
    """
    db.session.info.setdefault(_KEY, []).append((func, args, background))


def commit() -> None:
    """Commit the unit of work, then enqueue the jobs it registered."""
    db.session.commit()
    pending = db.session.info.pop(_KEY, [])
    if pending:
        from trading_house.core.jobs import dispatch, enqueue

        for func, args, background in pending:
            (dispatch if background else enqueue)(func, *args)


def rollback() -> None:
    db.session.rollback()


_FILES = "files_written"


def delete_on_rollback(storage, key: str) -> None:
    """A file written during this transaction is deleted if the transaction rolls back."""
    db.session.info.setdefault(_FILES, []).append((storage, key))


@event.listens_for(Session, "after_commit")
def _keep_files(session: Session) -> None:
    session.info.pop(_FILES, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_work(session: Session, previous_transaction) -> None:
    session.info.pop(_KEY, None)
    for storage, key in session.info.pop(_FILES, []):
        try:
            storage.delete(key)
        except Exception:  # the store went away too: `flask storage verify` lists the orphan
            logging.getLogger(__name__).warning("could not delete %s after a rollback", key)


def changed_rows(result) -> int:
    """How many rows an ``UPDATE``/``DELETE`` changed (typed: ``execute`` returns a ``Result``)."""
    return cast(CursorResult, result).rowcount
