"""Private uploads (evidence, certificates, payment proofs, attachments): validated by decoding
their content, counted against a quota, served in one careful way, forgotten when replaced.

Never trust the file name or the browser's content type: a PDF must parse and be only pages
(``core.pdf_safety`` reads every object: no JavaScript, actions, embedded files, encryption), an
image must decode fully. Accepted files become ``Document`` rows in private storage and are
served only through views that check who may see them, and then only by
:func:`document_response` (a download that a browser never runs).
"""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass
from datetime import timedelta

from flask import Response, current_app, request, send_file
from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from PIL import Image, UnidentifiedImageError
from sqlalchemy import column, delete, exists, func, literal, select, table
from werkzeug.exceptions import NotFound

from trading_house.core import pdf_safety
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.models import Document
from trading_house.core.storage import StorageUnavailable, private_storage
from trading_house.extensions import db, limiter

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024
#: Bytes of private documents an enterprise may keep (config ``UPLOAD_QUOTA_BYTES``).
DEFAULT_QUOTA_BYTES = 200 * MEGABYTE
#: Files a user may upload (config ``UPLOAD_RATE_LIMIT``); each file counts, not each request.
DEFAULT_RATE_LIMIT = "60 per hour; 300 per day"
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
EXTENSIONS = {content_type: extension for content_type, extension in IMAGE_FORMATS.values()}
EXTENSIONS["application/pdf"] = "pdf"
MAX_IMAGE_PIXELS = 60_000_000

#: What the user reads when a PDF is refused, by the reason ``pdf_safety`` gives.
PDF_MESSAGES = {
    pdf_safety.ENCRYPTED: _l(
        "Encrypted (password-protected) PDFs are not accepted. "
        "Save the document again without a password, or upload a scan or photo of it."
    ),
    pdf_safety.NO_PAGES: _l("The PDF has no pages."),
    pdf_safety.ACTIVE: _l(
        "PDFs that contain scripts, actions, interactive forms or multimedia are not accepted. "
        "Save the document again with “Print to PDF”, or upload a scan or photo of it."
    ),
    pdf_safety.EMBEDDED: _l(
        "PDFs with other files inside them are not accepted. "
        "Upload each document as its own file, or save the PDF again with “Print to PDF”."
    ),
    pdf_safety.TOO_COMPLEX: _l(
        "The PDF is too complex to check. Save it again with “Print to PDF”, or upload a scan."
    ),
    pdf_safety.DAMAGED: _l(
        "The PDF is damaged or not a real PDF. Save it again with “Print to PDF”, "
        "or upload a scan or photo of the document."
    ),
}


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
        reason = pdf_safety.problem(data)
        if reason is not None:
            raise UploadRejected(PDF_MESSAGES[reason])
        return Sniffed("application/pdf", "pdf")
    fmt = _check_image(data)
    if fmt.lower() not in allowed:
        raise UploadRejected(_l("This kind of file is not accepted here."))
    content_type, extension = IMAGE_FORMATS[fmt]
    return Sniffed(content_type, extension)


def _check_image(data: bytes) -> str:
    # PDF readers look for the header anywhere in the first kilobyte: an "image" that is also
    # a PDF would skip the PDF check above.
    if b"%PDF-" in data[:1024]:
        raise UploadRejected(_l("The file is not a readable image or PDF."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS)) as probe:
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
    if fmt == "MPO":  # a multi-picture JPEG (Samsung, Fujifilm cameras): a JPEG to everyone
        fmt = "JPEG"
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
    enterprise_id: int | None = None,
) -> Document:
    """Validate and store a private document; the file is removed again if the transaction fails.

    With ``enterprise_id`` the file counts against that enterprise's quota: refused (nothing
    written) when it would not fit.
    """
    if len(data) > max_bytes:
        raise UploadRejected(_l("The file is larger than %(mb)s MB.", mb=max_bytes // MEGABYTE))
    kind = sniff(data, allowed)
    digest = hashlib.sha256(data).hexdigest()
    key = f"{folder}/{digest[:2]}/{secrets.token_hex(16)}.{kind.extension}"
    if enterprise_id is not None:
        _lock_quota(enterprise_id)
    document = Document(
        storage_key=key,
        filename=_safe_filename(filename, kind.extension),
        content_type=kind.content_type,
        size_bytes=len(data),
        sha256=digest,
        uploaded_by_id=getattr(uploaded_by, "id", None),
        enterprise_id=enterprise_id,
    )
    db.session.add(document)
    db.session.flush()
    if enterprise_id is not None:
        _check_quota(document)
    private_storage().save(key, data)
    _forget_file_on_rollback(key)
    return document


def naming_the_file(exc: UploadRejected, filename: str, field: str) -> UploadRejected:
    """The same refusal, saying which file it is about (forms send several at once)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:80] or "?"
    return UploadRejected(_l("%(file)s: %(reason)s", file=name, reason=exc.message), field=field)


def _safe_filename(filename: str, extension: str) -> str:
    stem = "".join(c for c in (filename or "file").rsplit(".", 1)[0] if c.isalnum() or c in "-_ ")
    return f"{(stem.strip() or 'file')[:80]}.{extension}"


def _forget_file_on_rollback(key: str) -> None:
    """Files are written before commit; if the transaction rolls back, the orphan is deleted."""
    from trading_house.core.tx import delete_on_rollback

    delete_on_rollback(private_storage(), key)


def read_document(document: Document) -> bytes:
    return private_storage().read(document.storage_key)


# --- quota ------------------------------------------------------------------------------------

_enterprises = table("enterprises", column("id"))


def quota_bytes() -> int:
    return int(current_app.config.get("UPLOAD_QUOTA_BYTES") or DEFAULT_QUOTA_BYTES)


def bytes_used(enterprise_id: int) -> int:
    """Bytes of documents that count against the enterprise's quota."""
    used = db.session.scalar(
        select(func.coalesce(func.sum(Document.size_bytes), 0)).where(
            Document.enterprise_id == enterprise_id
        )
    )
    return int(used or 0)


def _lock_quota(enterprise_id: int) -> None:
    """Uploads of one enterprise take turns (PostgreSQL row lock), so two at once cannot both
    fit in the last megabytes. SQLite ignores FOR UPDATE; there the check after the INSERT is
    the guard (the writer holds the database lock from its first write)."""
    db.session.execute(
        select(_enterprises.c.id).where(_enterprises.c.id == enterprise_id).with_for_update()
    )


def _check_quota(document: Document) -> None:
    """Runs after the new row is flushed, so the sum includes it and every committed file."""
    used, quota = bytes_used(document.enterprise_id or 0), quota_bytes()
    if used <= quota:
        return
    largest = db.session.execute(
        select(Document.filename, Document.size_bytes)
        .where(Document.enterprise_id == document.enterprise_id, Document.id != document.id)
        .order_by(Document.size_bytes.desc(), Document.id)
        .limit(3)
    ).all()
    raise UploadRejected(
        _l(
            "This file does not fit: your business may keep %(quota)s MB of files and already "
            "keeps %(kept)s MB. Remove files it no longer needs (tick “Remove” next to old "
            "evidence or certificates), then upload again. Largest files: %(largest)s.",
            quota=_megabytes(quota),
            kept=_megabytes(used - document.size_bytes),
            largest=", ".join(f"{name} ({_megabytes(size)} MB)" for name, size in largest) or "–",
        )
    )


def _megabytes(size: int) -> LazyString:
    """Formatted when shown, in the reader's locale (9.8 / 9,8)."""
    return LazyString(lambda: format_decimal(round(size / MEGABYTE, 1), format="#,##0.#"))


# --- replacing and deleting -------------------------------------------------------------------


def release_document(document: Document) -> None:
    """Forget a document that nothing refers to any more: its row now, its file once the
    transaction commits (a rollback keeps both). A document still used elsewhere stays."""
    from trading_house.core.tx import after_commit

    db.session.flush()
    if _still_referenced(document.id):
        return
    key = document.storage_key
    db.session.delete(document)
    db.session.flush()
    after_commit(delete_stored_file, key)


def delete_stored_file(key: str) -> None:
    """The job after a committed deletion."""
    private_storage().delete(key)


def prune_unreferenced(*, older_than: timedelta = timedelta(hours=1), batch: int = 500) -> int:
    """Forget up to ``batch`` documents no row refers to (files replaced before replacing
    deleted them): rows now, files after the commit; returns how many. Recent ones are left
    alone. One DELETE decides, so two runs at once never delete a row twice."""
    from trading_house.core.tx import after_commit

    unreferenced = [~exists().where(column == Document.id) for column in _referring_columns()]
    candidates = (
        select(Document.id)
        .where(Document.created_at < utcnow() - older_than, *unreferenced)
        .order_by(Document.id)
        .limit(batch)
    )
    keys = db.session.scalars(
        delete(Document)
        .where(Document.id.in_(candidates))
        .returning(Document.storage_key)
        .execution_options(synchronize_session=False)
    ).all()
    for key in keys:
        after_commit(delete_stored_file, key)
    return len(keys)


def _referring_columns() -> list:
    """Every column of every table with a foreign key to ``documents``."""
    documents = Document.__table__
    return [
        fk.parent
        for referring in db.metadata.sorted_tables
        if referring is not documents
        for fk in referring.foreign_keys
        if fk.column.table is documents
    ]


def _still_referenced(document_id: int) -> bool:
    return any(
        db.session.execute(select(literal(1)).where(column == document_id).limit(1)).first()
        is not None
        for column in _referring_columns()
    )


# --- serving ----------------------------------------------------------------------------------

STORE_UNAVAILABLE = _l(
    "The document store is not reachable right now. Your documents are safe; "
    "please try again in a few minutes."
)

#: A private document never runs in our origin: no scripts, no plugins, no same-origin access.
DOCUMENT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def document_response(document: Document) -> Response:
    """The one way private documents leave the server: a download with a safe name that the
    browser must not sniff, cache, frame or run."""
    content_type = document.content_type if document.content_type in EXTENSIONS else None
    extension = EXTENSIONS.get(content_type or "", "bin")
    try:
        if current_app.config.get("S3_PRIVATE_DELIVERY") == "presign":
            url = private_storage().presigned_url(
                document.storage_key,
                expires=int(current_app.config.get("S3_PRESIGN_SECONDS") or 60),
                filename=_safe_filename(document.filename, extension),
                content_type=content_type or "application/octet-stream",
            )
            if url is not None:  # an object store: the browser fetches that one key from it
                return current_app.response_class(
                    status=303,
                    headers={
                        "Location": url,
                        "Cache-Control": "private, no-store",
                        "Referrer-Policy": "no-referrer",
                    },
                )
        data = read_document(document)
    except (OSError, ValueError):
        raise NotFound() from None
    except StorageUnavailable:
        from trading_house.core.error_pages import render_error

        return current_app.make_response(render_error(503, STORE_UNAVAILABLE))
    response = send_file(
        io.BytesIO(data),
        mimetype=content_type or "application/octet-stream",
        as_attachment=True,
        download_name=_safe_filename(document.filename, extension),
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOCUMENT_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


# --- rate limit -------------------------------------------------------------------------------

UPLOAD_LIMIT_SCOPE = "uploads"
RATE_LIMITED = _l(
    "You have uploaded many files in a short time. Please wait an hour, then try again."
)
RATE_LIMITED_TODAY = _l("You have uploaded many files today. Please try again tomorrow.")


def files_in_request() -> int:
    return sum(1 for _, upload in request.files.items(multi=True) if upload and upload.filename)


def _uploader() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{request.remote_addr}"


def limit_uploads(view):
    """Every upload route shares one budget per user, counted in files (config
    ``UPLOAD_RATE_LIMIT``); requests without a file do not count."""
    return limiter.shared_limit(
        lambda: current_app.config.get("UPLOAD_RATE_LIMIT", DEFAULT_RATE_LIMIT),
        scope=UPLOAD_LIMIT_SCOPE,
        key_func=_uploader,
        methods=["POST"],
        exempt_when=lambda: files_in_request() == 0,
        cost=files_in_request,
    )(view)


def rate_limited_page(exc):
    """Error handler for blueprints with upload routes: the 429 page says why and how long."""
    from trading_house.core.error_pages import render_error

    limit = getattr(exc, "limit", None)
    if limit is None or getattr(limit, "scope", None) != UPLOAD_LIMIT_SCOPE:
        return render_error(429)
    daily = limit.limit.get_expiry() > 3600
    return render_error(429, RATE_LIMITED_TODAY if daily else RATE_LIMITED)
