"""Evidence PDFs are checked by content (core.uploads): these cover what the readiness area
relies on, including the /OpenAction fix (a destination is harmless, an action is not)."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from tests.readiness.conftest import pdf_bytes
from trading_house.core.uploads import UploadRejected, sniff


def _pdf_with_open_action(action) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if action is not None:
        writer._root_object[NameObject("/OpenAction")] = action(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _destination(writer):
    page = writer.pages[0].indirect_reference
    return ArrayObject([page, NameObject("/FitH"), NumberObject(0)])


def _goto(writer):
    return DictionaryObject(
        {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): _destination(writer)}
    )


def _launch(writer):
    return writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("x.exe")}
        )
    )


def test_pdfs_written_by_common_tools_are_accepted():
    assert sniff(pdf_bytes()).content_type == "application/pdf"  # fpdf2: /OpenAction [page /FitH]
    assert sniff(_pdf_with_open_action(None)).extension == "pdf"
    assert sniff(_pdf_with_open_action(_destination)).extension == "pdf"
    assert sniff(_pdf_with_open_action(_goto)).extension == "pdf"


def test_a_pdf_that_launches_something_when_opened_is_refused():
    with pytest.raises(UploadRejected) as error:
        sniff(_pdf_with_open_action(_launch))
    assert "scripts" in str(error.value.message)
