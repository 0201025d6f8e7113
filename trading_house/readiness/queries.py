"""Read-only questions about readiness that other pages ask."""

from sqlalchemy import exists, or_, select

from trading_house.extensions import db
from trading_house.readiness.models import ClinicSession, ReadinessAnswer


def first_review_done(enterprise_id: int) -> bool:
    """True once a curator decided one of the business's answers or the clinic met it."""
    answered = exists().where(
        ReadinessAnswer.enterprise_id == enterprise_id, ReadinessAnswer.reviewed_at.is_not(None)
    )
    coached = exists().where(ClinicSession.enterprise_id == enterprise_id)
    return bool(db.session.scalar(select(or_(answered, coached))))
