"""gzip for HTML, CSS, JavaScript, JSON and SVG answered by the app itself.

``make run`` has no nginx in front, and a phone on a slow connection pays for every byte: a page
of the catalog is ~5× smaller gzipped. Behind the shipped nginx config (``deploy/nginx``) nginx
compresses static files itself and leaves an answer the app already compressed as it is
(``COMPRESS_RESPONSES=0`` turns this off). Photos (WebP) and PDFs are compressed already and are
never touched.
"""

import gzip
import hashlib
from collections import OrderedDict

from flask import Flask, Response, current_app, request

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/problem+json",
        "application/xml",
        "image/svg+xml",
    }
)
#: Below this, gzip's header costs more than it saves.
MIN_SIZE = 500
#: Bodies at least this large are remembered compressed, by their hash: an anonymous page
#: served from the page cache is the same bytes for every visitor, and hashing it costs a
#: fifth of compressing it again (issue #18).
REMEMBER_FROM = 8_000
REMEMBERED = 128
_compressed: OrderedDict[bytes, bytes] = OrderedDict()


def gzipped(body: bytes) -> bytes:
    """``body`` gzipped (level 6, no timestamp: the same bytes each time)."""
    if len(body) < REMEMBER_FROM:
        return gzip.compress(body, compresslevel=6, mtime=0)
    digest = hashlib.blake2b(body, digest_size=16).digest()
    packed = _compressed.get(digest)
    if packed is None:
        packed = _compressed[digest] = gzip.compress(body, compresslevel=6, mtime=0)
        if len(_compressed) > REMEMBERED:
            _compressed.popitem(last=False)
    else:
        _compressed.move_to_end(digest)
    return packed


def _wants_gzip() -> bool:
    """Whether the client takes gzip. A plain list (``gzip, deflate, br``: what browsers send)
    is read without parsing; one with weights (``gzip;q=0``) the full way."""
    header = request.headers.get("Accept-Encoding", "")
    if ";" not in header:
        tokens = {token.strip().lower() for token in header.split(",")}
        return "gzip" in tokens or "*" in tokens
    return request.accept_encodings["gzip"] > 0


def compress_response(response: Response) -> Response:
    """gzip a complete, compressible 200 answer for a client that accepts it."""
    if response.mimetype not in COMPRESSIBLE or not current_app.config.get(
        "COMPRESS_RESPONSES", True
    ):
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or (response.is_streamed and not response.direct_passthrough)
        or not _wants_gzip()
    ):
        return response
    if response.direct_passthrough:
        # A static file: read it (and close it) so its bytes can be compressed.
        source = response.response
        try:
            body = b"".join(
                chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in source
            )
        finally:
            if hasattr(source, "close"):
                source.close()
        response.direct_passthrough = False
    else:
        body = response.get_data()
    if len(body) < MIN_SIZE:
        response.set_data(body)
        return response
    response.set_data(gzipped(body))
    response.headers["Content-Encoding"] = "gzip"
    # The compressed bytes differ from the file's: a weak validator keeps 304s working.
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def init_compression(app: Flask) -> None:
    # Registered before every other after_request function, so it runs last (Flask runs them in
    # reverse order) and compresses the final body.
    app.after_request(compress_response)
