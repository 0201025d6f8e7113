"""Is a PDF only pages? Every object of the file is inspected, not only the document catalog.

A PDF can carry JavaScript (on a page's or a field's ``/AA``, in an annotation's action, in the
``/Names`` tree, behind ``/OpenAction``), launch programs, submit or import form data, hold other
files (``/EmbeddedFiles``, file attachments) or XFA and multimedia. Any object may hold these,
and a hostile file hides them where a check of the catalog does not look: in an object stream,
behind an indirect reference, in an object the cross-reference table does not list (viewers
that repair a file still find it), or in a name spelled with ``#xx`` escapes. So we read
every object three ways: those the cross-reference data lists (pypdf), every ``n g obj`` in the
file's bytes, and every object inside every object stream; names arrive decoded.

Pure function over bytes; :func:`problem` returns what is wrong, or ``None``.
"""

import io
import re
import warnings
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NumberObject,
    StreamObject,
    read_object,
)

ENCRYPTED = "encrypted"
DAMAGED = "damaged"
NO_PAGES = "no_pages"
TOO_COMPLEX = "too_complex"
ACTIVE = "active"  # scripts, actions, forms that send data, multimedia
EMBEDDED = "embedded"  # other files inside the PDF

#: Dictionary keys that only exist to run something or to hold interactive content.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/XFA", "/RichMediaContent", "/RichMediaSettings"}
)
#: Dictionary keys of embedded files (file specifications, the name tree, portfolios).
EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RF", "/Collection"})
#: Values of /S (action type), /Type or /Subtype that run, fetch or play something.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/Screen",
        "/RichMedia",
        "/RichMediaExecute",
        "/3D",
        "/GoTo3DView",
    }
)
EMBEDDED_NAMES = frozenset({"/EmbeddedFile", "/FileAttachment"})
TYPED_KEYS = ("/S", "/Type", "/Subtype")
SAFE_URI_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: A 400-page report has a few thousand objects; reading one costs pypdf ~1 ms, so this bounds
#: the time a hostile file can take (and, with the rate limit, how often).
MAX_OBJECTS = 50_000
_SPACE = rb"[ \t\r\n\f\x00]+"
#: "12 0 obj": the start of every object written directly in the file.
OBJECT_HEADER = re.compile(rb"(?<![0-9])[0-9]{1,10}" + _SPACE + rb"[0-9]{1,5}" + _SPACE + rb"obj\b")


class _Refused(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def problem(data: bytes) -> str | None:
    """What makes ``data`` unacceptable as a document (one of the constants above), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _inspect(data)
    except _Refused as refused:
        return refused.reason
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on hostile input;
        return DAMAGED  # any of them means we cannot vouch for the file.
    return None


def _inspect(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _Refused(ENCRYPTED)
    if len(reader.pages) == 0:
        raise _Refused(NO_PAGES)
    count = 0
    for obj in _every_object(reader, data):
        count += 1 + _check_object(obj, reader)
        if count > MAX_OBJECTS:
            raise _Refused(TOO_COMPLEX)


def _every_object(reader: PdfReader, data: bytes) -> Iterator:
    """The trailer, each object listed in the cross-reference data, then each object found in
    the bytes (skipping those just read at the same place); object streams are opened by
    _check_object."""
    yield reader.trailer
    listed: set[int] = set()
    for generation, entries in list(reader.xref.items()):
        for number, offset in list(entries.items()):
            listed.add(offset)
            yield reader.get_object(IndirectObject(number, generation, reader))
    for number in list(reader.xref_objStm):
        yield reader.get_object(IndirectObject(number, 0, reader))
    stream = io.BytesIO(data)
    for match in OBJECT_HEADER.finditer(data):
        if match.start() in listed:
            continue
        stream.seek(match.end())
        _skip_whitespace(stream)
        yield read_object(stream, reader)


def _skip_whitespace(stream: io.BytesIO) -> None:
    while (byte := stream.read(1)) and byte in b" \t\r\n\f\x00":
        pass
    if byte:
        stream.seek(-1, 1)


def _check_object(obj, reader: PdfReader) -> int:
    """Walk one object's direct contents (indirect ones are visited on their own); returns how
    many objects of object streams it opened on the way."""
    stack, opened = [obj], 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            continue
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            _check_dictionary(item)
            stack.extend(dict.values(item))
            if isinstance(item, StreamObject) and dict.get(item, "/Type") == "/ObjStm":
                inner = _objects_in_stream(item, reader)
                opened += len(inner)
                stack.extend(inner)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return opened


def _check_dictionary(item: DictionaryObject) -> None:
    keys = set(dict.keys(item))
    if keys & ACTIVE_KEYS:
        raise _Refused(ACTIVE)
    if keys & EMBEDDED_KEYS:
        raise _Refused(EMBEDDED)
    # /S also names the tags of accessible PDFs (/P, /H1 …); a tag named like an action (a
    # style called "Sound") is refused too: any exception here is one an attacker could use.
    for key in TYPED_KEYS:
        value = _resolved(dict.get(item, key))
        if not isinstance(value, str):
            continue
        if value in ACTIVE_NAMES:
            raise _Refused(ACTIVE)
        if value in EMBEDDED_NAMES:
            raise _Refused(EMBEDDED)
    if "/OpenAction" in keys and not _harmless_open_action(dict.get(item, "/OpenAction")):
        raise _Refused(ACTIVE)
    uri = _resolved(dict.get(item, "/URI"))
    if uri is not None and not isinstance(uri, DictionaryObject) and not _web_address(uri):
        raise _Refused(ACTIVE)  # (a dictionary is the catalog's base address for links)


def _harmless_open_action(value) -> bool:
    """Opening at a page (a destination, or a GoTo action: what fpdf2 and office suites write)
    is harmless; any other action (a URI, printing, JavaScript …) when the file opens is not."""
    value = _resolved(value)
    if isinstance(value, DictionaryObject):
        return _resolved(dict.get(value, "/S")) == "/GoTo"
    return True


def _web_address(value) -> bool:
    """Links may go to web pages, e-mail and phone numbers; not to javascript:, file: or data:."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return False
    scheme = "".join(value.split()).lower().partition(":")[0]
    return scheme in SAFE_URI_SCHEMES


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _objects_in_stream(stream: StreamObject, reader: PdfReader) -> list:
    """Every object an object stream holds, whether or not the cross-reference data lists it."""
    count, first = dict.get(stream, "/N"), dict.get(stream, "/First")
    if not isinstance(count, NumberObject) or not isinstance(first, NumberObject):
        raise _Refused(DAMAGED)
    if int(count) > MAX_OBJECTS:
        raise _Refused(TOO_COMPLEX)
    data = stream.get_data()
    header = data[: int(first)].split()
    if len(header) < 2 * int(count):
        raise _Refused(DAMAGED)
    buffer = io.BytesIO(data)
    objects = []
    for offset in header[1 : 2 * int(count) : 2]:
        buffer.seek(int(first) + int(offset))
        _skip_whitespace(buffer)
        objects.append(read_object(buffer, reader))
    return objects
