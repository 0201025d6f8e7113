"""Demo data: the default checklist, and answers that make grades A, B, C and D all appear.

Runs after the catalog's seed. Answers are written along a simulated timeline (the clock is
moved back and forth), so the dashboard shows change over time and time to export-ready; one
certificate expires in 25 days, a few answers wait in the verification queue, one is rejected,
and a few clinic sessions have follow-ups (one overdue).
"""

import random
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from fpdf import FPDF
from sqlalchemy import func, select

from trading_house.accounts.models import User, UserRole
from trading_house.catalog.models import Product
from trading_house.core import clock
from trading_house.core.uploads import store_document
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.readiness import checklist, clinic, destinations, verified
from trading_house.readiness.formats import local_today
from trading_house.readiness.lifecycle import REJECTED, SUBMITTED, VERIFIED, transition
from trading_house.readiness.models import ReadinessAnswer
from trading_house.readiness.scoring import (
    ItemResult,
    ScoringContext,
    assess,
    assess_enterprise_all,
    refresh_all_grades,
    refresh_enterprise_grades,
)

PROFILES = ("A", "B", "C", "D", "C", "D", "B", "D", "C", "D")
#: Days before today when the enterprise first submitted, and when the curator verified.
TIMELINE = {"A": (300, 250), "B": (200, 170), "C": (120, 100), "D": (20, 15)}
NOTES = {
    "ent.english_contact": "Contact: Andi Nurhaliza, andi@example.id; business English (B2).",
    "prod.samples": "Up to 5 samples within 7 days; samples and courier charged at cost.",
    "prod.export_price": "USD 9.50 per unit, FOB Makassar (Soekarno-Hatta port).",
}
REJECTION = "The scan is unreadable and the number does not match. Please upload a clear copy."


def seed_demo() -> None:
    # Not services.load_default(): that grades everyone "now", before the backdated timeline.
    checklist.load_default_template()
    destinations.load_default_rules(checklist.resolve_category_key)
    rng = random.Random(20260101)  # noqa: S311 - demo data only
    curator = _staff_user()
    ctx = ScoringContext.load()
    if ctx.template is None:
        return
    today = local_today()
    now = clock.utcnow()
    candidates = _enterprises_with_products()
    try:
        for enterprise, profile in zip(candidates, PROFILES, strict=False):
            if db.session.scalar(
                select(func.count(ReadinessAnswer.id)).where(
                    ReadinessAnswer.enterprise_id == enterprise.id
                )
            ):
                continue
            _seed_readiness_of(enterprise, profile, ctx, curator, rng, now, today)
            if curator is not None and profile in ("C", "D"):
                _seed_clinic(enterprise, curator, now, today)
    finally:
        clock.freeze(None)
    # Verify once: identities checked by the enterprises seed answer their NIB/NPWP items too.
    verified.record_existing_identities()
    verified.close_satisfied_follow_ups()
    refresh_all_grades()


def _staff_user() -> User | None:
    for role in ("curator", "admin"):
        user = db.session.scalar(
            select(User).join(UserRole).where(UserRole.role == role).order_by(User.id).limit(1)
        )
        if user is not None:
            return user
    return None


def _enterprises_with_products() -> list[Enterprise]:
    """Enterprises with live products; coffee and food makers first (the richest checklists)."""
    rows = db.session.scalars(
        select(Enterprise)
        .join(Product, Product.enterprise_id == Enterprise.id)
        .where(Product.status != "archived")
        .group_by(Enterprise.id)
        .order_by(Enterprise.id)
    ).all()
    return list(rows)


def _result_key(result: ItemResult) -> tuple:
    return (result.item.id, result.product_id)


#: Stands in for a verified answer when trying combinations (duck-typed like ReadinessAnswer).
_VERIFIED: Any = SimpleNamespace(state="verified", expires_on=None)


def _choose(results, fixed: set, target: str, ctx, today, leave_one_out=False, frozen=()) -> set:
    """Which answers to verify so that these results reach ``target`` (A, B, C or D).

    ``fixed`` are verified already; keys in ``frozen`` are decided and left as they are.
    """

    def grade(chosen):
        trial = [
            ItemResult(r.item, _VERIFIED if _result_key(r) in chosen else None, today, r.product_id)
            for r in results
        ]
        return assess(trial, ctx.settings).grade

    free = [r for r in results if _result_key(r) not in fixed and _result_key(r) not in frozen]
    chosen = set(fixed)
    if target == "A":
        return chosen | {_result_key(r) for r in free}
    if target == "D":
        return chosen | {_result_key(r) for r in free[:1]}
    mandatory = [_result_key(r) for r in free if r.item.mandatory]
    chosen |= set(mandatory[:-1] if leave_one_out else mandatory)
    for result in sorted((r for r in free if not r.item.mandatory), key=lambda r: r.item.weight):
        if grade(chosen) == target:
            break
        trial = chosen | {_result_key(result)}
        if target == "B" and grade(trial) == "A":
            continue
        chosen = trial
    return chosen


def _seed_readiness_of(enterprise, profile, ctx, curator, rng, now, today) -> None:
    outcome = assess_enterprise_all(enterprise, ctx)
    products = {
        p.id: p
        for p in db.session.scalars(select(Product).where(Product.enterprise_id == enterprise.id))
    }
    ent_results = outcome.enterprise_results
    verified = _choose(ent_results, set(), profile, ctx, today, leave_one_out=profile == "C")
    enterprise_keys = {_result_key(r) for r in ent_results}
    all_results = list(ent_results)
    for product_id, assessment in outcome.products.items():
        if products[product_id].status == "archived":
            continue
        own = [r for r in assessment.results if r.product_id == product_id]
        all_results += own
        fixed = {k for k in verified if k[1] is None}
        verified |= _choose(assessment.results, fixed, profile, ctx, today, frozen=enterprise_keys)
    submitted_days, verified_days = TIMELINE[profile]
    clock.freeze(now - timedelta(days=submitted_days + 5))
    refresh_enterprise_grades(enterprise, ctx)  # the starting point on the timeline
    documents: dict[str, object] = {}
    answers = []
    owner = next((m.user for m in enterprise.members if m.role == "owner"), None)
    for result in all_results:
        verify = _result_key(result) in verified
        if not verify and rng.random() < 0.75:
            continue  # still missing
        # verified answers were sent long ago; the rest wait in the queue for a few days
        days_ago = submitted_days - rng.randint(0, 4) if verify else rng.randint(2, 12)
        clock.freeze(now - timedelta(days=days_ago))
        answer = _seed_answer(enterprise, result, products, documents, today, rng)
        transition(answer, SUBMITTED, actor=owner)
        answers.append((answer, verify))
    db.session.flush()
    rejected_one = profile != "D"
    for answer, verify in answers:
        if verify:
            clock.freeze(now - timedelta(days=verified_days - rng.randint(0, 3)))
            transition(answer, VERIFIED, actor=curator, note=None)
        elif not rejected_one and answer.item.needs_number:
            clock.freeze(now - timedelta(days=1))
            transition(answer, REJECTED, actor=curator, note=REJECTION)
            rejected_one = True
    clock.freeze(now - timedelta(days=max(verified_days - 4, 1)))
    db.session.flush()
    refresh_enterprise_grades(enterprise, ctx)
    if profile == "A":
        _expiring_soon(answers, today)
    clock.freeze(None)


def _seed_answer(enterprise, result, products, documents, today, rng) -> ReadinessAnswer:
    item = result.item
    product = products.get(result.product_id) if result.product_id else None
    answer = ReadinessAnswer(
        item=item,
        enterprise_id=enterprise.id,
        product_id=result.product_id,
        state="missing",
        note=NOTES.get(item.code, ""),
    )
    if item.needs_number:
        answer.certificate_number = _number(item.number_format, product, rng)
    if item.needs_expiry:
        answer.expires_on = today + timedelta(days=rng.randint(400, 1500))
    if item.needs_document:
        if item.code not in documents:
            documents[item.code] = store_document(
                _evidence_pdf(enterprise.name, item.title_english),
                f"{item.code}.pdf",
                folder="evidence",
                enterprise_id=enterprise.id,
            )
        answer.documents.append(documents[item.code])
    db.session.add(answer)
    return answer


def _number(kind, product, rng) -> str:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if kind == "hs_code":
        return product.hs_code if product is not None and product.hs_code else "09011110"
    return {
        "nib": "91200" + digits(8),
        "npwp": "0" + digits(14),
        "halal": "ID7311" + digits(13),
        "food_registration": "MD" + digits(12),
        "bpom_cosmetic": "NA18" + digits(9),
        "trademark": "IDM" + digits(9),
        "bank_account": digits(10),
    }.get(kind or "", "VLK-" + digits(5) + "/2025")


def _expiring_soon(answers, today) -> None:
    """One verified certificate of the A enterprise ends in 25 days (a reminder is due)."""
    for answer, was_verified in answers:
        if was_verified and answer.item.needs_expiry:
            answer.expires_on = today + timedelta(days=25)
            return


def _evidence_pdf(enterprise_name: str, title: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    safe = lambda s: s.encode("latin-1", "replace").decode("latin-1")  # noqa: E731
    pdf.multi_cell(0, 8, safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(0, 6, safe(f"{enterprise_name} - demo evidence"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _seed_clinic(enterprise, curator, now, today) -> None:
    clock.freeze(now - timedelta(days=40))
    first = clinic.record_session(
        enterprise,
        curator=curator,
        held_on=today - timedelta(days=40),
        topics=["legal", "certification"],
        advice="Daftarkan NIB di oss.go.id terlebih dahulu, lalu ajukan sertifikasi halal "
        "self-declare (SEHATI) bersama pendamping PPH.",
        follow_ups=[
            ("Unggah sertifikat NIB", today - timedelta(days=10)),
            ("Hubungi pendamping SEHATI", today - timedelta(days=25)),
        ],
    )
    first.follow_ups[-1].done_at = now - timedelta(days=28)
    # Tied to the NIB item: it closes itself once NIB is verified (verify once).
    for follow_up in first.follow_ups:
        if "NIB" in follow_up.description:
            follow_up.item_code = "ent.nib"
    clock.freeze(now - timedelta(days=6))
    clinic.record_session(
        enterprise,
        curator=curator,
        held_on=today - timedelta(days=6),
        topics=["packaging", "pricing"],
        advice="Gunakan karton lima lapis untuk pengiriman laut; hitung harga FOB Makassar "
        "dengan lembar perhitungan biaya dari klinik.",
        follow_ups=[("Kirim perhitungan harga FOB", today + timedelta(days=14))],
    )
    clock.freeze(None)
