"""Private uploads (evidence, attachments, payment proofs) validated by decoding their content.

Never trust the file name or the browser's content type: a PDF must parse (and carry no
JavaScript and no encryption), an image must decode fully. Accepted files become ``Document``
rows in private storage and are served only through views that check who may see them.
"""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from trading_house.core.errors import DomainError
from trading_house.core.models import Document
from trading_house.core.storage import private_storage
from trading_house.extensions import db

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_IMAGE_PIXELS = 60_000_000


class UploadRejected(DomainError):
    """The file is not acceptable; ``message`` says why in the user's language."""


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def sniff(data: bytes, allowed: tuple[str, ...] = ("pdf", "jpeg", "png")) -> Sniffed:
    """Decode ``data`` and tell what it really is, or raise ``UploadRejected``."""
    if not data:
        raise UploadRejected(_l("The file is empty."))
    if data[:5] == b"%PDF-":
        if "pdf" not in allowed:
            raise UploadRejected(_l("PDF files are not accepted here."))
        _check_pdf(data)
        return Sniffed("application/pdf", "pdf")
    fmt = _check_image(data)
    if fmt.lower() not in allowed:
        raise UploadRejected(_l("This kind of file is not accepted here."))
    content_type, extension = IMAGE_FORMATS[fmt]
    return Sniffed(content_type, extension)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRejected(_l("Encrypted (password-protected) PDFs are not accepted."))
            if len(reader.pages) == 0:
                raise UploadRejected(_l("The PDF has no pages."))
            root = reader.trailer["/Root"]
            names = root.get("/Names") or {}
            if "/JavaScript" in names or _runs_action(root.get("/OpenAction")) or "/AA" in root:
                raise UploadRejected(_l("PDFs that contain scripts are not accepted."))
    except UploadRejected:
        raise
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise UploadRejected(_l("The PDF is damaged or not a real PDF.")) from exc
    if b"/JavaScript" in data or b"/JS " in data or b"/JS(" in data:
        raise UploadRejected(_l("PDFs that contain scripts are not accepted."))


def _runs_action(value) -> bool:
    """An /OpenAction is either a destination (open at page 1, fit width: harmless, and what
    fpdf2 and many PDF writers emit) or an action dictionary (JavaScript, Launch, URI …): only
    actions other than a plain GoTo are refused."""
    if value is None:
        return False
    value = value.get_object() if hasattr(value, "get_object") else value
    return isinstance(value, dict) and value.get("/S") != "/GoTo"


def _check_image(data: bytes) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise UploadRejected(_l("The image has too many pixels."))
                probe.load()  # a full decode: truncated files fail here
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(_l("The image has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(_l("The file is not a readable image or PDF.")) from exc
    if fmt not in IMAGE_FORMATS:
        raise UploadRejected(_l("This kind of image is not accepted; use JPEG or PNG."))
    return fmt


def store_document(
    data: bytes,
    filename: str,
    *,
    uploaded_by=None,
    allowed: tuple[str, ...] = ("pdf", "jpeg", "png"),
    max_bytes: int = DEFAULT_MAX_BYTES,
    folder: str = "documents",
) -> Document:
    """Validate and store a private document; the file is removed again if the transaction fails."""
    if len(data) > max_bytes:
        raise UploadRejected(
            _l("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024))
        )
    kind = sniff(data, allowed)
    digest = hashlib.sha256(data).hexdigest()
    key = f"{folder}/{digest[:2]}/{secrets.token_hex(16)}.{kind.extension}"
    private_storage().save(key, data)
    document = Document(
        storage_key=key,
        filename=_clean_name(filename, kind.extension),
        content_type=kind.content_type,
        size_bytes=len(data),
        sha256=digest,
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    _forget_file_on_rollback(key)
    return document


def _clean_name(filename: str, extension: str) -> str:
    stem = "".join(c for c in (filename or "file").rsplit(".", 1)[0] if c.isalnum() or c in "-_ ")
    return f"{(stem.strip() or 'file')[:80]}.{extension}"


def _forget_file_on_rollback(key: str) -> None:
    """Files are written before commit; if the transaction rolls back, the orphan is deleted."""
    from trading_house.core.tx import delete_on_rollback

    delete_on_rollback(private_storage(), key)


def read_document(document: Document) -> bytes:
    return private_storage().read(document.storage_key)
