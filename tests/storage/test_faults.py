"""An object store that does not answer: uploads refused and nothing half-written, photos fall
back to a placeholder, documents say the store is unavailable, the health check tells."""

import pytest
from sqlalchemy import func, select

from tests.catalog.conftest import image_bytes
from tests.catalog.test_photos import upload
from tests.readiness.conftest import pdf_bytes
from trading_house.catalog.models import ProductPhoto
from trading_house.core.models import Document
from trading_house.core.storage import StorageUnavailable
from trading_house.core.uploads import document_response, store_document
from trading_house.extensions import db


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_a_document_upload_is_refused_with_a_clear_message_and_no_record(dead_s3_app):
    with dead_s3_app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(StorageUnavailable) as refused:
            store_document(pdf_bytes(), "nib.pdf", folder="evidence")
        db.session.rollback()  # what the unit of work does with a DomainError
        assert str(refused.value.message) == (
            "The file store is not reachable right now, so nothing was saved. "
            "Please try again in a few minutes."
        )
        assert _count(Document) == 0
    with dead_s3_app.test_request_context(headers={"Accept-Language": "id"}):
        assert "tidak dapat dihubungi" in str(refused.value.message)


def test_a_photo_upload_says_so_on_the_page_and_keeps_no_row(dead_s3_app, factory, login):
    owner = factory.user("sme")
    product = factory.product(factory.enterprise(owner), status="draft")
    client = dead_s3_app.test_client()
    login(owner, target=client)
    response = upload(client, product.id, ("kopi.jpg", image_bytes(1600, 1200)))
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "kopi.jpg: The file store is not reachable right now, so nothing was saved." in page
    with dead_s3_app.app_context():
        assert _count(ProductPhoto) == 0


def test_public_photos_degrade_to_the_placeholder(dead_s3_app):
    response = dead_s3_app.test_client().get("/media/p/ab/abcd-400.webp")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"  # the real photo once it is back


def test_a_private_document_page_says_the_store_is_unavailable(dead_s3_app, factory):
    with dead_s3_app.test_request_context(headers={"Accept-Language": "en"}):
        document = Document(
            storage_key="evidence/ab/x.pdf",
            filename="nib.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
        )
        db.session.add(document)
        db.session.commit()
        response = document_response(document)
    assert response.status_code == 503
    assert "The document store is not reachable right now." in response.get_data(as_text=True)


def test_the_health_check_reports_the_store(dead_s3_app):
    response = dead_s3_app.test_client().get("/healthz")
    assert response.status_code == 200  # pages still work: keep the node in the pool
    assert response.get_json() == {"status": "degraded", "database": "ok", "storage": "down"}
