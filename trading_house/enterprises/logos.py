"""Enterprise logos: decode to validate, orient, strip metadata, write WebP variants.

``Enterprise.logo_key`` holds a key prefix such as ``logos/ab/ab12…``; the variants live at
``<prefix>-128.webp`` and ``<prefix>-512.webp`` in public storage (served at ``/media/<key>``).
Names are content-hashed, so the same logo always gets the same URL and can be cached forever.
"""

import hashlib
import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from trading_house.core import images
from trading_house.core.errors import DomainError
from trading_house.core.storage import media_url, public_storage
from trading_house.core.tx import delete_on_rollback

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE = 200
MAX_PIXELS = 40_000_000
SIZES = (128, 512)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}  # what core.images accepts


class LogoRejected(DomainError):
    """The upload cannot be a logo; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message, field="logo")


def _decode(data: bytes) -> Image.Image:
    if not data:
        raise LogoRejected(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise LogoRejected(_l("The logo is larger than %(mb)s MB.", mb=MAX_BYTES // (1024 * 1024)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise LogoRejected(_l("Please upload the logo as a JPEG, PNG, WebP or HEIC image."))
            if image.width * image.height > MAX_PIXELS:
                raise LogoRejected(_l("The image has too many pixels."))
            image.load()  # a full decode: truncated files fail here
    except LogoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LogoRejected(_l("The image has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise LogoRejected(_l("The file is not an image we can read.")) from exc
    if min(image.size) < MIN_SIDE:
        raise LogoRejected(
            _l(
                "The logo is too small: it needs at least %(px)s pixels on each side.",
                px=MIN_SIDE,
            )
        )
    return image


def render_logo_variants(data: bytes) -> dict[int, bytes]:
    """Validate ``data`` as a logo and return WebP variants keyed by size (upright, no metadata).

    The pixels go through the shared photo pipeline (orientation, sRGB, metadata stripped); only
    the logo's own limits and messages live here.
    """
    _decode(data).close()
    return images.process_logo(data, SIZES)


def store_logo(data: bytes) -> str:
    """Validate and write the logo's variants; return the key prefix for ``logo_key``.

    Files written here are deleted again if the transaction rolls back; files that already
    existed (the same logo uploaded before) are left alone because something may use them.
    """
    variants = render_logo_variants(data)
    digest = hashlib.sha256(b"".join(variants[s] for s in SIZES)).hexdigest()[:32]
    prefix = f"logos/{digest[:2]}/{digest}"
    storage = public_storage()
    for size, content in variants.items():
        key = logo_variant_key(prefix, size)
        if storage.exists(key):
            continue
        storage.save(key, content)
        delete_on_rollback(storage, key)
    return prefix


def logo_variant_key(prefix: str, size: int) -> str:
    return f"{prefix}-{size}.webp"


def logo_url(enterprise, size: int = 128, *, external: bool = False) -> str | None:
    """The public URL of the enterprise's logo at ``size`` (128 or 512), or None."""
    prefix = getattr(enterprise, "logo_key", None)
    if not prefix:
        return None
    size = min(SIZES, key=lambda s: (s < size, abs(s - size)))
    return media_url(logo_variant_key(prefix, size), external=external)
