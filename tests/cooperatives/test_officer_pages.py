"""An officer keeps the cooperative's records from its pages: profile, organs, members, RAT with
minutes, and every change shows in the history. Bad input is a 422 with a translated message."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.cooperatives.helpers import cooperative, rat
from tests.readiness.conftest import pdf_bytes
from trading_house.cooperatives.models import Cooperative, CooperativeMember, RatRecord
from trading_house.extensions import db

TODAY = datetime.now(ZoneInfo("Asia/Makassar")).date()

PROFILE = {
    "name": "Koperasi Produsen Kopi Toraja Sejahtera",
    "kind": "producer",
    "savings_loan_scope": "",
    "regency": "7318",
    "membership_regencies": ["7318", "7326"],
    "other_province_regencies": "",
    "business_class": "small",
    "founded_on": "2019-02-01",
    "legal_entity_number": "AHU-0001234.AH.01.26.2019",
    "legal_entity_date": "2019-03-04",
    "nik": "7318 0100 2019 0001",
    "nik_issued_on": "2019-04-01",
    "nik_expires_on": "2029-04-01",
    "nib": "9120301112031",
    "members_male": "41",
    "members_female": "52",
    "address": "Lembang Sapan",
    "phone": "0812-4211-3001",
    "email": "koperasi@contoh.id",
}


def _setup(factory, login, client):
    officer = factory.user("coop_officer", display_name="Daniel Sampe")
    coop = cooperative(officer, name="Koperasi Produsen Kopi Toraja Sejahtera")
    login(officer)
    return officer, coop, client


def test_officer_finds_the_cooperative_and_edits_its_profile(factory, login, client):
    officer, coop, client = _setup(factory, login, client)
    response = client.get("/koperasi/saya")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/koperasi/{coop.id}")
    response = client.post(f"/koperasi/{coop.id}/profil", data=PROFILE, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "93 (41 male, 52 female)" in page
    assert "Provincial office" in page  # two regencies of South Sulawesi
    db.session.expire_all()
    saved = db.session.get(Cooperative, coop.id)
    assert saved.nik == "7318010020190001"
    assert saved.phone == "+6281242113001"
    history = client.get(f"/koperasi/{coop.id}/riwayat").get_data(as_text=True)
    assert "Profile changed" in history
    assert "Female members" in history and "35 → 52" in history


def test_members_in_another_province_make_the_ministry_the_authority(factory, login, client):
    _, coop, client = _setup(factory, login, client)
    data = PROFILE | {"other_province_regencies": "7471"}
    page = client.post(f"/koperasi/{coop.id}/profil", data=data, follow_redirects=True)
    assert "Ministry of Cooperatives" in page.get_data(as_text=True)
    bad = client.post(
        f"/koperasi/{coop.id}/profil", data=PROFILE | {"other_province_regencies": "7318"}
    )
    assert bad.status_code == 422
    assert "is not a regency code of another province" in bad.get_data(as_text=True)


def test_bad_profile_dates_are_refused_with_a_message(factory, login, client):
    _, coop, client = _setup(factory, login, client)
    cases = [
        ({"nik_expires_on": "2018-01-01"}, "The NIK cannot expire before it was issued."),
        ({"founded_on": "2099-01-01"}, "This date is in the future."),
        ({"nik": "12345"}, "The NIK has 16 digits."),
        ({"kind": "savings_loan", "savings_loan_scope": ""}, "members only or the public"),
        ({"legal_entity_date": "2018-01-01"}, "before the founding"),
    ]
    for change, message in cases:
        response = client.post(f"/koperasi/{coop.id}/profil", data=PROFILE | change)
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).members_female == 35  # nothing saved


def test_rat_with_minutes_and_its_rules(factory, login, client):
    _, coop, client = _setup(factory, login, client)
    last_year = TODAY.year - 1
    bad = [
        ({"held_on": "2099-03-01"}, "This date is in the future."),
        ({"held_on": "2018-03-01", "year": "2017"}, "before the cooperative was founded"),
        ({"year": str(TODAY.year)}, "A RAT closes a year that has ended."),
        ({"reported_on": f"{last_year + 1}-03-01", "held_on": f"{last_year + 1}-03-10"},
         "reported before it was held"),
    ]  # fmt: skip
    for change, message in bad:
        data = {"year": str(last_year), "held_on": f"{last_year + 1}-03-14"} | change
        response = client.post(f"/koperasi/{coop.id}/rat", data=data)
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    data = {
        "year": str(last_year),
        "held_on": f"{last_year + 1}-03-14",
        "attendance": "60",
        "minutes": (io.BytesIO(pdf_bytes("Notulen RAT")), "notulen.pdf"),
    }
    response = client.post(
        f"/koperasi/{coop.id}/rat", data=data, content_type="multipart/form-data",
        follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "The RAT is recorded." in response.get_data(as_text=True)
    minutes = client.get(f"/koperasi/{coop.id}/rat/{last_year}/notulen")
    assert minutes.status_code == 200 and minutes.data.startswith(b"%PDF")
    record = db.session.scalar(select(RatRecord).where(RatRecord.cooperative_id == coop.id))
    assert record.attendance == 60


def test_a_fake_pdf_as_minutes_is_refused(factory, login, client):
    _, coop, client = _setup(factory, login, client)
    last_year = TODAY.year - 1
    data = {
        "year": str(last_year),
        "held_on": f"{last_year + 1}-03-14",
        "minutes": (io.BytesIO(b"MZ not a pdf"), "notulen.pdf"),
    }
    response = client.post(
        f"/koperasi/{coop.id}/rat", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "notulen.pdf" in response.get_data(as_text=True)
    assert db.session.scalar(select(RatRecord.id)) is None


def test_officers_and_member_register(factory, login, client):
    _, coop, client = _setup(factory, login, client)
    seller = factory.enterprise(name="Kopi Sapan", slug="kopi-sapan")
    response = client.post(
        f"/koperasi/{coop.id}/anggota",
        data={"name": "Yohanis Pakiding", "sex": "male", "enterprise_slug": "https://x/umkm/kopi-sapan"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Kopi Sapan" in response.get_data(as_text=True)
    member = db.session.scalar(select(CooperativeMember))
    assert member.enterprise_id == seller.id
    bad = client.post(
        f"/koperasi/{coop.id}/anggota", data={"name": "X", "sex": "male", "enterprise_slug": "nope"}
    )
    assert bad.status_code == 422
    assert "No enterprise on the marketplace has that page." in bad.get_data(as_text=True)
    response = client.post(
        f"/koperasi/{coop.id}/pengurus",
        data={"name": "Maria Rante", "position": "treasurer"},
        follow_redirects=True,
    )
    assert "Maria Rante" in response.get_data(as_text=True)


def test_an_officer_invited_by_email_gets_an_account_and_access(factory, login, client, app):
    from trading_house.accounts.services import find_user_by_email
    from trading_house.core.models import OutboxEmail

    _, coop, client = _setup(factory, login, client)
    client.post(
        f"/koperasi/{coop.id}/pengurus",
        data={"name": "Paulus Tangke", "position": "secretary", "email": "paulus@contoh.id"},
    )
    user = find_user_by_email("paulus@contoh.id")
    assert user is not None and user.has_role("coop_officer")
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == "paulus@contoh.id"))
    assert "Koperasi Produsen Kopi Toraja Sejahtera" in mail.body_text


def test_others_cannot_see_or_change_the_records(factory, login, client, app):
    officer = factory.user("coop_officer")
    coop = cooperative(officer)
    rat(coop, 2024, date(2025, 3, 1))
    stranger = factory.user("coop_officer")
    cooperative(stranger, name="KSP Lain")
    examiner = factory.user("examiner")
    login(stranger)
    assert client.get(f"/koperasi/{coop.id}").status_code == 404
    assert client.post(f"/koperasi/{coop.id}/profil", data=PROFILE).status_code == 404
    other = app.test_client()
    login(examiner, target=other)
    assert other.get(f"/koperasi/{coop.id}").status_code == 404  # not assigned
    detail = other.get(f"/koperasi/registri/{coop.id}").get_data(as_text=True)
    assert 'data-testid="records-private"' in detail
    db.session.get(Cooperative, coop.id).assigned_examiner_id = examiner.id
    db.session.commit()
    assert other.get(f"/koperasi/{coop.id}").status_code == 200
    assert other.post(f"/koperasi/{coop.id}/profil", data=PROFILE).status_code == 403


def test_audit_report_upload_and_download(factory, login, client, app):
    officer, coop, client = _setup(factory, login, client)
    year = str(TODAY.year - 1)
    data = {
        "year": year,
        "auditor": "KAP Rahman & Rekan",
        "opinion": "unqualified",
        "report": (io.BytesIO(pdf_bytes("Laporan audit")), "audit.pdf"),
    }
    page = client.post(
        f"/koperasi/{coop.id}/audit", data=data, content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert "KAP Rahman &amp; Rekan" in page and "Unqualified" in page
    again = dict(data, report=(io.BytesIO(pdf_bytes("x")), "audit.pdf"))
    twice = client.post(
        f"/koperasi/{coop.id}/audit", data=again, content_type="multipart/form-data"
    )
    assert twice.status_code == 422
    assert "already an audit report for that year" in twice.get_data(as_text=True)
    no_file = client.post(f"/koperasi/{coop.id}/audit", data={"year": "2020", "auditor": "KAP"})
    assert no_file.status_code == 422 and "Choose the report file." in no_file.get_data(
        as_text=True
    )
    from trading_house.cooperatives.models import AuditReport

    report = db.session.scalar(select(AuditReport))
    download = client.get(f"/koperasi/{coop.id}/audit/{report.id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    stranger = app.test_client()
    login(factory.user("coop_officer"), target=stranger)
    assert stranger.get(f"/koperasi/{coop.id}/audit/{report.id}").status_code == 404


def test_an_officer_cannot_remove_themselves(factory, login, client):
    officer, coop, client = _setup(factory, login, client)
    own = coop.officers[0]
    page = client.post(
        f"/koperasi/{coop.id}/pengurus/{own.id}/hapus", follow_redirects=True
    ).get_data(as_text=True)
    assert "You cannot remove yourself" in page
    assert client.post(f"/koperasi/{coop.id}/pengurus/987654/hapus").status_code == 404
