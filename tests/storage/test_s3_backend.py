"""The S3 back end against a real S3 protocol endpoint (moto's server; ``TEST_S3=1``)."""

import hashlib
import io
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from PIL import Image
from sqlalchemy import func, select

from tests.catalog.conftest import image_bytes
from tests.catalog.test_photos import upload
from tests.readiness.conftest import pdf_bytes
from tests.s3 import needs_s3, raw_client
from trading_house.catalog.models import ProductPhoto
from trading_house.core.clock import utcnow
from trading_house.core.models import Document
from trading_house.core.storage import media_url, private_storage, public_storage
from trading_house.core.tx import commit, rollback
from trading_house.core.uploads import document_response, store_document
from trading_house.extensions import db

pytestmark = needs_s3
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(range(64))


def _grantees(bucket, key):
    acl = raw_client().get_object_acl(Bucket=bucket, Key=key)
    return {(g["Grantee"].get("URI"), g["Permission"]) for g in acl["Grants"]}


def test_public_variants_are_public_read_cached_for_a_year_and_linked_on_the_bucket(s3_app):
    app = s3_app()
    with app.test_request_context():
        store = public_storage()
        store.save("p/ab/abcd-400.webp", WEBP)
        head = raw_client().head_object(Bucket=store.bucket, Key="p/ab/abcd-400.webp")
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        assert head["ContentType"] == "image/webp"
        assert (ALL_USERS, "READ") in _grantees(store.bucket, "p/ab/abcd-400.webp")
        url = media_url("p/ab/abcd-400.webp")
        assert url == f"{app.config['S3_ENDPOINT_URL']}/{store.bucket}/p/ab/abcd-400.webp"
    fetched = requests.get(url, timeout=5)  # a browser: no credentials, no signature
    assert fetched.status_code == 200 and fetched.content == WEBP
    assert "immutable" in fetched.headers["Cache-Control"]


def test_a_cdn_in_front_of_the_public_bucket_is_one_setting(s3_app):
    app = s3_app(S3_PUBLIC_BASE_URL="https://cdn.rumahdagang.example.id/media/")
    with app.test_request_context():
        assert media_url("p/ab/abcd-400.webp") == (
            "https://cdn.rumahdagang.example.id/media/p/ab/abcd-400.webp"
        )
    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://cdn.rumahdagang.example.id;" in policy


def test_private_objects_get_no_public_grant_and_are_never_cached(s3_app):
    app = s3_app()
    with app.test_request_context():
        store = private_storage()
        store.save("evidence/ab/x.pdf", b"%PDF-1.4 private")
        head = raw_client().head_object(Bucket=store.bucket, Key="evidence/ab/x.pdf")
        assert head["CacheControl"] == "private, no-store"
        assert head["Metadata"]["sha256"] == hashlib.sha256(b"%PDF-1.4 private").hexdigest()
        assert ALL_USERS not in {uri for uri, _ in _grantees(store.bucket, "evidence/ab/x.pdf")}
        assert store.read("evidence/ab/x.pdf") == b"%PDF-1.4 private"
        assert list(store.keys("evidence/")) == ["evidence/ab/x.pdf"]
        store.delete("evidence/ab/x.pdf")
        assert not store.exists("evidence/ab/x.pdf")
        with pytest.raises(FileNotFoundError):
            store.read("evidence/ab/x.pdf")
        with pytest.raises(ValueError):
            store.save("../escape", b"x")


def _draft_with_a_photo(app, factory, login):
    """A draft product whose owner uploaded one photo through the app: (product, their client)."""
    owner = factory.user("sme")
    product = factory.product(factory.enterprise(owner), status="draft")
    client = app.test_client()
    login(owner, target=client)
    assert upload(client, product.id, ("kopi.jpg", image_bytes(1600, 1200))).status_code == 302
    return product, client


def test_a_photo_uploaded_in_the_app_lands_in_the_buckets_and_pages_link_the_bucket(
    s3_app, factory, login
):
    app = s3_app()
    product, client = _draft_with_a_photo(app, factory, login)
    with app.test_request_context():
        photo = db.session.scalar(select(ProductPhoto).where(ProductPhoto.product_id == product.id))
        original = private_storage().read(photo.original_key)
        assert Image.open(io.BytesIO(original)).format == "JPEG"
        public_keys = set(public_storage().keys())
        assert set(photo.variants.values()) <= public_keys
        assert photo.original_key not in public_keys
        bucket_url = media_url(photo.variants["400"])
    response = client.get(f"/business/products/{product.id}/photos")
    assert bucket_url in response.get_data(as_text=True)
    # The browser may load it: the page's Content-Security-Policy names the bucket's origin.
    assert (
        f"img-src 'self' data: {app.config['S3_ENDPOINT_URL']};"
        in response.headers["Content-Security-Policy"]
    )
    served = requests.get(bucket_url, timeout=5)
    assert Image.open(io.BytesIO(served.content)).format == "WEBP"


def test_catalog_cards_and_the_product_page_link_photos_on_the_cdn(s3_app, factory, login):
    """Cards are built from a URL prefix worked out once per page: it must be the CDN's (or
    the bucket's), not the app's ``/media/`` route."""
    app = s3_app(S3_PUBLIC_BASE_URL="https://cdn.rumahdagang.example.id/media/")
    product, _owner = _draft_with_a_photo(app, factory, login)
    with app.test_request_context():
        photo = db.session.scalar(select(ProductPhoto).where(ProductPhoto.product_id == product.id))
        cdn = "https://cdn.rumahdagang.example.id/media/"
        variants = dict(photo.variants)
        on_cdn = {"/catalog": cdn + variants["400"], "product": cdn + variants["800"]}
        db.session.get(type(product), product.id).status = "approved"
        db.session.get(type(product), product.id).published_at = utcnow()
        commit()
    visitor = app.test_client()
    for page, which in (("/catalog", "/catalog"), (f"/p/{product.slug}", "product")):
        html = visitor.get(page).get_data(as_text=True)
        assert f'src="{on_cdn[which]}"' in html, page
        # and no photo through the app (srcset and the OpenGraph image included)
        assert "/media/p/" not in html.replace(cdn, ""), page
    html = visitor.get(f"/p/{product.slug}").get_data(as_text=True)
    assert f'<meta property="og:image" content="{cdn}{variants["1600"]}">' in html


def test_documents_are_streamed_through_the_app_by_default(s3_app):
    app = s3_app()
    pdf = pdf_bytes("NIB 9120001234567")
    with app.test_request_context():
        document = store_document(pdf, "nib.pdf", folder="evidence")
        commit()
        response = document_response(document)
        response.direct_passthrough = False  # read the body here, as the server would send it
        assert response.status_code == 200
        assert response.get_data() == pdf
        assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_presigned_delivery_names_exactly_that_key_for_a_minute(s3_app):
    app = s3_app(S3_PRIVATE_DELIVERY="presign", S3_PRESIGN_SECONDS=60)
    pdf, other = pdf_bytes("NIB 9120001234567"), pdf_bytes("Someone else's KTP")
    with app.test_request_context():
        document = store_document(pdf, "nib.pdf", folder="evidence")
        store_document(other, "ktp.pdf", folder="identity")
        commit()
        response = document_response(document)
        key, bucket = document.storage_key, private_storage().bucket
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "private, no-store"
    url = urlsplit(response.headers["Location"])
    assert url.path == f"/{bucket}/{key}"
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"] == ['attachment; filename="nib.pdf"']
    fetched = requests.get(response.headers["Location"], timeout=5)
    assert fetched.status_code == 200 and fetched.content == pdf
    assert fetched.headers["Content-Disposition"].startswith("attachment")


def test_a_rolled_back_upload_leaves_no_object_behind(s3_app, factory):
    app = s3_app()
    with app.test_request_context():
        store_document(pdf_bytes(), "nib.pdf", folder="evidence")
        assert len(list(private_storage().keys())) == 1  # written before the commit...
        rollback()
        assert list(private_storage().keys()) == []  # ...and removed with the rollback
        assert db.session.scalar(select(func.count(Document.id))) == 0


def test_health_check_reports_the_store(s3_app):
    app = s3_app()
    assert app.test_client().get("/healthz").get_json() == {
        "status": "ok",
        "database": "ok",
        "storage": "ok",
    }
