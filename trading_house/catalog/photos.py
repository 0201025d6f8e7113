"""Product photos: validate and keep the original privately, render public WebP variants later.

The upload request only decodes the image to validate it and stores the original (removed again
if the transaction rolls back). The variants are rendered by :func:`generate_variants`, a job that
runs after the commit: inline by default, on an RQ worker when ``REDIS_URL`` is set. Until then
pages show a placeholder (see :func:`photo_url`).
"""

import hashlib
import logging
import secrets

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, select

from trading_house.catalog.models import Product, ProductPhoto
from trading_house.catalog.rules import MIN_PHOTO_LONG_SIDE
from trading_house.core.errors import DomainError
from trading_house.core.images import inspect_upload, render_variants, variant_key
from trading_house.core.storage import media_url, private_storage, public_storage
from trading_house.core.tx import after_commit, delete_on_rollback
from trading_house.core.urls import public_url
from trading_house.extensions import db

log = logging.getLogger(__name__)

MAX_PHOTOS = 8
MAX_ALT_TEXT = 255
PLACEHOLDER = "img/photo-pending.svg"
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


class PhotoRejected(DomainError):
    """The photo cannot be added; ``message`` says why."""


def add_photo(product: Product, data: bytes, *, actor=None) -> ProductPhoto:
    """Validate ``data`` by decoding it, store the original privately, queue the variants."""
    if len(product.photos) >= MAX_PHOTOS:
        raise PhotoRejected(
            _l(
                "A product can have at most %(n)s photos. Delete one before adding another.",
                n=MAX_PHOTOS,
            ),
            field="photos",
        )
    max_bytes = current_app.config.get("MAX_IMAGE_BYTES", 20 * 1024 * 1024)
    # The same minimum as the pre-check (catalog/rules.py): a photo that would not count for
    # review is refused now, not discovered after the work is done.
    info = inspect_upload(data, max_bytes=max_bytes, min_long_side=MIN_PHOTO_LONG_SIDE)
    digest = hashlib.sha256(data).hexdigest()
    extension = EXTENSIONS.get(info.format, "img")
    key = f"originals/{digest[:2]}/{digest}-{secrets.token_hex(8)}.{extension}"
    storage = private_storage()
    storage.save(key, data)
    delete_on_rollback(storage, key)
    photo = ProductPhoto(
        original_key=key,
        width=info.width,
        height=info.height,
        position=len(product.photos),
        alt_text="",
        variants={},
    )
    product.photos.append(photo)
    db.session.flush()
    after_commit(generate_variants, photo.id)
    return photo


def generate_variants(photo_id: int) -> None:
    """The job: render the WebP variants of one photo and record their public keys.

    Safe to run twice (names are content hashes) and harmless when the photo is gone.
    """
    photo = db.session.get(ProductPhoto, photo_id)
    if photo is None:
        return
    try:
        data = private_storage().read(photo.original_key)
    except FileNotFoundError:
        log.warning("original of photo %s is missing", photo_id)
        return
    storage = public_storage()
    variants = {}
    for width, content in sorted(render_variants(data).items()):
        key = variant_key(content, width)
        if not storage.exists(key):
            storage.save(key, content)
            delete_on_rollback(storage, key)
        variants[str(width)] = key
    photo.variants = variants
    db.session.flush()


def move_photo(product: Product, photo: ProductPhoto, direction: str) -> None:
    """Swap the photo with its neighbour ("up" is towards the main photo)."""
    photos = _ordered(product)
    index = photos.index(photo)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(photos):
        photos[index], photos[other] = photos[other], photos[index]
    _renumber(product, photos)


def make_main(product: Product, photo: ProductPhoto) -> None:
    """Put the photo first; the others keep their order."""
    photos = [p for p in _ordered(product) if p is not photo]
    _renumber(product, [photo, *photos])


def set_alt_text(photo: ProductPhoto, text: str | None) -> None:
    photo.alt_text = " ".join((text or "").split())[:MAX_ALT_TEXT]
    db.session.flush()


def delete_photo(product: Product, photo: ProductPhoto) -> None:
    """Remove the photo now; its files go once the deletion is committed."""
    original, public_keys = photo.original_key, sorted(set((photo.variants or {}).values()))
    product.photos.remove(photo)
    db.session.delete(photo)
    _renumber(product, [p for p in _ordered(product) if p is not photo])
    after_commit(delete_photo_files, original, public_keys)


def delete_photo_files(original_key: str, public_keys: list[str]) -> None:
    """The job after a deletion. Variants are content-named, so another photo with the same
    picture may share them: those stay."""
    private_storage().delete(original_key)
    storage = public_storage()
    for key in public_keys:
        shared = db.session.scalar(
            select(ProductPhoto.id).where(cast(ProductPhoto.variants, String).like(f"%{key}%"))
        )
        if shared is None:
            storage.delete(key)


def photo_url(photo: ProductPhoto | None, width: int = 800, *, absolute: bool = False) -> str:
    """The URL of the variant closest to ``width`` (not smaller when possible), or a placeholder
    while the variants are being rendered; ``absolute`` for OpenGraph tags (on the CDN when
    there is one, else on ``PUBLIC_BASE_URL``)."""
    variants = (photo.variants or {}) if photo is not None else {}
    if not variants:
        if absolute:
            return public_url("static", filename=PLACEHOLDER)
        return url_for("static", filename=PLACEHOLDER)
    widths = sorted(int(w) for w in variants)
    chosen = next((w for w in widths if w >= width), widths[-1])
    return media_url(variants[str(chosen)], absolute=absolute)


def photo_srcset(photo: ProductPhoto | None) -> str:
    variants = (photo.variants or {}) if photo is not None else {}
    return ", ".join(f"{media_url(variants[w])} {w}w" for w in sorted(variants, key=int))


def _ordered(product: Product) -> list[ProductPhoto]:
    return sorted(product.photos, key=lambda p: (p.position, p.id or 0))


def _renumber(product: Product, photos: list[ProductPhoto]) -> None:
    for position, photo in enumerate(photos):
        photo.position = position
    product.photos.sort(key=lambda p: p.position)
    db.session.flush()
