"""Photos: real images in, variants out; every bad file is explained; nothing is left behind."""

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.catalog.conftest import image_bytes
from trading_house.catalog.models import ProductPhoto
from trading_house.core.storage import private_storage, public_storage
from trading_house.extensions import db


@pytest.fixture
def product(factory, sme):
    _, enterprise = sme
    return factory.product(enterprise, status="draft")


def upload(client, product_id, *files, json=False):
    """POST files as a phone would. The body is encoded in memory: Werkzeug's test client spools
    large bodies to a temporary file that it never closes when the app refuses to read them."""
    values = MultiDict(
        [("photos", FileStorage(io.BytesIO(content), filename=name)) for name, content in files]
    )
    boundary, body = encode_multipart(values)
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        f"/business/products/{product_id}/photos?lang=en",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )


def photos_of(app, product_id):
    with app.app_context():
        return list(
            db.session.scalars(
                select(ProductPhoto)
                .where(ProductPhoto.product_id == product_id)
                .order_by(ProductPhoto.position)
            )
        )


def png_bomb() -> bytes:
    """A tiny PNG whose header declares 30000 × 30000 pixels."""

    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_uploaded_photo_is_kept_privately_and_gets_public_webp_variants(
    client, login, sme, product, app
):
    owner, _ = sme
    login(owner)
    response = upload(client, product.id, ("kopi.jpg", image_bytes(1600, 1200)))
    assert response.status_code == 302
    [photo] = photos_of(app, product.id)
    assert (photo.width, photo.height, photo.position) == (1600, 1200, 0)
    assert set(photo.variants) == {"400", "800", "1600"}
    with app.app_context():
        assert private_storage().exists(photo.original_key)
        for key in photo.variants.values():
            assert key.endswith(".webp")
            assert public_storage().exists(key)
            assert not private_storage().exists(key)
    with client.get(f"/media/{photo.variants['400']}") as media:
        assert media.status_code == 200
        assert "immutable" in media.headers["Cache-Control"]
        assert Image.open(io.BytesIO(media.data)).format == "WEBP"
    page = client.get(f"/business/products/{product.id}/photos").get_data(as_text=True)
    assert f"/media/{photo.variants['400']}" in page
    assert "1 photo added." in page


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.png", "PNG"), ("a.webp", "WEBP"), ("IMG_0001.HEIC", "HEIF")]
)
def test_png_webp_and_heic_are_accepted(client, login, sme, product, app, name, fmt):
    login(sme[0])
    upload(client, product.id, (name, image_bytes(1100, 900, fmt)))
    [photo] = photos_of(app, product.id)
    assert photo.variants


def test_gps_and_other_metadata_do_not_reach_the_public_variants(client, login, sme, product, app):
    login(sme[0])
    image = Image.new("RGB", (1200, 900), (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (5.0, 8.0, 0.0), 3: "E", 4: (119.0, 25.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    upload(client, product.id, ("gps.jpg", buffer.getvalue()))
    [photo] = photos_of(app, product.id)
    for key in photo.variants.values():
        with client.get(f"/media/{key}") as media:
            variant = Image.open(io.BytesIO(media.data))
        assert not variant.getexif()
        assert "exif" not in variant.info


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
BAD_FILES = {
    "bomb.png": (png_bomb, "too many pixels"),
    "cut.jpg": (lambda: image_bytes(1200, 900)[:5000], "damaged or incomplete"),
    "invoice.jpg": (lambda: PDF, "not a photo we can read"),
    "small.jpg": (lambda: image_bytes(500, 400), "too small"),
    "empty.jpg": (lambda: b"", "empty"),
    "big.jpg": (lambda: b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024 + 10), "larger than 20 MB"),
    "anim.gif": (lambda: image_bytes(1000, 800, "GIF"), "JPEG, PNG, WebP or HEIC"),
}


def stored_originals(app) -> set:
    with app.app_context():  # either back end (local disk, or the S3 test server)
        return set(private_storage().keys("originals/"))


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message(client, login, sme, product, app, name):
    make, message = BAD_FILES[name]
    login(sme[0])
    before = stored_originals(app)
    response = upload(client, product.id, (name, make()))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert name in page
    assert message in page
    assert photos_of(app, product.id) == []
    assert stored_originals(app) == before


def test_one_bad_file_does_not_block_the_good_ones(client, login, sme, product, app):
    login(sme[0])
    response = upload(
        client,
        product.id,
        ("one.jpg", image_bytes(1000, 800, colour=(1, 2, 3))),
        ("fake.jpg", b"not an image at all"),
        ("two.png", image_bytes(1000, 800, "PNG", colour=(4, 5, 6))),
        json=True,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["added"] == 2
    assert body["errors"][0]["file"] == "fake.jpg"
    assert len(photos_of(app, product.id)) == 2


def test_json_upload_of_only_bad_files_is_a_422(client, login, sme, product):
    login(sme[0])
    response = upload(client, product.id, ("fake.jpg", b"nope"), json=True)
    assert response.status_code == 422
    assert response.get_json()["added"] == 0


def test_a_ninth_photo_is_refused(client, login, sme, product, app):
    login(sme[0])
    files = [(f"p{i}.jpg", image_bytes(1000, 800, colour=(i * 20, 50, 60))) for i in range(9)]
    response = upload(client, product.id, *files, json=True)
    body = response.get_json()
    assert body["added"] == 8
    assert body["errors"] == [
        {
            "file": "p8.jpg",
            "message": "A product can have at most 8 photos. Delete one before adding another.",
        }
    ]
    assert len(photos_of(app, product.id)) == 8
    page = client.get(f"/business/products/{product.id}/photos?lang=en").get_data(as_text=True)
    assert "This product has the maximum of 8 photos." in page
    assert 'data-testid="photo-upload"' not in page


def test_a_25_mb_request_gets_the_translated_413_page_never_a_500(client, login, sme, product, app):
    login(sme[0])
    huge = b"\xff\xd8\xff" + b"\0" * (25 * 1024 * 1024)
    response = upload(client, product.id, ("huge.jpg", huge))
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    json_response = upload(client, product.id, ("huge.jpg", huge), json=True)
    assert json_response.status_code == 413
    assert json_response.get_json()["status"] == 413
    assert photos_of(app, product.id) == []


def test_no_file_chosen(client, login, sme, product):
    login(sme[0])
    response = client.post(
        f"/business/products/{product.id}/photos?lang=en", data={}, follow_redirects=True
    )
    assert "Choose at least one photo." in response.get_data(as_text=True)


def test_reorder_choose_main_and_describe(client, login, sme, product, app):
    login(sme[0])
    colours = [(200, 0, 0), (0, 200, 0), (0, 0, 200)]
    upload(
        client,
        product.id,
        *[(f"{i}.jpg", image_bytes(1000, 750, colour=c)) for i, c in enumerate(colours)],
    )
    first, second, third = [p.id for p in photos_of(app, product.id)]
    base = f"/business/products/{product.id}/photos"
    client.post(f"{base}/{first}/move", data={"direction": "down"})
    assert [p.id for p in photos_of(app, product.id)] == [second, first, third]
    client.post(f"{base}/{third}/move", data={"direction": "up"})
    assert [p.id for p in photos_of(app, product.id)] == [second, third, first]
    client.post(f"{base}/{first}/main")
    assert [p.id for p in photos_of(app, product.id)] == [first, second, third]
    assert [p.position for p in photos_of(app, product.id)] == [0, 1, 2]
    # Moving the first photo up changes nothing; a bad direction is a 400.
    client.post(f"{base}/{first}/move", data={"direction": "up"})
    assert [p.id for p in photos_of(app, product.id)] == [first, second, third]
    assert client.post(f"{base}/{first}/move", data={"direction": "sideways"}).status_code == 400
    client.post(f"{base}/{second}/alt", data={"alt_text": "  Kemasan   250 g  "})
    assert photos_of(app, product.id)[1].alt_text == "Kemasan 250 g"
    too_long = client.post(
        f"{base}/{second}/alt?lang=en", data={"alt_text": "x" * 300}, follow_redirects=True
    )
    assert "255" in too_long.get_data(as_text=True)
    assert photos_of(app, product.id)[1].alt_text == "Kemasan 250 g"


def test_delete_removes_the_row_and_then_the_files(client, login, sme, product, app):
    login(sme[0])
    upload(
        client,
        product.id,
        ("a.jpg", image_bytes(1000, 750, colour=(9, 9, 9))),
        ("b.jpg", image_bytes(1000, 750, colour=(90, 9, 9))),
    )
    first, second = photos_of(app, product.id)
    client.post(f"/business/products/{product.id}/photos/{first.id}/delete")
    [left] = photos_of(app, product.id)
    assert left.id == second.id and left.position == 0
    with app.app_context():
        assert not private_storage().exists(first.original_key)
        assert all(not public_storage().exists(k) for k in first.variants.values())
        assert private_storage().exists(second.original_key)
        assert all(public_storage().exists(k) for k in second.variants.values())


def test_shared_variants_of_identical_photos_survive_deleting_one(client, login, sme, product, app):
    login(sme[0])
    same = image_bytes(1000, 750, colour=(33, 66, 99))
    upload(client, product.id, ("a.jpg", same), ("b.jpg", same))
    first, second = photos_of(app, product.id)
    assert first.variants == second.variants
    client.post(f"/business/products/{product.id}/photos/{first.id}/delete")
    with app.app_context():
        assert all(public_storage().exists(k) for k in second.variants.values())


def test_a_rolled_back_upload_leaves_no_file(ctx, factory, sme):
    from trading_house.catalog.models import Product
    from trading_house.catalog.photos import add_photo
    from trading_house.core.tx import rollback

    _, enterprise = sme
    product = db.session.get(Product, factory.product(enterprise).id)
    photo = add_photo(product, image_bytes(1000, 750))
    key = photo.original_key
    assert private_storage().exists(key)
    rollback()
    assert not private_storage().exists(key)
    assert db.session.scalar(select(func.count(ProductPhoto.id))) == 0


def test_placeholder_until_variants_exist(ctx):
    from trading_house.catalog.photos import photo_url

    assert photo_url(None).endswith("/static/img/photo-pending.svg")
    assert photo_url(ProductPhoto(variants={})).endswith("/static/img/photo-pending.svg")
    photo = ProductPhoto(variants={"400": "p/aa/a-400.webp", "800": "p/aa/a-800.webp"})
    assert photo_url(photo, 400) == "/media/p/aa/a-400.webp"
    assert photo_url(photo, 500) == "/media/p/aa/a-800.webp"
    assert photo_url(photo, 1600) == "/media/p/aa/a-800.webp"


def test_photos_sent_one_per_request_are_announced_once(client, login, sme, product):
    """Issue #11: the upload script sends one file per request; the page it reloads said
    "1 foto ditambahkan." twice for two photos. One message counts them all."""
    login(sme[0])
    for i in range(2):
        response = upload(client, product.id, (f"p{i}.jpg", image_bytes(1000, 800)), json=True)
        assert response.get_json()["added"] == 1
    page = client.get(f"/business/products/{product.id}/photos?lang=id").get_data(as_text=True)
    assert page.count("2 foto ditambahkan.") == 1
    assert "1 foto ditambahkan." not in page
    again = client.get(f"/business/products/{product.id}/photos").get_data(as_text=True)
    assert "ditambahkan." not in again  # said once
