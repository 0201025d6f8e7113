"""Demo data of the plan and special inspections (called from ``supervision/seed.py``'s
``seed_demo()``, after the registry and the examinations are seeded): the sanction ladder,
complaints, this year's plan (one examiner with a small capacity, so some cooperatives are
uncovered) and one open special inspection with findings, recommendations and a recovery plan.
"""

from datetime import timedelta

from sqlalchemy import select

from trading_house.accounts.services import find_user_by_email
from trading_house.cooperatives.models import Cooperative, HealthPredicate
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.supervision import cases, plan, plan_settings, risk
from trading_house.supervision.plan_models import SupervisionPlan


def seed_plan_demo() -> None:
    today = business_today()
    if db.session.scalar(select(SupervisionPlan.id).limit(1)) is not None:
        return  # seeded already
    admin = find_user_by_email("admin@rumahdagang.id")
    examiner = find_user_by_email("pengawas@rumahdagang.id")
    second = find_user_by_email("pengawas2@rumahdagang.id")
    expert = find_user_by_email("kurator@rumahdagang.id")
    cooperatives = list(db.session.scalars(select(Cooperative).order_by(Cooperative.id)))
    if admin is None or examiner is None or not cooperatives:
        return
    plan_settings.ensure_default_ladder()
    risks = risk.assess_risks(cooperatives)
    ranked = sorted(cooperatives, key=lambda c: (-risks[c.id].score, c.id))
    target = next(
        (c for c in ranked if c.health_predicate == HealthPredicate.DALAM_PENGAWASAN_KHUSUS),
        ranked[0],
    )
    for coop, source, summary in (
        (target, "Anggota (via Dinas Koperasi Kabupaten)", "SHU tiga tahun tidak dibagikan."),
        (ranked[1 % len(ranked)], "Pembeli", "Pengiriman kopi terlambat dua bulan."),
    ):
        cases.log_complaint(
            coop,
            received_on=today - timedelta(days=40),
            source=source,
            summary=summary,
            actor=admin,
        )
    if second is not None:
        plan.set_capacity(second, 5, actor=admin)
    plan.build_plan(today.year, actor=admin)
    _special_case(target, examiner=examiner, expert=expert, admin=admin, today=today)
    db.session.flush()


def _special_case(coop, *, examiner, expert, admin, today) -> None:
    if coop.health_predicate == HealthPredicate.DALAM_PENGAWASAN_KHUSUS:
        case = cases.open_case(coop, trigger="special_supervision", actor=examiner)
    else:
        case = cases.open_case(
            coop, trigger="referral", note="Rujukan Dinas Koperasi Kabupaten", actor=examiner
        )
    case.opened_on = today - timedelta(days=35)
    if expert is not None:
        cases.add_member(case, expert.id, actor=examiner)
    for track, text in (
        ("organisation", "Pengurus belum diganti sejak 2019; RAT dua tahun tidak diadakan."),
        ("business", "Unit usaha kopi bergantung pada satu pembeli; kemasan tidak berlabel."),
        ("finance", "Kas tidak direkonsiliasi; piutang anggota 40% macet."),
    ):
        cases.add_finding(case, track=track, text=text, actor=examiner)
    for track, text, owner, days in (
        ("organisation", "Adakan RAT luar biasa dan pilih pengurus baru.", "Ketua", 30),
        ("finance", "Rekonsiliasi kas bulanan dan penagihan piutang macet.", "Bendahara", 60),
        ("business", "Perbaiki kemasan dan label untuk pasar ekspor.", "Manajer", 90),
    ):
        cases.add_recommendation(
            case,
            track=track,
            text=text,
            owner=owner,
            due_on=today + timedelta(days=days),
            actor=examiner,
        )
    cases.agree_recovery(
        case,
        plan=(
            "1. RAT luar biasa dalam 30 hari.\n"
            "2. Audit kas dan piutang oleh akuntan publik.\n"
            "3. Pendampingan klinik koperasi untuk kemasan dan pemasaran."
        ),
        agreed_on=today - timedelta(days=7),
        actor=examiner,
    )
    cases.plan_visit(case, planned_on=today + timedelta(days=21), actor=examiner)
    cases.apply_next_sanction(
        case, note="RAT tidak diadakan dua tahun berturut-turut.", actor=examiner
    )
