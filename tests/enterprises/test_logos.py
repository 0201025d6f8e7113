"""The logo pipeline: decoded to validate, upright, without metadata, content-hashed WebP."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from tests.enterprises.conftest import make_image
from trading_house.core.storage import public_storage
from trading_house.core.tx import commit, rollback
from trading_house.enterprises.logos import (
    LogoRejected,
    logo_url,
    logo_variant_key,
    render_logo_variants,
    store_logo,
)
from trading_house.extensions import db


def _exif_with_orientation_and_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    exif[0x010F] = "PhoneMaker"
    gps = {1: "S", 2: (5.0, 8.0, 0.0), 3: "E", 4: (119.0, 25.0, 0.0)}
    exif[0x8825] = gps
    return exif


def test_variants_are_upright_webp_without_metadata():
    data = make_image((800, 400), "JPEG", exif=_exif_with_orientation_and_gps())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get(0x8825)  # the phone photo really carries GPS
    variants = render_logo_variants(data)
    assert set(variants) == {128, 512}
    for size, content in variants.items():
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == "WEBP"
            # EXIF orientation 6 turns the 800×400 picture into a portrait one.
            assert image.height > image.width
            assert max(image.size) == size
            assert not image.getexif()
            assert "exif" not in image.info and "xmp" not in image.info
            assert "icc_profile" not in image.info


def test_transparent_png_keeps_its_alpha():
    data = make_image((300, 300), "PNG", color=(0, 0, 0, 0), mode="RGBA")
    with Image.open(io.BytesIO(render_logo_variants(data)[128])) as image:
        assert image.mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.4 not an image at all", "not an image"),
        (b"", "empty"),
        (make_image((150, 600)), "too small"),
        (make_image((600, 600), "JPEG")[:400], "not an image"),
    ],
)
def test_bad_logos_are_rejected_with_a_reason(ctx, data, fragment):
    with pytest.raises(LogoRejected) as info:
        render_logo_variants(data)
    assert info.value.field == "logo"
    assert fragment in str(info.value.message)


def test_oversized_logo_is_rejected(ctx):
    data = make_image((400, 400)) + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(LogoRejected) as info:
        render_logo_variants(data)
    assert "5 MB" in str(info.value.message)


def test_stored_logo_is_content_hashed_and_removed_on_rollback(ctx):
    # As in a request, the transaction has begun before the upload (a rollback of a session
    # that never began a transaction is a no-op in SQLAlchemy, so it would forget nothing).
    db.session.execute(select(1))
    data = make_image((300, 300), color=(1, 2, 3))
    prefix = store_logo(data)
    storage = public_storage()
    keys = [logo_variant_key(prefix, s) for s in (128, 512)]
    assert all(storage.exists(k) for k in keys)
    assert store_logo(data) == prefix  # same picture, same name
    rollback()
    assert not any(storage.exists(k) for k in keys)


def test_committed_logo_stays_and_has_a_media_url(ctx, client):
    prefix = store_logo(make_image((300, 300), color=(9, 9, 9)))
    commit()
    enterprise = type("E", (), {"logo_key": prefix})()
    url = logo_url(enterprise, 512)
    assert url == f"/media/{prefix}-512.webp"
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    response.close()
    assert logo_url(type("E", (), {"logo_key": None})()) is None
