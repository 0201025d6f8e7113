"""Photo pipeline: decode to validate, then EXIF-orient, strip metadata, sRGB, WebP variants.

Pure functions over bytes (no database, no request); the catalog stores what they return.

Why it is fast (``bench/photo_pipeline.py`` measures it against a naive pipeline):
- JPEGs are decoded with ``draft()``: libjpeg scales in the DCT domain to the smallest 1/2, 1/4
  or 1/8 scale that is still (nearly, see ``DRAFT_SLACK``) as large as the biggest variant, so a
  12-MP photo is decoded to 3 MP and never exists in memory at full size;
- the orientation is applied to that small image; the colour conversion (ICC -> sRGB) runs on the
  largest variant only, with a cached transform;
- each smaller variant is derived from the next larger one, not from the original;
- the WebP encoder runs with ``method=2``: about 2.5x faster than the default 4 for files that are
  ~5 % larger at the same quality.
Validation still reads the whole entropy-coded stream (a draft decode to 1/8 scale), so a
truncated upload is caught while the upload request is cheap.
"""

import functools
import hashlib
import io
import math
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms

from trading_house.core.errors import DomainError

try:  # HEIC/HEIF straight from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    pass

MAX_BYTES = 20 * 1024 * 1024
MIN_LONG_SIDE = 600
#: Explicit cap below Pillow's own bomb limits (89 MP warning, 179 MP error). 50-MP phone sensors
#: (8160x6120) pass; anything larger is not a product photo.
MAX_PIXELS = 60_000_000
VARIANT_WIDTHS = (400, 800, 1600)
LOGO_SIZES = (128, 512)
#: Variants are at most this many times as tall as they are wide (a panorama stays usable).
MAX_ASPECT = 4
#: Pillow plugins allowed to parse uploads; everything else (TIFF, EPS, PSD...) is never tried.
#: MPO (a multi-picture JPEG from Samsung/Fujifilm cameras) is opened by the JPEG plugin.
PARSERS = ("JPEG", "PNG", "WEBP", "HEIF")
WEBP_QUALITY = 80
WEBP_METHOD = 2
#: ``resize(reducing_gap=1.0)``: first a box ``reduce()`` by the largest integer factor that keeps
#: the image at least as large as the target, then Lanczos for the rest; the same trade-off as
#: the JPEG draft scale (measured 47 dB PSNR against a full Lanczos, far above WebP's ~37 dB).
REDUCING_GAP = 1.0
#: A draft decode may come out this much smaller than the largest variant; it is then enlarged
#: (bilinear) by at most 11 %. This lets a 12-MP portrait (3000 px wide) decode at 1/2 scale
#: (1500 px) for a 1600-px variant: 0.6 dB PSNR worse after WebP than a full decode with a
#: Lanczos downscale (36.5 vs 37.0 dB: not visible), and several times cheaper.
DRAFT_SLACK = 0.9

_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

NOT_A_PHOTO = _l(
    "This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC photo."
)


class ImageRejected(DomainError):
    """The upload is not an acceptable photo; ``message`` says why."""


@dataclass(frozen=True)
class PreparedImage:
    width: int  # after EXIF orientation
    height: int
    format: str  # Pillow's name: JPEG, MPO, PNG, WEBP or HEIF


def inspect_upload(
    data: bytes, *, min_long_side: int = MIN_LONG_SIDE, max_bytes: int = MAX_BYTES
) -> PreparedImage:
    """Validate an upload by decoding it; return its upright size, or raise ``ImageRejected``.

    Cheap: the size checks read only the header, and a JPEG is decoded at 1/8 scale, which still
    walks the whole compressed stream, so a truncated or corrupt file is rejected.
    """
    if not data:
        raise ImageRejected(_l("The file is empty."))
    if len(data) > max_bytes:
        raise ImageRejected(
            _l("The photo is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024))
        )
    with _open(data) as image:
        fmt = image.format
        if max(image.size) < min_long_side:
            raise ImageRejected(
                _l(
                    "The photo is too small: at least %(px)s pixels on the long side.",
                    px=min_long_side,
                )
            )
        width, height = image.size  # before draft() shrinks it
        _decode_pixels(image, (max(1, width // 8), max(1, height // 8)))
        if _orientation(image) in (5, 6, 7, 8):
            width, height = height, width
    return PreparedImage(width=width, height=height, format=fmt or "")


def render_variants(data: bytes, widths=VARIANT_WIDTHS) -> dict[int, bytes]:
    """WebP variants keyed by width: upright, sRGB, no metadata, never upscaled.

    A variant is ``width`` pixels wide (or the photo's own width if smaller) and at most
    ``MAX_ASPECT`` times as tall.
    """
    return _render_variant(data, {width: (width, width * MAX_ASPECT) for width in widths})


def process_logo(data: bytes, sizes=LOGO_SIZES) -> dict[int, bytes]:
    """WebP logos that fit in a ``size`` x ``size`` square (transparency kept), keyed by size."""
    with _open(data) as image:
        if max(image.size) < min(sizes):
            raise ImageRejected(
                _l(
                    "The logo is too small: at least %(px)s pixels on the long side.",
                    px=min(sizes),
                )
            )
    return _render_variant(data, {size: (size, size) for size in sizes})


def variant_key(content: bytes, width: int, prefix: str = "p") -> str:
    """A content-hashed public name: the same bytes always get the same URL."""
    digest = hashlib.sha256(content).hexdigest()[:32]
    return f"{prefix}/{digest[:2]}/{digest}-{width}.webp"


# --------------------------------------------------------------------------------------------
# Decoding


def _open(data: bytes) -> Image.Image:
    """Parse the header only: format, size, bomb checks. Nothing is decoded yet."""
    image: Image.Image | None
    try:
        image = _open_image(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except Exception as exc:  # any parser failure on untrusted bytes means "not a photo"
        # Pillow reads a JPEG's EXIF while opening it and gives up on a corrupt one; the
        # pixels may be fine, so try once more without the EXIF segment.
        stripped = _without_exif(data)
        try:
            image = _open_image(stripped) if stripped else None
        except Exception:  # the first error is the one to report
            image = None
        if image is None:
            raise ImageRejected(NOT_A_PHOTO) from exc
    if image is None:  # pragma: no cover - both branches above either set it or raise
        raise ImageRejected(NOT_A_PHOTO)
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels()
    return image


def _open_image(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=PARSERS)


def _without_exif(data: bytes) -> bytes | None:
    """The JPEG without its APP1 EXIF segments, or None if it is not a JPEG that has one."""
    if data[:2] != b"\xff\xd8":
        return None
    kept, position, dropped = [data[:2]], 2, False
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            break
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker == 0xE1 and data[position + 4 : position + 10] == b"Exif\x00\x00":
            dropped = True
        else:
            kept.append(data[position:end])
        position = end
    return b"".join(kept) + data[position:] if dropped else None


def _decode_pixels(image: Image.Image, draft_size: tuple[int, int] | None) -> None:
    """Decode the pixels (JPEG: scaled down in the DCT domain to at least ``draft_size``)."""
    try:
        if draft_size and image.format in ("JPEG", "MPO"):
            image.draft(None, draft_size)
        image.load()
    except Exception as exc:  # truncated stream, bad Huffman data, broken zlib, bad HEVC...
        raise ImageRejected(
            _l(
                "The photo is damaged or incomplete (the upload may have been cut off). "
                "Please upload it again."
            )
        ) from exc


def _too_many_pixels() -> ImageRejected:
    return ImageRejected(
        _l(
            "The image has too many pixels: at most %(mp)s megapixels.",
            mp=MAX_PIXELS // 1_000_000,
        )
    )


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # broken EXIF must not reject a photo that decodes
        return 1
    return value if value in _TRANSPOSE else 1


# --------------------------------------------------------------------------------------------
# Rendering


def _render_variant(data: bytes, boxes: dict[int, tuple[int, int]]) -> dict[int, bytes]:
    """Decode once at the scale of the largest box, then derive every variant from larger ones.

    Each step drops the previous image as soon as the next exists. For a JPEG, peak memory is a
    few images of the largest variant's size, whatever the size of the original; PNG, WebP and
    HEIC have no draft mode and are decoded at full size first.
    """
    if not boxes:
        return {}
    order = sorted(boxes, key=lambda key: boxes[key][0] * boxes[key][1], reverse=True)
    # One name for the image at every step: rebinding it drops the previous step's pixels.
    image = _open(data)
    icc = image.info.get("icc_profile")
    orientation = _orientation(image)
    swap = orientation in (5, 6, 7, 8)
    upright = image.size[::-1] if swap else image.size
    largest = _fit(upright, boxes[order[0]])
    _decode_pixels(image, _draft_request(largest[::-1] if swap else largest))
    image = _normalize_mode(image)
    if orientation != 1:
        image = image.transpose(_TRANSPOSE[orientation])
    variants: dict[int, bytes] = {}
    previous: tuple[tuple[int, int], bytes] | None = None
    for position, key in enumerate(order):
        image = _resize(image, _fit(upright, boxes[key]))
        if position == 0:
            image = _to_srgb(image, icc)  # once, on the largest variant: the others derive from it
        if previous and previous[0] == image.size:  # a small photo: no upscaling, no re-encoding
            variants[key] = previous[1]
            continue
        variants[key] = _encode(image)
        previous = (image.size, variants[key])
    return variants


def _draft_request(size: tuple[int, int]) -> tuple[int, int]:
    """The smallest decoded size we accept for a variant of ``size`` (see ``DRAFT_SLACK``)."""
    width, height = size
    return max(1, math.ceil(width * DRAFT_SLACK)), max(1, math.ceil(height * DRAFT_SLACK))


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    if image.width < size[0] or image.height < size[1]:  # a draft decode a few percent small
        return image.resize(size, Image.Resampling.BILINEAR)
    factor = round(image.width / size[0])
    if factor > 1 and all(
        abs(have / factor - want) < 1 for have, want in zip(image.size, size, strict=True)
    ):
        # An (almost) exact halving, 1600 -> 800 -> 400: a 2x2 box filter is enough. The box
        # drops the odd last row/column, if any, so the size comes out exact.
        box = (0, 0, min(image.width, size[0] * factor), min(image.height, size[1] * factor))
        return image.reduce(factor, box=box)
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


def _fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size of ``size`` scaled down (never up) to fit in ``box``, keeping the aspect ratio."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    if scale == 1.0:
        return size
    return max(1, round(width * scale)), max(1, round(height * scale))


def _normalize_mode(image: Image.Image) -> Image.Image:
    """RGB, RGBA, L or CMYK: modes that resize well (palette images cannot be resampled)."""
    mode = image.mode
    if mode in ("RGB", "L", "CMYK"):
        return image
    if mode in ("LA", "La", "RGBa", "PA") or (mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        alpha = image.getchannel("A").getextrema()
        opaque = alpha[0] == 255
        return image.convert("RGB") if opaque else image  # no alpha: smaller, faster WebP
    if mode.startswith("I") or mode == "F":  # 16-bit grayscale PNG and friends
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    try:
        return image.convert("RGB")
    except ValueError as exc:  # a mode Pillow cannot convert (e.g. LAB)
        raise ImageRejected(NOT_A_PHOTO) from exc


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB through the embedded ICC profile; untagged images are taken as sRGB."""
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc:
        try:
            converted = ImageCms.applyTransform(image, _srgb_transform(icc, image.mode, out_mode))
            return converted if converted is not None else image
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: fall back to the plain conversion
    return image if image.mode == out_mode else image.convert(out_mode)


@functools.lru_cache(maxsize=16)
def _srgb_transform(icc: bytes, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform:
    # NOCACHE keeps one transform safe to share between threads.
    return ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        _srgb_profile(),
        in_mode,
        out_mode,
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
        flags=ImageCms.Flags.NOCACHE,
    )


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _encode(image: Image.Image) -> bytes:
    """Lossy WebP with no EXIF, XMP or ICC chunk (sRGB is what browsers assume untagged)."""
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()
