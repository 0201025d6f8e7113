"""The supervision part of the security world: a special inspection of ``world.cooperative``
(the ``examiner`` actor on its team) with a finding with evidence, a recommendation, a visit,
the default sanction ladder, a complaint and this year's plan."""

import io
from datetime import timedelta

from PIL import Image

from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.supervision import cases, plan, plan_settings


def add_supervision(cooperative, *, examiner, admin) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "PNG")
    today = business_today()
    plan_settings.ensure_default_ladder()
    complaint = cases.log_complaint(
        cooperative, received_on=today, source="Anggota", summary="SHU", actor=admin
    )
    case = cases.open_case(
        cooperative, trigger="complaint", complaint_id=complaint.id, actor=examiner
    )
    cases.add_finding(
        case, track="finance", text="Kas", evidence=(buffer.getvalue(), "kas.png"), actor=examiner
    )
    cases.add_recommendation(
        case,
        track="finance",
        text="Audit",
        owner="Bendahara",
        due_on=today + timedelta(days=30),
        actor=examiner,
    )
    cases.plan_visit(case, planned_on=today + timedelta(days=7), actor=examiner)
    plan.build_plan(today.year, actor=admin)
    db.session.commit()
