"""Moving a checklist answer (the lifecycle is in ``status.py``): ``move_answer``.

It checks the table (a translated "cannot become" message), moves the answer with
``core.lifecycle.transition`` (compare-and-set: a curator and the SME, or two curators, racing for
the same answer cannot both win) and keeps what goes with each status: review stamps and notes,
and the one record of a verified document (``verified.py``).
"""

from flask_babel import lazy_gettext as _l

from trading_house.core import lifecycle
from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.readiness.models import ReadinessAnswer
from trading_house.readiness.status import ANSWER_LABELS, ANSWER_LIFECYCLE, AnswerStatus

# The old names, for callers in readiness and tests.
MISSING = AnswerStatus.MISSING
DECLARED = AnswerStatus.DECLARED
SUBMITTED = AnswerStatus.SUBMITTED
VERIFIED = AnswerStatus.VERIFIED
REJECTED = AnswerStatus.REJECTED
EXPIRED = AnswerStatus.EXPIRED
STATE_LABELS = ANSWER_LABELS
STATE_COLOURS: dict[str, str] = {
    MISSING: "secondary",
    DECLARED: "light",
    SUBMITTED: "info",
    VERIFIED: "success",
    REJECTED: "danger",
    EXPIRED: "warning",
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def move_answer(answer: ReadinessAnswer, to: str, *, actor, note: str | None = None, document=None):
    """Move ``answer`` to ``to`` if the table allows it; return the event row.

    Becoming verified writes (or, with ``document``, links) the one record of the verified
    document that the identity badge and destination rules share (``verified.py``).
    Raises ``InvalidTransition`` with a translated message otherwise, ``StaleTransition`` when
    another request moved the answer first.
    """
    if not ANSWER_LIFECYCLE.can(answer.status, to):
        raise InvalidTransition(
            _l(
                "An answer that is “%(current)s” cannot become “%(target)s”.",
                current=state_label(answer.status),
                target=state_label(to),
            )
        )
    now = utcnow()
    changes = _changes(answer, to, actor, note, now)
    event = lifecycle.transition(answer, to, actor=actor, reason=note, data={"at": now}, **changes)
    if to in (VERIFIED, EXPIRED):
        from trading_house.readiness import verified  # verified.py moves answers through here

        if to == VERIFIED:
            verified.on_verified(answer, actor=actor, document=document)
        else:
            verified.on_expired(answer)
    return event


#: The old name (seed data, tests).
transition = move_answer


def _changes(answer: ReadinessAnswer, to: str, actor, note, now) -> dict:
    """What is written with the new status."""
    if to == SUBMITTED:
        return {"submitted_at": now, "curator_note": None}
    if to in (VERIFIED, REJECTED):
        return {
            "reviewed_at": now,
            "reviewed_by_id": getattr(actor, "id", None),
            "curator_note": note or None,
        }
    if to == DECLARED and answer.status != REJECTED:
        # A rejection note stays visible while the SME fixes the answer.
        return {"curator_note": None}
    return {}
