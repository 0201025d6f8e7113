"""An officer keeps the cooperative's financial statement from a phone, in Indonesian: a sheet
that does not balance says by how much, nothing typed is lost, and once submitted the ratios show
on the cooperative's page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.cooperatives.helpers import cooperative
from tests.e2e.test_inquiry_flow import sign_in

YEAR = datetime.now(ZoneInfo("Asia/Makassar")).year - 1
LINES = {
    "cash": "100.000.000",
    "receivables": "50.000.000",
    "loans_to_members": "200.000.000",
    "non_performing_loans": "10.000.000",
    "fixed_assets": "150.000.000",
    "current_liabilities": "100.000.000",
    "long_term_liabilities": "50.000.000",
    "member_equity": "250.000.000",
    "reserves": "50.000.000",
    "other_equity": "-20.000.000",
    "surplus": "30.000.000",
    "revenue": "300.000.000",
    "operating_costs": "200.000.000",
    "interest_costs": "20.000.000",
}


def test_officer_types_checks_and_submits_a_statement(page, factory, screenshot):
    officer = factory.user("coop_officer", email="ketua@kopsejahtera.id", preferred_language="id")
    coop = cooperative(officer, name="Koperasi Produsen Kopi Toraja Sejahtera")
    sign_in(page, officer)
    page.goto("/?lang=id")
    page.goto("/koperasi/saya")
    expect(page.get_by_test_id("coop-name")).to_have_text(coop.name)
    page.get_by_test_id("coop-nav").get_by_text("Laporan keuangan").click()
    page.get_by_test_id("type-statement").click()
    form = page.get_by_test_id("statement-form")
    form.locator("input[name=year]").fill(str(YEAR))
    for line, amount in LINES.items():
        form.locator(f"input[name={line}]").fill(amount)
    expect(page.locator("#cash-echo")).to_contain_text("Rp100.000.000")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    alert = page.locator(".alert-danger")
    expect(alert).to_contain_text("Neraca tidak seimbang")
    expect(alert).to_contain_text("selisih Rp 40.000.000")
    assert page.input_value("input[name=surplus]") == "30.000.000"  # nothing lost
    screenshot("statement-unbalanced")
    form.locator("input[name=other_equity]").fill("20.000.000")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    statement = page.locator(f"[data-testid=statement][data-year='{YEAR}']")
    expect(statement).to_contain_text("Draf")
    statement.get_by_role("button", name="Kirim").click()
    expect(statement).to_contain_text("Terkirim")
    expect(statement.locator("[data-ratio=current_ratio]")).to_contain_text("3.50")
    screenshot("statement-submitted")
    page.get_by_test_id("coop-nav").get_by_text("Ringkasan").click()
    expect(page.get_by_test_id("ratios")).to_contain_text("Rasio lancar")
