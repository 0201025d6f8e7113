"""The readiness lifecycles (DESIGN.md §4): checklist answers and checklist versions.

An answer::

    missing ─► declared ─► submitted ─► verified ─► expired
        └──────────────────►   │  └──► rejected
                               └─► declared (the SME withdraws it to change it)
    rejected / expired / verified ─► declared | submitted (new evidence)

"declared" is saved but not yet sent to a curator; only curators verify or reject; only
``flask readiness refresh`` (the system) expires a verified answer whose certificate lapsed.
Answers keep their own history (``readiness_answer_events``); ``lifecycle.move_answer`` moves them.

A checklist version: draft ─► published ─► retired (publishing the next version retires it);
its moves are recorded in the generic ``status_events``.
"""

from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import Lifecycle
from trading_house.extensions import db


class AnswerStatus(StrEnum):
    MISSING = "missing"
    DECLARED = "declared"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class DocumentState(StrEnum):
    """A verified document's life (``VerifiedDocument.state``): valid until its expiry date
    (then expired) or until a newer verification of the same document replaces it."""

    VALID = "valid"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


ANSWER_LABELS: dict[str, Any] = {
    AnswerStatus.MISSING: _l("Missing"),
    AnswerStatus.DECLARED: _l("Saved, not sent"),
    AnswerStatus.SUBMITTED: _l("Waiting for verification"),
    AnswerStatus.VERIFIED: _l("Verified"),
    AnswerStatus.REJECTED: _l("Rejected"),
    AnswerStatus.EXPIRED: _l("Expired"),
}


def record_answer_event(answer, from_status, to_status, *, actor, reason, data: dict) -> Any:
    """One row of the answer's own history (``readiness_answer_events``)."""
    from trading_house.readiness.models import ReadinessAnswerEvent

    event = ReadinessAnswerEvent(
        from_state=from_status,
        to_state=to_status,
        actor_id=getattr(actor, "id", None),
        note=reason,
        created_at=data.get("at") or utcnow(),
    )
    answer.events.append(event)
    db.session.add(event)
    return event


ANSWER_LIFECYCLE = Lifecycle(
    name="readiness_answer",
    statuses=AnswerStatus,
    table={
        AnswerStatus.MISSING: (AnswerStatus.DECLARED, AnswerStatus.SUBMITTED),
        AnswerStatus.DECLARED: (AnswerStatus.SUBMITTED, AnswerStatus.MISSING),
        AnswerStatus.SUBMITTED: (
            AnswerStatus.VERIFIED,
            AnswerStatus.REJECTED,
            AnswerStatus.DECLARED,
        ),
        AnswerStatus.VERIFIED: (
            AnswerStatus.EXPIRED,
            AnswerStatus.DECLARED,
            AnswerStatus.SUBMITTED,
        ),
        AnswerStatus.REJECTED: (AnswerStatus.DECLARED, AnswerStatus.SUBMITTED),
        AnswerStatus.EXPIRED: (AnswerStatus.DECLARED, AnswerStatus.SUBMITTED),
    },
    record=record_answer_event,
    labels=ANSWER_LABELS,
)

TEMPLATE_LIFECYCLE = Lifecycle(
    name="checklist_template",
    statuses=TemplateStatus,
    table={
        TemplateStatus.DRAFT: (TemplateStatus.PUBLISHED,),
        # Publishing the next version retires the current one.
        TemplateStatus.PUBLISHED: (TemplateStatus.RETIRED,),
        TemplateStatus.RETIRED: (),
    },
    stamps={TemplateStatus.PUBLISHED: "published_at"},
    labels={
        TemplateStatus.DRAFT: _l("Draft"),
        TemplateStatus.PUBLISHED: _l("Published"),
        TemplateStatus.RETIRED: _l("Retired"),
    },
)
