"""An SME on a phone uploads evidence: a PDF with a hidden script is refused with a message, a
sixth file is refused with what to remove, and a replaced file is gone — in a real browser."""

import io

import pytest
from PIL import Image

from tests.core import pdfs
from tests.e2e.conftest import PHONE
from tests.e2e.test_readiness_flow import no_horizontal_scroll, sign_in
from trading_house.catalog.seed import seed_categories
from trading_house.core.models import Document
from trading_house.core.storage import private_storage
from trading_house.extensions import db
from trading_house.readiness import services
from trading_house.readiness.models import ReadinessAnswer

ITEM = "ent.capacity"  # production capacity: photos or a report


def _photo(path, shade: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (shade, 120, 60)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _save(page):
    card = page.locator(f"[data-item='{ITEM}']")
    card.locator("input[type=submit][name$=-save]").click()
    page.wait_for_load_state()
    return page.locator(f"[data-item='{ITEM}']")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_sme_uploads_evidence_from_a_phone(page, viewport, factory, screenshot, tmp_path):
    seed_categories()
    db.session.commit()
    services.load_default()
    db.session.commit()
    owner = factory.user("sme", email="umkm-evidence@toraja.id")
    enterprise = factory.enterprise(owner, name="Kopi Toraja Sapan", regency_code="7318")
    sign_in(page, owner)
    page.goto(f"/readiness/e/{enterprise.id}/business?lang=en")
    card = page.locator(f"[data-item='{ITEM}']")

    # A PDF that launches a program is refused, with a way out, and nothing is kept.
    hostile = tmp_path / "laporan-kapasitas.pdf"
    hostile.write_bytes(pdfs.link_with_action("/Launch", F=pdfs.text("cmd.exe")))
    card.locator("input[type=file]").set_input_files(str(hostile))
    card = _save(page)
    error = card.locator("[data-field-error]").inner_text()
    assert "laporan-kapasitas.pdf: PDFs that contain scripts" in error
    assert "Print to PDF" in error
    assert no_horizontal_scroll(page)
    screenshot("hostile-refused")
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0

    # Five photos at once are kept; a sixth is refused and the message says what to do.
    photos = [_photo(tmp_path / f"gudang-{i}.jpg", 20 * i) for i in range(5)]
    card.locator("input[type=file]").set_input_files(photos)
    card = _save(page)
    assert "Current evidence (5 of at most 5 files)" in card.inner_text()
    card.locator("input[type=file]").set_input_files(_photo(tmp_path / "gudang-6.jpg", 200))
    card = _save(page)
    error = card.locator("[data-field-error]").inner_text()
    assert "An answer can keep at most 5 files, and this one would have 6." in error
    assert "Tick “Remove”" in error
    assert no_horizontal_scroll(page)
    screenshot("sixth-refused")

    # Replacing: tick "Remove" next to the first photo, choose the new one, save.
    db.session.expire_all()
    answer = db.session.scalar(db.select(ReadinessAnswer))
    first = answer.documents[0]
    first_key = first.storage_key
    card.locator(f"[data-document='{first.id}'] input[type=checkbox]").check()
    card.locator("input[type=file]").set_input_files(_photo(tmp_path / "gudang-baru.jpg", 250))
    card = _save(page)
    files = card.locator("[data-testid=evidence-files]").inner_text()
    assert "gudang-baru.jpg" in files and "gudang-0.jpg" not in files
    assert not private_storage().exists(first_key)
    screenshot("replaced")

    # The evidence downloads (never opens in the page).
    with page.expect_download() as download:
        card.locator("[data-testid=evidence-files] a", has_text="gudang-baru.jpg").click()
    assert download.value.suggested_filename == "gudang-baru.jpg"
    assert no_horizontal_scroll(page)
    # a refused form comes back with status 400, which the browser reports; nothing else
    assert [e for e in page.console_errors if "status of 400" not in e] == []
