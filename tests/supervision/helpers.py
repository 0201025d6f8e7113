"""Making worksheets and examinations for the supervision tests."""

from trading_house.core.lifecycle import transition
from trading_house.extensions import db
from trading_house.supervision import examinations, worksheets
from trading_house.supervision.models import ExaminationStatus


def install():
    """Publish the shipped worksheets (both kinds)."""
    made = worksheets.install_defaults()
    db.session.commit()
    return made


def answer_all(exam, value="yes", *, overrides=None, actor=None):
    """Answer every yes/no item ``value`` (``overrides``: {code: "yes"|"no"}) as the examiner."""
    from trading_house.core.clock import utcnow

    overrides = overrides or {}
    for answer in exam.answers:
        if not answer.item.is_ratio:
            answer.answer = overrides.get(answer.item.code, value)
            answer.self_answer = answer.answer
            answer.verified_at = utcnow()
            answer.verified_by_id = getattr(actor, "id", None)
    db.session.flush()


def finalised(coop, year, examiner, *, value="yes", overrides=None, worksheet="kkpkk"):
    """An examination of ``year`` taken through to finalised (a statement must exist)."""
    from trading_house.core.clock import business_today

    exam = examinations.open_examination(coop, year=year, actor=examiner, worksheet=worksheet)
    answer_all(exam, value, overrides=overrides)
    transition(exam, ExaminationStatus.IN_REVIEW, actor=examiner)
    examinations.finalise(
        exam,
        actor=examiner,
        visited_on=business_today(),
        visit_place="Rantepao",
        present="Ketua, Bendahara",
        conclusions="",
        recommendations="",
    )
    db.session.commit()
    return exam


def security_world(cooperative, examiner, admin):
    """For the authorization matrix: the shipped worksheets and a finalised, certified
    examination of ``cooperative`` (its assigned ``examiner``)."""
    from tests.cooperatives.helpers import statement
    from trading_house.cooperatives.models import FinancialStatement
    from trading_house.supervision import certificates

    install()
    if not db.session.scalar(
        db.select(FinancialStatement.id).where(
            FinancialStatement.cooperative_id == cooperative.id, FinancialStatement.year == 2025
        )
    ):
        statement(cooperative, 2025)
    exam = finalised(cooperative, 2025, examiner)
    certificate = certificates.issue(exam, actor=admin)
    db.session.commit()
    return exam, certificate
