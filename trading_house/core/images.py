"""Photo pipeline: decode to validate, then EXIF-orient, strip metadata, sRGB, WebP variants.

Pure functions over bytes (no database); the catalog stores what they return.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from trading_house.core.errors import DomainError

try:  # HEIC/HEIF straight from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    pass

MAX_BYTES = 20 * 1024 * 1024
MIN_LONG_SIDE = 600
MAX_PIXELS = 60_000_000
VARIANT_WIDTHS = (400, 800, 1600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}


class ImageRejected(DomainError):
    """The upload is not an acceptable photo; ``message`` says why."""


@dataclass(frozen=True)
class PreparedImage:
    width: int  # after EXIF orientation
    height: int
    format: str


def inspect_upload(data: bytes, *, min_long_side: int = MIN_LONG_SIDE, max_bytes: int = MAX_BYTES):
    """Validate an upload by decoding it; return its size, or raise ``ImageRejected``."""
    if not data:
        raise ImageRejected(_l("The file is empty."))
    if len(data) > max_bytes:
        raise ImageRejected(
            _l("The photo is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024))
        )
    with _open(data) as image:
        image.load()
        width, height = image.size
        if _exif_rotates(image):
            width, height = height, width
        fmt = image.format
    if max(width, height) < min_long_side:
        raise ImageRejected(
            _l("The photo is too small: at least %(px)s pixels on the long side.", px=min_long_side)
        )
    return PreparedImage(width=width, height=height, format=fmt)


def render_variants(data: bytes, widths=VARIANT_WIDTHS) -> dict[int, bytes]:
    """WebP variants (no metadata, sRGB, upright), keyed by width; never upscaled."""
    with _open(data) as image:
        image = ImageOps.exif_transpose(image)
        image = _to_rgb(image)
        variants = {}
        for width in widths:
            copy = image.copy()
            copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP", quality=80)
            variants[width] = buffer.getvalue()
    return variants


def variant_key(content: bytes, width: int, prefix: str = "p") -> str:
    """A content-hashed public name: the same bytes always get the same URL."""
    digest = hashlib.sha256(content).hexdigest()[:32]
    return f"{prefix}/{digest[:2]}/{digest}-{width}.webp"


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(_l("Please upload a JPEG, PNG, WebP or HEIC photo."))
            if image.width * image.height > MAX_PIXELS:
                raise ImageRejected(_l("The image has too many pixels."))
            return image
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(_l("The image has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(_l("The file is not a photo we can read.")) from exc


def _exif_rotates(image: Image.Image) -> bool:
    try:
        return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # noqa: BLE001 - broken EXIF must not reject the photo
        return False


def _to_rgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if icc:
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
            image = ImageCms.profileToProfile(image.convert(mode), source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode or image.mode == "P" else "RGB")
    return image
