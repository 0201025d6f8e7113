"""Read-only lists of examinations, worksheets and certificates."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from trading_house.accounts.policies import is_admin
from trading_house.extensions import db
from trading_house.supervision.models import (
    Examination,
    ExaminationAnswer,
    HealthCertificate,
    WorksheetTemplate,
)

LIST_LIMIT = 200


def _cooperative_model():
    from trading_house.cooperatives.models import Cooperative

    return Cooperative


def examinations_for(user) -> list[Examination]:
    """The examinations an examiner works on (every one for an admin), open ones first."""
    cooperative = _cooperative_model()
    query = (
        select(Examination)
        .join(cooperative, cooperative.id == Examination.cooperative_id)
        .options(selectinload(Examination.cooperative))
        .order_by(Examination.finalised_at.is_not(None), Examination.updated_at.desc())
        .limit(LIST_LIMIT)
    )
    if not is_admin(user):
        query = query.where(
            or_(Examination.examiner_id == user.id, cooperative.assigned_examiner_id == user.id)
        )
    return list(db.session.scalars(query))


def examinations_of(cooperative) -> list[Examination]:
    return list(
        db.session.scalars(
            select(Examination)
            .where(Examination.cooperative_id == cooperative.id)
            .order_by(Examination.year.desc(), Examination.id.desc())
        )
    )


def cooperatives_to_examine(user) -> list:
    """Cooperatives an examiner may open an examination for (assigned ones; all for admins)."""
    cooperative = _cooperative_model()
    query = select(cooperative).order_by(cooperative.name).limit(1000)
    if not is_admin(user):
        query = query.where(cooperative.assigned_examiner_id == user.id)
    return list(db.session.scalars(query))


def load_examination(examination_id: int) -> Examination | None:
    return db.session.scalar(
        select(Examination)
        .where(Examination.id == examination_id)
        .options(
            selectinload(Examination.answers).selectinload(ExaminationAnswer.item),
            selectinload(Examination.cooperative),
        )
    )


def templates() -> list[WorksheetTemplate]:
    return list(
        db.session.scalars(
            select(WorksheetTemplate).order_by(
                WorksheetTemplate.kind, WorksheetTemplate.version.desc()
            )
        )
    )


def certificates(limit: int = LIST_LIMIT) -> list[HealthCertificate]:
    return list(
        db.session.scalars(
            select(HealthCertificate)
            .options(selectinload(HealthCertificate.cooperative))
            .order_by(HealthCertificate.issued_on.desc(), HealthCertificate.id.desc())
            .limit(limit)
        )
    )


def current_certificate(cooperative_id: int) -> HealthCertificate | None:
    """The latest certificate of a cooperative (whatever its state)."""
    return db.session.scalar(
        select(HealthCertificate)
        .where(HealthCertificate.cooperative_id == cooperative_id)
        .order_by(HealthCertificate.issued_on.desc(), HealthCertificate.id.desc())
        .limit(1)
    )
