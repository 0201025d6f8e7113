"""Private uploads are judged by their content, counted against a quota, forgotten when no row
needs them, and served in one careful way."""

import io
import threading

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.core import pdfs
from trading_house.core import pdf_safety
from trading_house.core.models import Document
from trading_house.core.storage import private_storage
from trading_house.core.tx import commit, rollback
from trading_house.core.uploads import (
    UploadRejected,
    document_response,
    release_document,
    sniff,
    store_document,
)
from trading_house.extensions import db

MB = 1024 * 1024


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def _noise_png(nbytes: int) -> bytes:
    """A PNG of about ``nbytes`` (random pixels do not compress)."""
    import os

    side = int((nbytes / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _files_on_disk(app) -> list:
    return sorted(private_storage().keys())  # either back end (local disk, or S3 with TEST_S3)


# --- what a file is ----------------------------------------------------------------------------


def test_an_ordinary_pdf_with_an_open_destination_is_accepted(ctx):
    """fpdf2 always writes /OpenAction [page /XYZ ...]: a zoom setting, not a script."""
    assert sniff(pdfs.fpdf2()).content_type == "application/pdf"


def test_a_pdf_that_runs_javascript_when_opened_is_refused_with_a_way_out(ctx):
    scripted = pdfs.fpdf2().replace(
        b"/OpenAction [", b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Unused [", 1
    )
    with pytest.raises(UploadRejected) as refused:
        sniff(scripted)
    assert "scripts" in str(refused.value.message)
    assert "Print to PDF" in str(refused.value.message)


def test_every_refusal_reason_has_its_own_message(ctx):
    cases = {
        pdfs.embedded_file(): "other files inside them",
        pdfs.encrypted(): "Encrypted (password-protected) PDFs",
        b"%PDF-1.4 broken": "damaged or not a real PDF",
    }
    for data, message in cases.items():
        with pytest.raises(UploadRejected) as refused:
            sniff(data)
        assert message in str(refused.value.message)


def test_a_pdf_with_too_many_objects_is_refused_before_it_takes_long(ctx, monkeypatch):
    monkeypatch.setattr(pdf_safety, "MAX_OBJECTS", 3)
    with pytest.raises(UploadRejected) as refused:
        sniff(pdfs.fpdf2())
    assert "too complex" in str(refused.value.message)


def test_a_png_renamed_to_pdf_is_still_a_png_and_a_text_file_is_refused(ctx):
    assert sniff(_png()).content_type == "image/png"
    with pytest.raises(UploadRejected):
        sniff(b"hello, this is not a document")


def test_an_image_that_is_also_a_pdf_is_refused(ctx):
    """PDF readers find %PDF- anywhere in the first kilobyte: such a "photo" is a PDF too."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", comment=b"%PDF-1.7 hidden")
    assert b"%PDF-" in buffer.getvalue()[:1024]
    with pytest.raises(UploadRejected):
        sniff(buffer.getvalue())


def test_a_multi_picture_jpeg_from_a_camera_is_a_jpeg(ctx):
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert sniff(buffer.getvalue()).content_type == "image/jpeg"


def test_a_truncated_image_is_refused(ctx):
    with pytest.raises(UploadRejected):
        sniff(_noise_png(20_000)[:5_000])


# --- quota -------------------------------------------------------------------------------------


def test_the_enterprise_quota_refuses_a_file_that_does_not_fit_and_names_the_largest(
    app, factory, monkeypatch
):
    enterprise = factory.enterprise()
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 100_000)
    big = store_document(_noise_png(60_000), "laporan kapasitas.png", enterprise_id=enterprise.id)
    commit()
    before = _files_on_disk(app)
    with pytest.raises(UploadRejected) as refused:
        store_document(_noise_png(50_000), "foto.png", enterprise_id=enterprise.id)
    rollback()
    message = str(refused.value.message)
    assert "may keep 0.1 MB" in message and "Remove files" in message
    assert f"laporan kapasitas.png ({round(big.size_bytes / MB, 1)} MB)" in message
    # nothing half-written: no new row, no new file
    assert db.session.scalar(select(func.count(Document.id))) == 1
    assert _files_on_disk(app) == before
    # another business, or a file that counts against nobody, is not affected
    store_document(_noise_png(50_000), "a.png", enterprise_id=factory.enterprise().id)
    store_document(_noise_png(50_000), "proof.png")
    commit()


def test_the_quota_message_is_in_the_readers_language(app, factory, monkeypatch):
    enterprise = factory.enterprise()
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 100_000)
    with pytest.raises(UploadRejected) as refused:
        store_document(_noise_png(120_000), "besar.png", enterprise_id=enterprise.id)
    rollback()
    with app.test_request_context("/?lang=id", headers={"Accept-Language": "id"}):
        message = str(refused.value.message)
    assert "0,1 MB" in message and "Hapus" in message


def test_two_uploads_at_once_cannot_both_take_the_last_space(app, factory, monkeypatch):
    """Real threads, each its own session: exactly one of two files that fit only alone."""
    enterprise_id = factory.enterprise().id
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 100_000)
    data = [_noise_png(60_000), _noise_png(60_000)]
    before = _files_on_disk(app)
    barrier = threading.Barrier(2)
    results = [None, None]

    def upload(index):
        with app.test_request_context("/"):
            barrier.wait()
            try:
                store_document(data[index], f"{index}.png", enterprise_id=enterprise_id)
                commit()
                results[index] = "stored"
            except UploadRejected:
                rollback()
                results[index] = "refused"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["refused", "stored"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Document.id))) == 1
    assert len(_files_on_disk(app)) == len(before) + 1


# --- forgetting files --------------------------------------------------------------------------


def test_a_released_document_leaves_storage_only_after_the_commit(app, factory):
    document = store_document(_png(), "old.png", enterprise_id=factory.enterprise().id)
    commit()
    storage, key = private_storage(), document.storage_key
    release_document(document)
    assert storage.exists(key), "still there until the transaction commits"
    rollback()
    assert storage.exists(key) and db.session.get(Document, document.id) is not None
    release_document(db.session.get(Document, document.id))
    commit()
    assert not storage.exists(key)
    assert db.session.get(Document, document.id) is None


def test_a_document_another_row_still_uses_is_kept(app, factory):
    from trading_house.curation.models import IdentityDocument

    enterprise = factory.enterprise()
    document = store_document(_png(), "shared.png", enterprise_id=enterprise.id)
    db.session.add(IdentityDocument(enterprise_id=enterprise.id, kind="nib", document=document))
    commit()
    release_document(document)
    commit()
    assert private_storage().exists(document.storage_key)
    assert db.session.get(Document, document.id) is not None


# --- serving -----------------------------------------------------------------------------------


def test_a_document_is_served_as_a_download_that_cannot_run(ctx):
    document = store_document(pdfs.fpdf2(), "sertifikat.pdf")
    commit()
    document.filename = 'evil"\r\nSet-Cookie: x=1;.html'  # as if written by an old bug
    response = document_response(document)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert 'filename="evilSet-Cookie x1.pdf"' in disposition  # one header, named .pdf
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.mimetype == "application/pdf"
    rollback()


def test_an_unknown_content_type_is_served_as_bytes_and_a_lost_file_is_not_found(ctx):
    from werkzeug.exceptions import NotFound

    document = store_document(_png(), "photo.png")
    commit()
    document.content_type = "text/html"
    assert document_response(document).mimetype == "application/octet-stream"
    private_storage().delete(document.storage_key)
    with pytest.raises(NotFound):
        document_response(document)
    rollback()


def test_prune_forgets_old_documents_nothing_refers_to(app, factory):
    """Files replaced before replacing deleted them: `flask documents prune` removes them."""
    from datetime import timedelta

    from trading_house.core.clock import utcnow
    from trading_house.curation.models import IdentityDocument

    enterprise = factory.enterprise()
    used = store_document(_png((41, 30)), "used.png", enterprise_id=enterprise.id)
    db.session.add(IdentityDocument(enterprise_id=enterprise.id, kind="nib", document=used))
    orphan = store_document(_png((42, 30)), "replaced-long-ago.png", enterprise_id=enterprise.id)
    fresh = store_document(_png((43, 30)), "just-uploaded.png")
    for document in (used, orphan):
        document.created_at = utcnow() - timedelta(days=2)
    commit()
    orphan_id, orphan_key = orphan.id, orphan.storage_key

    result = app.test_cli_runner().invoke(args=["documents", "prune"])
    assert result.exit_code == 0, result.output
    assert "1 unused document(s) deleted." in result.output
    db.session.expire_all()
    assert db.session.get(Document, orphan_id) is None
    assert not private_storage().exists(orphan_key)
    assert private_storage().exists(used.storage_key)
    assert private_storage().exists(fresh.storage_key)
    assert app.test_cli_runner().invoke(args=["documents", "prune"]).output.startswith("0 ")
