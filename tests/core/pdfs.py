"""PDF fixtures, harmless and hostile, written by hand or with pypdf: one per trick.

``build`` writes a PDF from object bodies so a test can put a script exactly where an attacker
would: in an object stream (compressed, so the raw bytes never show it), in an object the
cross-reference table does not list, in an incremental update, under a ``#xx``-escaped name.
"""

import io
import struct
import zlib

from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"
SCRIPT = b"<< /S /JavaScript /JS (app.alert('hello')) >>"


def build(objects: dict[int, bytes], *, compressed=None, unlisted=None, hidden=()) -> bytes:
    """A PDF whose object ``n`` has the body ``objects[n]``; ``compressed`` objects go into a
    Flate-compressed object stream (and the cross-reference data becomes a stream too);
    ``unlisted`` objects are written in the file but left out of the cross-reference data, and
    so are the ``hidden`` numbers of the compressed ones."""
    compressed, unlisted = compressed or {}, unlisted or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    for number, body in sorted(unlisted.items()):  # may repeat a listed number
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not compressed:
        return bytes(out + _xref_table(offsets, len(out)))
    stream_number = max([*objects, *compressed, *unlisted]) + 1
    offsets[stream_number] = len(out)
    out += _object_stream(stream_number, compressed)
    listed = {n: body for n, body in compressed.items() if n not in hidden}
    return bytes(out + _xref_stream(offsets, stream_number, compressed, listed, len(out)))


def _xref_table(offsets: dict[int, int], start: int) -> bytes:
    size = max(offsets) + 1
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, size):
        if number in offsets:
            rows.append(b"%010d 00000 n \n" % offsets[number])
        else:
            rows.append(b"0000000000 65535 f \n")
    return b"xref\n0 %d\n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        b"".join(rows),
        size,
        start,
    )


def _object_stream(number: int, objects: dict[int, bytes]) -> bytes:
    header, bodies = [], b""
    for obj_number, body in sorted(objects.items()):
        header.append(b"%d %d" % (obj_number, len(bodies)))
        bodies += body + b"\n"
    head = b" ".join(header) + b"\n"
    data = zlib.compress(head + bodies)
    dictionary = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
        len(objects),
        len(head),
        len(data),
    )
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, dictionary, data)


def _xref_stream(offsets, stream_number, compressed, listed, start) -> bytes:
    number = stream_number + 1
    offsets = {**offsets, number: start}
    size = max([*offsets, *compressed]) + 1
    rows = b""
    index_in_stream = {n: i for i, n in enumerate(sorted(compressed))}
    for n in range(size):
        if n in offsets:
            rows += struct.pack(">BIH", 1, offsets[n], 0)
        elif n in listed:
            rows += struct.pack(">BIH", 2, stream_number, index_in_stream[n])
        else:
            rows += struct.pack(">BIH", 0, 0, 65535 if n == 0 else 0)
    return (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        b"%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (number, size, len(rows), rows, start)
    )


def plain(overrides: dict[int, bytes] | None = None) -> bytes:
    """Catalog, page tree and one page, with any object body replaced or added."""
    return build({1: CATALOG, 2: PAGES, 3: PAGE, **(overrides or {})})


def with_pypdf(change) -> bytes:
    """A one-page PDF written by pypdf after ``change(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def fpdf2(text: str = "Sertifikat halal BPJPH", link: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text, link=link or "")
    return bytes(pdf.output())


def scanned() -> bytes:
    """What a phone's scanner app writes: a JPEG image on a page (Pillow's PDF writer)."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (240, 238, 230)).save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def _add_annotation(writer, annotation: dict) -> None:
    annot = DictionaryObject({NameObject(k): v for k, v in annotation.items()})
    annot.update(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 90, 40)]),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])


def _action(kind: str, **fields) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    action.update({NameObject(f"/{k}"): v for k, v in fields.items()})
    return action


def link_with_action(kind: str, **fields) -> bytes:
    return with_pypdf(
        lambda w: _add_annotation(
            w, {"/Subtype": NameObject("/Link"), "/A": w._add_object(_action(kind, **fields))}
        )
    )


def embedded_file() -> bytes:
    return with_pypdf(lambda w: w.add_attachment("payload.exe", b"MZ\x90\x00 not a program"))


def encrypted() -> bytes:
    return with_pypdf(lambda w: w.encrypt(user_password="", owner_password="owner"))


def stream_object(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def text(value: str) -> TextStringObject:
    return TextStringObject(value)
