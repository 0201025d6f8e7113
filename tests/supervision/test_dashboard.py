"""The division dashboard: counts by regency, kind and predicate, share examined this year,
overdue RAT, open cases and their age, examiner workload; every table as CSV and XLSX."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.cooperatives.helpers import cooperative
from tests.supervision.plan_helpers import TODAY, freeze_today, healthy, troubled
from trading_house.extensions import db
from trading_house.supervision import cases, dashboard, plan


@pytest.fixture(autouse=True)
def _today(app):
    freeze_today()


@pytest.fixture
def numbers(factory):
    examiner = factory.user("examiner", display_name="Pak Andi")
    admin = factory.user("admin")
    healthy("Sehat Maros", regency="7308", kind="consumer")  # rated 1 March 2026
    healthy("Sehat Lama", regency="7308", predicate_rated_on=date(2025, 11, 1))
    bad = troubled("Bermasalah Gowa", regency="7306", predicate_rated_on=date(2026, 2, 2))
    cooperative(name="Belum Dinilai", regency="7306", founded_on=date(2026, 1, 10))
    case = cases.open_case(bad, trigger="missed_rat", actor=examiner)
    cases.add_recommendation(
        case, track="finance", text="Audit", owner="Ketua", due_on=TODAY, actor=examiner
    )
    db.session.commit()
    plan.build_plan(2026, actor=admin)
    db.session.commit()
    return examiner, admin


def rows_by_first(table):
    return {str(row[0]): row[1:] for row in table.rows}


def test_the_tables(ctx, numbers):
    by_regency = rows_by_first(dashboard.by_regency())
    # columns: Sehat, Cukup Sehat, DP, DPK, Not rated, Total
    assert by_regency["Maros"] == [2, 0, 0, 0, 0, 2]
    assert by_regency["Gowa"] == [0, 0, 0, 1, 1, 2]
    assert by_regency["Total"] == [2, 0, 0, 1, 1, 4]
    assert rows_by_first(dashboard.by_kind())["Consumer cooperative"] == [1, 0, 0, 0, 0, 1]

    examined = dashboard.examined_this_year()
    assert examined.summary == {"total": 4, "examined": 2, "share": 50}

    overdue = dashboard.overdue_rat()
    # the young cooperative (founded 2026) owes no RAT for 2025; the healthy ones held it
    assert [row[0] for row in overdue.rows] == ["Bermasalah Gowa"]
    assert overdue.rows[0][2] == (TODAY - date(2026, 6, 30)).days

    freeze_today(TODAY + timedelta(days=10))
    open_cases = dashboard.open_cases()
    assert open_cases.rows[0][0] == "Bermasalah Gowa" and open_cases.rows[0][-1] == 10
    workload = rows_by_first(dashboard.examiner_workload())
    assert workload["Pak Andi"] == [25, 4, 1, 1]


def test_dashboard_page_and_downloads(client, login, numbers):
    examiner, _admin = numbers
    login(examiner)
    page = client.get("/pengawasan/dasbor")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "50%" in text and "Bermasalah Gowa" in text
    csv = client.get("/pengawasan/dasbor/by_regency.csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "private, no-store"
    assert "Maros" in csv.get_data().decode("utf-8-sig")
    xlsx = client.get("/pengawasan/dasbor/workload.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A2"].value == "Pak Andi"
    assert client.get("/pengawasan/dasbor/nothing.csv").status_code == 404
    assert client.get("/pengawasan/dasbor/by_kind.pdf").status_code == 404


def test_a_formula_in_a_name_is_neutralised_in_the_csv(client, login, numbers):
    examiner, _admin = numbers
    cooperative(name="=HYPERLINK(1)", regency="7306")
    login(examiner)
    body = client.get("/pengawasan/dasbor/overdue_rat.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_only_the_division_sees_the_dashboard(client, login, factory):
    login(factory.user("curator"))
    assert client.get("/pengawasan/dasbor").status_code == 403
    assert client.get("/pengawasan/dasbor/by_regency.csv").status_code == 403
