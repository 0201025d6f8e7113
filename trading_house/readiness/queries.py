"""Read-only questions about readiness that other pages ask."""

from sqlalchemy import bindparam, exists, or_, select

from trading_house.extensions import db
from trading_house.readiness.models import ClinicSession, ReadinessAnswer


def first_review_done(enterprise_id: int) -> bool:
    """True once a curator decided one of the business's answers or the clinic met it."""
    return bool(db.session.scalar(_REVIEWED, {"enterprise_id": enterprise_id}))


# Built once (every product page with a checklist asks).
_REVIEWED = select(
    or_(
        exists().where(
            ReadinessAnswer.enterprise_id == bindparam("enterprise_id"),
            ReadinessAnswer.reviewed_at.is_not(None),
        ),
        exists().where(ClinicSession.enterprise_id == bindparam("enterprise_id")),
    )
)
