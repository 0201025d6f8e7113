"""Editing the profile: good input is saved, bad input is explained and changes nothing."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from tests.enterprises.conftest import make_image
from trading_house.core.models import AuditEntry
from trading_house.core.storage import public_storage
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

GOOD = {
    "name": "Koperasi Kopi Toraja Sejahtera",
    "legal_form": "koperasi",
    "nib": "9120001234567",
    "npwp": "01.234.567.8-901.000",
    "regency_code": "7326",
    "address": "Jl. Poros Rantepao No. 12, Toraja Utara",
    "phone": "0812-3456-7890",
    "contact_email": "Info@KopiToraja.id",
    "story_indonesian": "Koperasi petani kopi arabika di lereng Sesean.",
    "story_english": "A cooperative of arabica growers on the slopes of Mount Sesean.",
    "monthly_capacity": "2 ton green bean",
    "export_experience": "Sampel ke Jepang 2025.",
    "founded_year": "2009",
    "employees": "34",
}


@pytest.fixture
def owner_and_enterprise(factory, sign_in):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, name="UMKM Lama", regency_code="7371")
    sign_in(owner)
    return owner, enterprise


def _reload(enterprise) -> Enterprise:
    db.session.expire_all()
    return db.session.get(Enterprise, enterprise.id)


def test_form_shows_current_values(client, owner_and_enterprise):
    response = client.get("/business/profile?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="UMKM Lama"' in page
    assert "Kota Makassar" in page
    assert "Rantepao" not in page


def test_good_profile_is_saved_normalised(client, owner_and_enterprise):
    owner, enterprise = owner_and_enterprise
    response = client.post("/business/profile?lang=en", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/business")
    saved = _reload(enterprise)
    assert saved.name == "Koperasi Kopi Toraja Sejahtera"
    assert saved.slug == enterprise.slug  # public links keep working
    assert saved.legal_form == "koperasi"
    assert saved.nib == "9120001234567"
    assert saved.npwp == "012345678901000"
    assert saved.phone == "+6281234567890"
    assert saved.contact_email == "info@kopitoraja.id"
    assert saved.regency_code == "7326"
    assert saved.founded_year == 2009 and saved.employees == 34
    assert saved.story_english.startswith("A cooperative")
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "enterprise.profile_updated")
    )
    assert entry.actor_id == owner.id and "nib" in entry.data["fields"]
    page = client.get("/business?lang=en").get_data(as_text=True)
    assert "Koperasi Kopi Toraja Sejahtera" in page
    assert "Logo" in page  # the one thing still missing


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("nib", "12345", "exactly 13 digits"),
        ("nib", "12345678901AB", "digits only"),
        ("npwp", "01.234.567", "15 or 16 digits"),
        ("phone", "+1 202 555 0100", "Indonesian number"),
        ("contact_email", "not-an-email", "valid e-mail"),
        ("regency_code", "3171", "South Sulawesi"),
        ("regency_code", "", "South Sulawesi"),
        ("legal_form", "llc", "legal form"),
        ("name", "", "Enter the name"),
        ("founded_year", "1850", "between 1900"),
        ("founded_year", "dua ribu", "between 1900"),
        ("employees", "-3", "0 or more"),
        ("story_english", "x" * 5001, "too long"),
    ],
)
def test_bad_value_is_explained_next_to_the_field_and_nothing_is_saved(
    client, owner_and_enterprise, field, typed, message
):
    _, enterprise = owner_and_enterprise
    data = {**GOOD, field: typed}
    response = client.post("/business/profile?lang=en", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'data-field-error="{field}"' in page
    assert message in page
    # What the user typed is still in the form (the bad value and the good ones).
    assert "Rantepao" in page
    if typed and field not in ("legal_form", "regency_code", "story_english"):
        assert typed in page
    saved = _reload(enterprise)
    assert saved.name == "UMKM Lama" and saved.nib is None and saved.address is None


def test_indonesian_error_messages_are_used_in_indonesian(client, owner_and_enterprise, app):
    response = client.post("/business/profile?lang=id", data={**GOOD, "nib": "12345"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<html lang="id">' in page and 'data-field-error="nib"' in page
    page = client.post("/business/profile?lang=en", data={**GOOD, "nib": "1"}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in page and "exactly 13 digits" in page


def _upload(data: bytes, filename="logo.png"):
    return (io.BytesIO(data), filename)


def test_logo_upload_makes_webp_variants(client, owner_and_enterprise):
    _, enterprise = owner_and_enterprise
    response = client.post(
        "/business/profile",
        data={**GOOD, "logo": _upload(make_image((640, 480), "JPEG"), "logo.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    saved = _reload(enterprise)
    assert saved.logo_key.startswith("logos/")
    storage = public_storage()
    for size in (128, 512):
        content = storage.read(f"{saved.logo_key}-{size}.webp")
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == "WEBP" and max(image.size) == size
    page = client.get("/business/profile").get_data(as_text=True)
    assert f"/media/{saved.logo_key}-128.webp" in page
    # Saving again without a new file keeps the logo.
    assert client.post("/business/profile", data=GOOD).status_code == 302
    assert _reload(enterprise).logo_key == saved.logo_key


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.7 this is a document", "logo.png", "not an image"),
        (make_image((120, 120)), "logo.png", "too small"),
        (make_image((640, 640), "JPEG")[:300], "logo.jpg", "not an image"),
        (make_image((300, 300)) + b"\0" * (5 * 1024 * 1024 + 1), "logo.png", "5 MB"),
    ],
)
def test_bad_logo_is_refused_and_nothing_is_half_saved(
    client, owner_and_enterprise, app, data, filename, message
):
    _, enterprise = owner_and_enterprise
    media_before = _media_files(app)
    response = client.post(
        "/business/profile?lang=en",
        data={**GOOD, "logo": _upload(data, filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="logo"' in page and message in page
    assert 'value="Koperasi Kopi Toraja Sejahtera"' in page  # typed values kept
    saved = _reload(enterprise)
    assert saved.name == "UMKM Lama" and saved.logo_key is None
    assert _media_files(app) == media_before


def test_good_logo_with_a_bad_field_writes_no_file(client, owner_and_enterprise, app):
    _, enterprise = owner_and_enterprise
    media_before = _media_files(app)
    response = client.post(
        "/business/profile",
        data={**GOOD, "nib": "1", "logo": _upload(make_image((500, 500), color=(3, 4, 5)))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert _reload(enterprise).logo_key is None
    assert _media_files(app) == media_before


def test_files_are_removed_when_the_save_fails_after_writing_them(
    client, owner_and_enterprise, app, monkeypatch
):
    """A failure after the logo was written (here: the audit write) leaves no orphan file."""
    from trading_house.enterprises import services

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.audit, "record", broken)
    media_before = _media_files(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post(
            "/business/profile",
            data={**GOOD, "logo": _upload(make_image((500, 500), color=(7, 8, 9)))},
            content_type="multipart/form-data",
        )
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert _media_files(app) == media_before
    assert _reload(owner_and_enterprise[1]).name == "UMKM Lama"


def _media_files(app) -> set:
    from pathlib import Path

    root = Path(app.config["MEDIA_ROOT"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_sme_cannot_edit_another_enterprise(client, factory, sign_in):
    """The profile is always the signed-in SME's own: no id in the URL to tamper with."""
    mine_owner = factory.user("sme")
    mine = factory.enterprise(mine_owner, name="Milik Saya")
    other = factory.enterprise(factory.user("sme"), name="Milik Orang Lain")
    sign_in(mine_owner)
    client.post(f"/business/profile?enterprise_id={other.id}", data={**GOOD, "name": "Diambil"})
    assert _reload(other).name == "Milik Orang Lain"
    assert _reload(mine).name == "Diambil"


def test_staff_cannot_post_the_profile(client, factory, sign_in):
    staff = factory.user("sme")
    enterprise = factory.enterprise(factory.user("sme"), staff=[staff], name="Asli")
    sign_in(staff)
    assert client.post("/business/profile", data=GOOD).status_code == 403
    assert _reload(enterprise).name == "Asli"
