"""Financial statements typed the Indonesian way or uploaded from the template; a statement that
does not balance is refused with the difference; submitted statements give the ratios."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select

from tests.cooperatives.helpers import cooperative
from trading_house.cooperatives.models import FinancialStatement
from trading_house.extensions import db

TODAY = datetime.now(ZoneInfo("Asia/Makassar")).date()

YEAR = TODAY.year - 1
BALANCED = {
    "year": str(YEAR),
    "cash": "100.000.000",
    "receivables": "50.000.000",
    "loans_to_members": "200.000.000",
    "non_performing_loans": "10.000.000",
    "other_current_assets": "0",
    "fixed_assets": "150.000.000",
    "current_liabilities": "100.000.000",
    "long_term_liabilities": "50.000.000",
    "member_equity": "250.000.000",
    "reserves": "50.000.000",
    "other_equity": "20.000.000",
    "surplus": "30.000.000",
    "revenue": "300.000.000",
    "operating_costs": "200.000.000",
    "interest_costs": "20.000.000",
}


def _officer(factory, login):
    officer = factory.user("coop_officer", preferred_language="id")
    coop = cooperative(officer)
    login(officer)
    return coop


def _statement():
    db.session.expire_all()
    return db.session.scalar(select(FinancialStatement))


def test_typed_statement_is_saved_submitted_and_gives_ratios(factory, login, client):
    coop = _officer(factory, login)
    other_equity = BALANCED | {"other_equity": "70.000.000", "surplus": "(20.000.000)"}
    response = client.post(f"/koperasi/{coop.id}/laporan-keuangan/isi", data=other_equity)
    assert response.status_code == 302
    statement = _statement()
    assert statement.surplus == -20_000_000 and statement.is_draft
    client.post(f"/koperasi/{coop.id}/laporan-keuangan/isi", data=BALANCED)
    statement = _statement()
    assert (statement.cash, statement.other_equity) == (100_000_000, 20_000_000)
    client.post(f"/koperasi/{coop.id}/laporan-keuangan/{YEAR}/kirim")
    assert _statement().is_submitted
    page = client.get(f"/koperasi/{coop.id}/laporan-keuangan?lang=en").get_data(as_text=True)
    assert "Submitted" in page and "3.50" in page  # current ratio 350m / 100m
    again = client.post(f"/koperasi/{coop.id}/laporan-keuangan/isi", data=BALANCED)
    assert again.status_code == 422
    assert "reopen it to correct it" in again.get_data(as_text=True)
    client.post(f"/koperasi/{coop.id}/laporan-keuangan/{YEAR}/buka")
    assert _statement().is_draft
    history = client.get(f"/koperasi/{coop.id}/riwayat").get_data(as_text=True)
    assert "Financial statement submitted" in history
    assert "Financial statement reopened" in history


def test_a_statement_that_does_not_balance_is_refused(factory, login, client):
    coop = _officer(factory, login)
    response = client.post(
        f"/koperasi/{coop.id}/laporan-keuangan/isi?lang=en", data=BALANCED | {"cash": "101.000.000"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "does not balance" in page
    assert "1,000,000" in page or "1.000.000" in page  # the difference
    assert 'value="101.000.000"' in page  # nothing typed is lost
    assert _statement() is None


def test_bad_statement_values(factory, login, client):
    coop = _officer(factory, login)
    cases = [
        ({"cash": "-5"}, 422),
        ({"non_performing_loans": "300.000.000"}, 422),
        ({"year": str(TODAY.year + 1)}, 422),
        ({"year": "1900"}, 422),
        ({"revenue": "abc"}, 422),
    ]
    for change, status in cases:
        response = client.post(f"/koperasi/{coop.id}/laporan-keuangan/isi", data=BALANCED | change)
        assert response.status_code == status, change
    assert _statement() is None


def _filled_template(client, coop, fmt):
    body = client.get(f"/koperasi/{coop.id}/laporan-keuangan/template.{fmt}").data
    loss = {"other_equity": "70.000.000", "surplus": "-20.000.000"}
    amounts = {k: v for k, v in (BALANCED | loss).items() if k != "year"}
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(body))
        sheet = book.active
        for row in sheet.iter_rows(min_row=2):
            key = row[0].value
            if key in amounts:
                row[2].value = int(amounts[key].replace(".", "").replace("-", "")) * (
                    -1 if amounts[key].startswith("-") else 1
                )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for key, label, value in rows[1:]:
        writer.writerow([key, label, amounts.get(key, value)])
    return out.getvalue().encode()


def test_upload_from_the_xlsx_and_csv_templates(factory, login, client):
    coop = _officer(factory, login)
    for fmt in ("xlsx", "csv"):
        data = _filled_template(client, coop, fmt)
        response = client.post(
            f"/koperasi/{coop.id}/laporan-keuangan/unggah",
            data={"file": (io.BytesIO(data), f"laporan.{fmt}")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert "saved as a draft" in response.get_data(
            as_text=True
        ) or "disimpan" in response.get_data(as_text=True)
        statement = _statement()
        assert statement.source == "upload"
        assert statement.total_assets == 500_000_000 and statement.surplus == -20_000_000
        db.session.delete(statement)
        db.session.commit()


def test_a_bad_upload_says_why(factory, login, client):
    coop = _officer(factory, login)
    for payload in (b"\x00\x01garbage", b"PK\x03\x04broken zip", b"line,description,amount_idr\n"):
        response = client.post(
            f"/koperasi/{coop.id}/laporan-keuangan/unggah?lang=en",
            data={"file": (io.BytesIO(payload), "laporan.xlsx")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert "could not be read" in response.get_data(as_text=True)
    assert _statement() is None
