"""Evidence files of one answer: several allowed, too many refused with a message that says what
to remove, replaced files gone from disk after the commit, the enterprise's byte quota, the
upload rate limit, and two tabs at once — through the real pages."""

import io
import os
import threading

from sqlalchemy import func, select

from tests.core import pdfs
from tests.readiness.conftest import pdf_bytes, png_bytes
from trading_house.core.models import Document
from trading_house.core.storage import private_storage
from trading_house.extensions import db
from trading_house.readiness.models import ReadinessAnswer
from trading_house.readiness.services import MAX_FILES_PER_ANSWER


def _post(client, enterprise, item, files=(), remove=(), **fields):
    data = {f"a{item.id}-{k}": v for k, v in fields.items()}
    data[f"a{item.id}-evidence"] = [(io.BytesIO(content), name) for content, name in files]
    data[f"a{item.id}-remove"] = [str(i) for i in remove]
    return client.post(
        f"/readiness/e/{enterprise.id}/answers/{item.id}?lang=en",
        data=data,
        content_type="multipart/form-data",
    )


def _answer():
    db.session.expire_all()
    return db.session.scalar(select(ReadinessAnswer))


def _document_count() -> int:
    return db.session.scalar(select(func.count(Document.id)))


def _files_on_disk() -> set:
    return set(private_storage().keys())  # either back end (local disk, or S3 with TEST_S3)


def _pngs(n, start=0):
    return [(png_bytes((40 + start + i, 30)), f"foto-{start + i}.png") for i in range(n)]


def _noise_png(nbytes: int) -> bytes:
    from PIL import Image

    side = int((nbytes / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _setup(factory, rd):
    rd.template()
    owner = factory.user("sme")
    return owner, factory.enterprise(owner)


def test_an_answer_keeps_several_files_and_refuses_more_saying_what_to_remove(
    client, login, factory, rd
):
    owner, enterprise = _setup(factory, rd)
    capacity = rd.item("ent.capacity")
    login(owner)
    assert _post(client, enterprise, capacity, files=_pngs(3), save="1").status_code == 302
    refused = _post(client, enterprise, capacity, files=_pngs(3, start=3), note="more", save="1")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "An answer can keep at most 5 files, and this one would have 6." in body
    assert "Tick “Remove” next to the files you no longer need (at least 1)" in body
    assert len(_answer().documents) == 3 and _answer().note == ""  # nothing of it was saved
    page = client.get(f"/readiness/e/{enterprise.id}/business").get_data(as_text=True)
    assert "Current evidence (3 of at most 5 files)" in page
    assert page.count(f'name="a{capacity.id}-remove"') == 3


def test_sixty_files_on_one_answer_are_refused_after_the_limit(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    capacity = rd.item("ent.capacity")
    login(owner)
    on_disk = _files_on_disk()
    statuses = [
        _post(client, enterprise, capacity, files=_pngs(1, start=i), save="1").status_code
        for i in range(60)
    ]
    assert statuses == [302] * MAX_FILES_PER_ANSWER + [400] * (60 - MAX_FILES_PER_ANSWER)
    assert len(_answer().documents) == MAX_FILES_PER_ANSWER
    assert _document_count() == MAX_FILES_PER_ANSWER
    assert len(_files_on_disk() - on_disk) == MAX_FILES_PER_ANSWER


def test_a_replaced_file_is_gone_from_disk(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    nib = rd.item("ent.nib")
    login(owner)
    _post(client, enterprise, nib, files=[(pdf_bytes("old"), "nib-lama.pdf")], save="1")
    (old,) = _answer().documents
    old_id, old_key = old.id, old.storage_key
    assert private_storage().exists(old_key)
    replaced = _post(
        client,
        enterprise,
        nib,
        files=[(pdf_bytes("new"), "nib-baru.pdf")],
        remove=[old_id],
        certificate_number="9120001234567",
        save="1",
    )
    assert replaced.status_code == 302
    (new,) = _answer().documents
    assert new.filename == "nib-baru.pdf"
    assert not private_storage().exists(old_key)
    assert db.session.get(Document, old_id) is None
    answer_id = _answer().id
    assert client.get(f"/readiness/answers/{answer_id}/evidence?file={old_id}").status_code == 404
    assert client.get(f"/readiness/answers/{answer_id}/evidence?file={new.id}").status_code == 200


def test_removing_the_only_file_of_a_verified_answer_takes_it_back_to_declared(
    client, login, factory, rd
):
    owner, enterprise = _setup(factory, rd)
    answer = rd.answer(enterprise, "ent.capacity", state="verified", actor=owner)
    (document,) = answer.documents
    key = document.storage_key
    login(owner)
    response = _post(client, enterprise, answer.item, remove=[document.id], note="stated")
    assert response.status_code == 302
    answer = _answer()
    assert answer.documents == [] and answer.state == "declared"
    assert not private_storage().exists(key)
    sent = _post(client, enterprise, answer.item, note="stated", send="1")
    assert "Upload the document before sending it for verification" in sent.get_data(as_text=True)


def test_another_businesss_file_cannot_be_removed_through_my_answer(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    theirs = rd.answer(factory.enterprise(), "ent.capacity", state="submitted")
    (their_document,) = theirs.documents
    login(owner)
    response = _post(
        client, enterprise, theirs.item, files=_pngs(1), remove=[their_document.id], save="1"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Document, their_document.id) is not None
    assert private_storage().exists(their_document.storage_key)


def test_the_byte_quota_refuses_the_whole_upload_and_writes_nothing(
    app, client, login, factory, rd, monkeypatch
):
    owner, enterprise = _setup(factory, rd)
    capacity = rd.item("ent.capacity")
    login(owner)
    _post(client, enterprise, capacity, files=[(pdf_bytes("a"), "laporan.pdf")], save="1")
    used = db.session.scalar(select(Document.size_bytes))
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", used + 2_500)
    before_files, before_rows = _files_on_disk(), _document_count()
    big = [(png_bytes((40, 30)), "kecil.png"), (_noise_png(5_000), "besar.png")]
    response = _post(client, enterprise, capacity, files=big, note="new note", save="1")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This file does not fit: your business may keep" in body
    assert "Largest files: laporan.pdf" in body
    assert _files_on_disk() == before_files and _document_count() == before_rows
    assert _answer().note == ""


def test_a_hostile_pdf_is_refused_with_its_name_and_nothing_is_stored(client, login, factory, rd):
    owner, enterprise = _setup(factory, rd)
    nib = rd.item("ent.nib")
    login(owner)
    hostile = pdfs.link_with_action("/Launch", F=pdfs.text("cmd.exe"))
    response = _post(client, enterprise, nib, files=[(hostile, "nib.pdf")], save="1")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nib.pdf: PDFs that contain scripts, actions, interactive forms or multimedia" in body
    assert _answer() is None and _document_count() == 0


def test_uploads_are_rate_limited_per_user_counting_files(login, factory, rd, limits_on):
    owner, enterprise = _setup(factory, rd)
    capacity, nib = rd.item("ent.capacity"), rd.item("ent.nib")
    limits_on.config["UPLOAD_RATE_LIMIT"] = "4 per hour"
    client = login(owner, target=limits_on.test_client())
    assert _post(client, enterprise, capacity, files=_pngs(3), save="1").status_code == 302
    assert _post(client, enterprise, nib, note="no file: not counted", save="1").status_code == 302
    assert _post(client, enterprise, nib, files=_pngs(1, 5), save="1").status_code == 302
    limited = _post(client, enterprise, nib, files=_pngs(1, 6), save="1")
    assert limited.status_code == 429
    assert "You have uploaded many files in a short time" in limited.get_data(as_text=True)
    # the identity documents share the budget
    identity = client.post(
        "/business/identity?lang=en",
        data={"kind": "nib", "file": (io.BytesIO(png_bytes()), "nib.png")},
        content_type="multipart/form-data",
    )
    assert identity.status_code == 429
    assert _document_count() == 4


def test_the_daily_upload_limit_says_to_come_back_tomorrow(login, factory, rd, limits_on):
    owner, enterprise = _setup(factory, rd)
    limits_on.config["UPLOAD_RATE_LIMIT"] = "10 per hour; 2 per day"
    client = login(owner, target=limits_on.test_client())
    capacity = rd.item("ent.capacity")
    assert _post(client, enterprise, capacity, files=_pngs(2), save="1").status_code == 302
    limited = _post(client, enterprise, capacity, files=_pngs(1, 2), save="1")
    assert limited.status_code == 429
    assert "You have uploaded many files today. Please try again tomorrow." in limited.get_data(
        as_text=True
    )


def test_two_tabs_adding_files_at_once_cannot_pass_the_limit(app, factory, rd, login):
    """Real threads, each its own browser and database session: 3 files + 2 + 2 > 5."""
    owner, enterprise = _setup(factory, rd)
    capacity = rd.item("ent.capacity")
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        login(owner, target=tab)
    _post(tabs[0], enterprise, capacity, files=_pngs(3), save="1")
    barrier = threading.Barrier(2)
    statuses = [None, None]

    def add(index):
        barrier.wait()
        statuses[index] = _post(
            tabs[index], enterprise, capacity, files=_pngs(2, start=10 * index + 10), save="1"
        ).status_code

    threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 400]
    assert len(_answer().documents) == 5
