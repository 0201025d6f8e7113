"""The provincial dashboard against a small fixture whose numbers were computed by hand.

Three enterprises: E1 and E2 in Gowa, E3 in Tana Toraja. E1 has every business item verified
(A) from 20 January; E2 has NIB and capacity verified (B) from 10 February; E3 nothing (D).
Products: p1 snack (E1, C), p2 cloth (E1, HS code verified: A), p3 cloth (E2, C), p4 cloth (E2,
archived: not counted), p5 food (E3, D).
"""

import io
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from trading_house.extensions import db
from trading_house.readiness import clinic, dashboard, exports
from trading_house.readiness.lifecycle import transition
from trading_house.readiness.scoring import refresh_all_grades


def at(day: date, hour: int = 4) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def province(factory, rd, frozen):
    frozen(at(date(2025, 12, 1)))
    cats = rd.categories()
    rd.template()
    curator = factory.user("curator")
    e1 = factory.enterprise(name="Koperasi Kopi Gowa", regency_code="7306")
    e2 = factory.enterprise(name="UD Tenun Gowa", regency_code="7306")
    e3 = factory.enterprise(name="CV Toraja Rasa", regency_code="7318")
    p1 = factory.product(e1, category=cats["snacks"])
    p2 = factory.product(e1, category=cats["textile"])
    p3 = factory.product(e2, category=cats["textile"])
    factory.product(e2, category=cats["textile"], status="archived")
    p5 = factory.product(e3, category=cats["food"])
    frozen(at(date(2025, 12, 15)))
    refresh_all_grades()
    db.session.commit()

    def submit_then_verify(enterprise, codes, submitted_on, verified_on, product=None):
        frozen(at(submitted_on))
        answers = [
            rd.answer(
                enterprise, code, state="submitted", product=product, certificate_number=number
            )
            for code, number in codes
        ]
        frozen(at(verified_on))
        for answer in answers:
            transition(answer, "verified", actor=curator)
        db.session.commit()
        refresh_all_grades()
        db.session.commit()

    business = [("ent.nib", "9120001234567"), ("ent.capacity", None)]
    submit_then_verify(
        e1, business + [("ent.bank", "0123456789")], date(2026, 1, 5), date(2026, 1, 20)
    )
    submit_then_verify(e1, [("prod.hs", "62114200")], date(2026, 1, 21), date(2026, 1, 22), p2)
    submit_then_verify(e2, business, date(2026, 2, 3), date(2026, 2, 10))
    frozen(at(date(2026, 2, 20)))
    rd.answer(e3, "ent.capacity", state="submitted")

    frozen(at(date(2026, 1, 15)))
    clinic.record_session(
        e2,
        curator=curator,
        held_on=date(2026, 1, 15),
        topics=["legal"],
        advice="NIB first.",
        follow_ups=[("Upload the NIB", date(2026, 1, 25))],
    )
    db.session.commit()
    frozen(at(date(2026, 1, 24)))
    follow_up = e2_follow_up = clinic.open_follow_ups(e2)[0]
    clinic.mark_done(follow_up, actor=curator)
    frozen(at(date(2026, 2, 14)))
    clinic.record_session(
        e3,
        curator=curator,
        held_on=date(2026, 2, 14),
        topics=["packaging"],
        advice="Five-layer cartons.",
        follow_ups=[
            ("Order cartons", date(2026, 2, 20)),
            ("Photograph the packing", date(2026, 3, 10)),
        ],
    )
    frozen(at(date(2026, 2, 25)))
    clinic.record_session(
        e3,
        curator=curator,
        held_on=date(2026, 2, 25),
        topics=["pricing"],
        advice="FOB costing.",
        follow_ups=[],
    )
    db.session.commit()
    frozen(at(date(2026, 3, 2)))
    assert e2_follow_up.done_at is not None
    return {"e1": e1, "e2": e2, "e3": e3, "p1": p1, "p2": p2, "p3": p3, "p5": p5}


@pytest.fixture
def english(ctx):
    """Headers and words such as "Total" in English, whatever the catalogs say."""
    with force_locale("en"):
        yield


def test_enterprises_and_products_per_grade(english, province):
    assert dashboard.enterprises_by_regency().rows == [
        ["Gowa", 1, 1, 0, 0, 2],
        ["Tana Toraja", 0, 0, 0, 1, 1],
        ["Total", 1, 1, 0, 1, 3],
    ]
    assert dashboard.products_by_regency().rows == [
        ["Gowa", 1, 0, 2, 0, 3],
        ["Tana Toraja", 0, 0, 0, 1, 1],
        ["Total", 1, 0, 2, 1, 4],
    ]
    # by top-level category, in Indonesian: a snack counts under "Makanan Olahan"
    assert dashboard.products_by_category("id").rows == [
        ["Makanan Olahan", 0, 0, 1, 1, 2],
        ["Tenun", 1, 0, 1, 0, 2],
        ["Total", 1, 0, 2, 1, 4],
    ]


def test_change_over_time_by_month_end(english, province):
    table = dashboard.grades_over_time(months=4)
    assert table.headers[1:5] == ["A", "B", "C", "D"]
    assert table.rows == [
        ["2025-12", 0, 0, 0, 3, 0],
        ["2026-01", 1, 0, 0, 2, 1],
        ["2026-02", 1, 1, 0, 1, 1],
        ["2026-03", 1, 1, 0, 1, 1],
    ]


def test_most_common_missing_items(english, province):
    rows = dashboard.common_missing_items("en").rows
    # (title, level, mandatory, applies to, missing, share %)
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        ("Title prod.price", 4, 4, 100),
        ("Title prod.hs", 4, 3, 75),
        ("Title ent.bank", 3, 2, 67),
        ("Title prod.halal", 2, 2, 100),
        ("Title prod.registration", 2, 2, 100),
        ("Title ent.nib", 3, 1, 33),
        ("Title ent.capacity", 3, 1, 33),
    ]
    assert rows[1][1:3] == ["Product", "Yes"]


def test_time_from_first_submission_to_export_ready(english, province):
    table = dashboard.time_to_export_ready()
    assert table.rows == [
        ["Koperasi Kopi Gowa", "Gowa", "2026-01-05", "2026-01-20", 15],
        ["UD Tenun Gowa", "Gowa", "2026-02-03", "2026-02-10", 7],
    ]
    assert table.summary == {"count": 2, "median_days": 7, "still_working": 1}


def test_clinic_activity_per_month(english, province):
    assert dashboard.clinic_activity(months=4).rows == [
        ["2025-12", 0, 0, 0, 0, 0],
        ["2026-01", 1, 1, 1, 1, 0],
        ["2026-02", 2, 1, 2, 0, 1],
        ["2026-03", 0, 0, 0, 0, 0],
    ]


def test_the_dashboard_page_with_charts_and_downloads(client, login, factory, province):
    login(factory.user("admin"))
    page = client.get("/readiness/dashboard?lang=en")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert body.count("<svg") == 6
    assert "Tana Toraja" in body and "Koperasi Kopi Gowa" in body
    assert "median 7 days" in body
    for name in dashboard.TABLES:
        assert f"/readiness/dashboard/{name}.csv" in body
        assert f"/readiness/dashboard/{name}.xlsx" in body

    csv = client.get("/readiness/dashboard/enterprises_by_regency.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "attachment" in csv.headers["Content-Disposition"]
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Regency,A,B,C,D,Total"
    assert lines[1:] == ["Gowa,1,1,0,0,2", "Tana Toraja,0,0,0,1,1", "Total,1,1,0,1,3"]

    xlsx = client.get("/readiness/dashboard/time_to_export_ready.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == ["Koperasi Kopi Gowa", "Gowa", "2026-01-05", "2026-01-20", 15]
    assert client.get("/readiness/dashboard/nothing.csv").status_code == 404
    assert client.get("/readiness/dashboard/clinic_activity.pdf").status_code == 404


def test_only_curators_and_admins_see_the_dashboard(client, login, factory, province):
    login(factory.user("sme"))
    assert client.get("/readiness/dashboard").status_code == 403
    assert client.get("/readiness/dashboard/clinic_activity.csv").status_code == 403
    client.post("/logout")
    login(factory.user("curator"))
    assert client.get("/readiness/dashboard").status_code == 200


def test_exports_defuse_spreadsheet_formulas():
    table = dashboard.Table("t", "T", ["Name", "N"], [['=HYPERLINK("x")', 1], ["-2+3", 2]])
    assert exports.to_csv(table).decode("utf-8-sig").splitlines()[1:] == [
        '"\'=HYPERLINK(""x"")",1',
        "'-2+3,2",
    ]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(table))).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")'
    assert sheet["B2"].value == 1


def test_charts_escape_labels():
    from trading_house.readiness import charts

    svg = str(charts.bars("Missing <items>", ["<script>alert(1)</script>"], [3]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
