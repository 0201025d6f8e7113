"""Demo examinations: the shipped worksheets, finalised examinations that give demo
cooperatives every predicate, one health certificate, and an open self-assessment for the demo
officer (koperasi@rumahdagang.id).

Predicates are never set directly: for each cooperative an answer pattern is chosen whose score
(computed from its statement with the worksheet's own rules) lands in the wanted predicate, and
the examination is finalised through the service like an examiner's.
"""

from sqlalchemy import select

from trading_house.accounts.models import User, UserRole
from trading_house.cooperatives.models import Cooperative, FinancialStatement, StatementStatus
from trading_house.cooperatives.ratios import ratios_for
from trading_house.core.clock import business_today, utcnow
from trading_house.core.lifecycle import transition
from trading_house.extensions import db
from trading_house.supervision import certificates, examinations, scoring, worksheets
from trading_house.supervision.models import PREDICATES, Examination, ExaminationStatus

DEMO_COOPERATIVE = "Koperasi Produsen Kopi Toraja Sejahtera"
#: How many cooperatives get a finalised examination (the others wait for the plan).
EXAMINED = 16


def _patterns(template):
    """Answer patterns from best to worst: {item code: "yes" | "no"}."""
    questions = [item for item in template.items if not item.is_ratio]
    ordered = sorted(questions, key=lambda item: -item.weight)
    patterns = []
    for share in (1, 0.8, 0.6, 0.45, 0.3, 0.15, 0):
        yes = {item.code for item in ordered[: round(len(ordered) * share)]}
        patterns.append({item.code: ("yes" if item.code in yes else "no") for item in questions})
    return patterns


def _predicted(template, statement, pattern) -> str | None:
    ratios = ratios_for(statement)
    pairs = []
    for item in template.items:
        if item.is_ratio:
            pairs.append((item.weight, scoring.band_score(item.bands, ratios.get(item.ratio_key))))
        else:
            pairs.append((item.weight, 4 if pattern[item.code] == "yes" else 1))
    return scoring.predicate_for(scoring.total_score(pairs), template.cutoffs)


def _examiner(coop, fallback):
    return (
        db.session.get(User, coop.assigned_examiner_id) if coop.assigned_examiner_id else fallback
    )


def _finalise(coop, statement, template, pattern, examiner):
    exam = examinations.open_examination(
        coop, year=statement.year, actor=examiner, worksheet=template.kind
    )
    for answer in exam.answers:
        if not answer.item.is_ratio:
            answer.self_answer = pattern[answer.item.code]
    transition(exam, ExaminationStatus.SUBMITTED, actor=examiner)
    examinations.start_review(exam, actor=examiner)
    for answer in exam.answers:
        if not answer.item.is_ratio:
            answer.answer = pattern[answer.item.code]
            answer.verified_by_id = examiner.id
            answer.verified_at = utcnow()
    examinations.finalise(
        exam,
        actor=examiner,
        visited_on=business_today(),
        visit_place=coop.address or coop.name,
        present="Ketua, Bendahara, Pengawas koperasi",
        conclusions="Pemeriksaan kesehatan rutin tahunan (data demo).",
        recommendations="Tingkatkan pendidikan perkoperasian dan tertib administrasi.",
    )
    return exam


def seed_examinations_demo() -> None:
    worksheets.install_defaults()
    db.session.flush()
    if db.session.scalar(select(Examination.id).limit(1)):
        return
    examiner_role = select(UserRole.user_id).where(UserRole.role.in_(("examiner", "admin")))
    fallback = db.session.scalar(select(User).where(User.id.in_(examiner_role)).order_by(User.id))
    if fallback is None:
        return
    kkpkk = worksheets.published_template("kkpkk")
    legacy = worksheets.published_template("ksp_legacy")
    wanted = list(PREDICATES)
    done = 0
    demo_certificate = None
    coops = db.session.scalars(select(Cooperative).order_by(Cooperative.id)).all()
    for coop in coops:
        if done >= EXAMINED:
            break
        statements = db.session.scalars(
            select(FinancialStatement)
            .where(FinancialStatement.cooperative_id == coop.id)
            .where(FinancialStatement.status == StatementStatus.SUBMITTED)
            .order_by(FinancialStatement.year.desc())
        ).all()
        if not statements:
            continue
        # The demo officer's cooperative: last year's examination certified, this year's
        # self-assessment open for the officer to fill.
        is_demo = coop.name == DEMO_COOPERATIVE
        statement = statements[1] if is_demo and len(statements) > 1 else statements[0]
        template = legacy if coop.kind == "savings_loan" and done % 2 else kkpkk
        target = "sehat" if is_demo else wanted[done % len(wanted)]
        pattern = next(
            (p for p in _patterns(template) if _predicted(template, statement, p) == target),
            None,
        )
        if pattern is None:
            continue
        exam = _finalise(coop, statement, template, pattern, _examiner(coop, fallback))
        done += 1
        if is_demo:
            demo_certificate = certificates.issue(exam, actor=_examiner(coop, fallback))
            if len(statements) > 1:
                examinations.open_examination(
                    coop, year=statements[0].year, actor=None, worksheet="kkpkk"
                )
    if demo_certificate is None:
        # No demo cooperative: certify the first healthy examination instead.
        exam = db.session.scalar(
            select(Examination).where(Examination.predicate.in_(certificates.CERTIFIABLE))
        )
        if exam is not None:
            certificates.issue(exam, actor=fallback)
    db.session.flush()
