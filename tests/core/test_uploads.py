"""Private uploads are judged by their content, not their name."""

import io

import pytest
from fpdf import FPDF
from PIL import Image

from trading_house.core.uploads import UploadRejected, sniff


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Sertifikat halal BPJPH")
    return bytes(pdf.output())


def test_an_ordinary_pdf_with_an_open_destination_is_accepted(ctx):
    """fpdf2 always writes /OpenAction [page /XYZ ...]: a zoom setting, not a script."""
    assert sniff(_pdf()).content_type == "application/pdf"


def test_a_pdf_that_runs_javascript_when_opened_is_refused(ctx):
    scripted = _pdf().replace(
        b"/OpenAction [", b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Unused [", 1
    )
    with pytest.raises(UploadRejected):
        sniff(scripted)


def test_a_png_renamed_to_pdf_is_still_a_png_and_a_text_file_is_refused(ctx):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    assert sniff(buffer.getvalue()).content_type == "image/png"
    with pytest.raises(UploadRejected):
        sniff(b"hello, this is not a document")
