"""The NIB and NPWP certificates: a few files per document (a card's front and back), no more;
removed and replaced files leave the disk; the byte quota; served only as downloads."""

import io

from sqlalchemy import func, select

from tests.core import pdfs
from tests.enterprises.conftest import make_image
from trading_house.core.models import Document
from trading_house.core.storage import private_storage
from trading_house.curation.identity import MAX_FILES_PER_KIND
from trading_house.curation.models import IdentityDocument
from trading_house.extensions import db


def _post(client, kind="nib", files=(), remove=()):
    return client.post(
        "/business/identity?lang=en",
        data={
            "kind": kind,
            "file": [(io.BytesIO(data), name) for data, name in files],
            "remove": [str(i) for i in remove],
        },
        content_type="multipart/form-data",
    )


def _images(n, start=0):
    return [(make_image((300 + start + i, 200)), f"nib-{start + i}.png") for i in range(n)]


def _rows(kind=None):
    db.session.expire_all()
    query = select(IdentityDocument).order_by(IdentityDocument.id)
    if kind:
        query = query.where(IdentityDocument.kind == kind)
    return db.session.scalars(query).all()


def test_thirty_certificate_files_are_refused_after_the_limit(client, login, factory):
    owner = factory.user("sme")
    factory.enterprise(owner)
    login(owner)
    statuses = [_post(client, files=_images(1, start=i)).status_code for i in range(30)]
    assert statuses == [302] * MAX_FILES_PER_KIND + [422] * (30 - MAX_FILES_PER_KIND)
    refused = _post(client, files=_images(1, start=99)).get_data(as_text=True)
    assert "“NIB certificate” can have at most 3 files, and would have 4." in refused
    assert "Tick “Remove” next to the files you no longer need (at least 1)" in refused
    assert len(_rows("nib")) == MAX_FILES_PER_KIND
    assert _post(client, kind="npwp", files=_images(2)).status_code == 302  # its own limit


def test_a_replaced_certificate_is_gone_from_disk_and_from_the_page(client, login, factory):
    owner = factory.user("sme")
    factory.enterprise(owner)
    login(owner)
    _post(client, files=[(make_image(), "nib-lama.png")])
    (old,) = _rows()
    old_document_id, old_key = old.document_id, old.document.storage_key
    response = _post(
        client, files=[(make_image((500, 300)), "nib-baru.png")], remove=[old_document_id]
    )
    assert response.status_code == 302
    (new,) = _rows()
    assert new.document.filename == "nib-baru.png"
    assert not private_storage().exists(old_key)
    assert db.session.get(Document, old_document_id) is None
    page = client.get("/business/identity?lang=en").get_data(as_text=True)
    assert "nib-baru.png" in page and "nib-lama.png" not in page
    assert client.get(f"/curation/documents/{old_document_id}").status_code == 404
    download = client.get(f"/curation/documents/{new.document_id}?inline=1")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Security-Policy"].startswith("sandbox")


def test_removing_without_a_new_file_and_an_empty_save(client, login, factory):
    owner = factory.user("sme")
    factory.enterprise(owner)
    login(owner)
    _post(client, files=_images(2))
    first, second = _rows()
    assert _post(client, remove=[first.document_id]).status_code == 302
    assert [row.id for row in _rows()] == [second.id]
    nothing = _post(client)
    assert nothing.status_code == 422
    assert "Choose a file to upload." in nothing.get_data(as_text=True)


def test_a_hostile_certificate_pdf_is_refused_and_nothing_is_kept(client, login, factory):
    owner = factory.user("sme")
    factory.enterprise(owner)
    login(owner)
    response = _post(client, files=[(pdfs.embedded_file(), "nib.pdf")])
    assert response.status_code == 422
    assert "PDFs with other files inside them are not accepted" in response.get_data(as_text=True)
    assert _rows() == [] and db.session.scalar(select(func.count(Document.id))) == 0


def test_certificates_count_against_the_business_quota(app, client, login, factory, monkeypatch):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    login(owner)
    _post(client, files=_images(1))
    (row,) = _rows()
    assert row.document.enterprise_id == enterprise.id
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", row.document.size_bytes + 10)
    refused = _post(client, kind="npwp", files=_images(1, start=5))
    assert refused.status_code == 422
    assert "This file does not fit" in refused.get_data(as_text=True)
    assert len(_rows()) == 1


def test_a_staff_member_sees_the_files_but_cannot_remove_them(client, login, factory):
    owner, staff = factory.user("sme"), factory.user("sme")
    factory.enterprise(owner, staff=[staff])
    login(owner)
    _post(client, files=_images(1))
    (row,) = _rows()
    client.post("/logout")
    login(staff)
    page = client.get("/business/identity?lang=en").get_data(as_text=True)
    assert "nib-0.png" in page and 'name="remove"' not in page
    assert _post(client, remove=[row.document_id]).status_code == 403
    assert len(_rows()) == 1
