"""The answer lifecycle (DESIGN.md §4): one transition table and one function that moves an answer.

    missing ─► declared ─► submitted ─► verified ─► expired
        └──────────────────►   │  └──► rejected
                               └─► declared (the SME withdraws it to change it)
    rejected / expired / verified ─► declared | submitted (new evidence)

"declared" is saved but not yet sent to a curator; only curators verify or reject;
only ``flask readiness refresh`` (the system) expires a verified answer whose certificate lapsed.
"""

from flask_babel import lazy_gettext as _l

from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.extensions import db
from trading_house.readiness.models import ReadinessAnswer, ReadinessAnswerEvent

MISSING = "missing"
DECLARED = "declared"
SUBMITTED = "submitted"
VERIFIED = "verified"
REJECTED = "rejected"
EXPIRED = "expired"

#: from state -> the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    MISSING: frozenset({DECLARED, SUBMITTED}),
    DECLARED: frozenset({SUBMITTED, MISSING}),
    SUBMITTED: frozenset({VERIFIED, REJECTED, DECLARED}),
    VERIFIED: frozenset({EXPIRED, DECLARED, SUBMITTED}),
    REJECTED: frozenset({DECLARED, SUBMITTED}),
    EXPIRED: frozenset({DECLARED, SUBMITTED}),
}

STATE_LABELS = {
    MISSING: _l("Missing"),
    DECLARED: _l("Saved, not sent"),
    SUBMITTED: _l("Waiting for verification"),
    VERIFIED: _l("Verified"),
    REJECTED: _l("Rejected"),
    EXPIRED: _l("Expired"),
}
STATE_COLOURS = {
    MISSING: "secondary",
    DECLARED: "light",
    SUBMITTED: "info",
    VERIFIED: "success",
    REJECTED: "danger",
    EXPIRED: "warning",
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def can_transition(answer: ReadinessAnswer, to: str) -> bool:
    return to in TRANSITIONS.get(answer.state, frozenset())


def transition(answer: ReadinessAnswer, to: str, *, actor, note: str | None = None, document=None):
    """Move ``answer`` to ``to`` if the table allows it and append the event row.

    Becoming verified writes (or, with ``document``, links) the one record of the verified
    document that the identity badge and destination rules share (``verified.py``).
    Raises ``InvalidTransition`` with a translated message otherwise.
    """
    if not can_transition(answer, to):
        raise InvalidTransition(
            _l(
                "An answer that is “%(current)s” cannot become “%(target)s”.",
                current=state_label(answer.state),
                target=state_label(to),
            )
        )
    now = utcnow()
    previous = answer.state
    event = ReadinessAnswerEvent(
        from_state=answer.state,
        to_state=to,
        actor_id=getattr(actor, "id", None),
        note=note,
        created_at=now,
    )
    answer.events.append(event)
    answer.state = to
    if to == SUBMITTED:
        answer.submitted_at = now
        answer.curator_note = None
    elif to in (VERIFIED, REJECTED):
        answer.reviewed_at = now
        answer.reviewed_by_id = getattr(actor, "id", None)
        answer.curator_note = note or None
    elif to == DECLARED and previous != REJECTED:
        # A rejection note stays visible while the SME fixes the answer.
        answer.curator_note = None
    db.session.add(event)
    if to in (VERIFIED, EXPIRED):
        from trading_house.readiness import verified  # verified.py moves answers through here

        if to == VERIFIED:
            verified.on_verified(answer, actor=actor, document=document)
        else:
            verified.on_expired(answer)
    return event
