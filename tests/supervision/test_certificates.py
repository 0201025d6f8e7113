"""Health certificates: refused below Cukup Sehat, a PDF with a QR code, a public page that
says valid / expired / revoked and nothing private, revocation by an admin."""

import io
import re
from datetime import timedelta

from babel.dates import format_date
from pypdf import PdfReader
from sqlalchemy import select

from tests.cooperatives.helpers import cooperative, statement
from tests.supervision.conftest import YEAR
from tests.supervision.helpers import finalised
from trading_house.core import clock
from trading_house.core.clock import utcnow
from trading_house.extensions import db
from trading_house.supervision.models import HealthCertificate


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _issue(client, login, exam, examiner):
    login(examiner)
    page = client.get(f"/pengawasan/pemeriksaan/{exam.id}").get_data(as_text=True)
    return client.post(
        f"/pengawasan/pemeriksaan/{exam.id}/sertifikat",
        data={"csrf_token": _token(page)},
        follow_redirects=True,
    )


def test_certificate_pdf_and_public_check_show_validity_and_nothing_private(client, login, scene):
    exam = finalised(scene.coop, YEAR, scene.examiner)
    page = _issue(client, login, exam, scene.examiner).get_data(as_text=True)
    assert "Certificate issued." in page
    certificate = db.session.scalar(select(HealthCertificate))
    pdf = client.get(f"/pengawasan/sertifikat-kesehatan/{certificate.id}.pdf")
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.data))
    text = reader.pages[0].extract_text()
    assert "Sertifikat kesehatan koperasi" in text or "SEHAT" in text
    assert certificate.number in text
    flat = " ".join(text.split())
    # Issued by the supervising office, dated and signed the Indonesian way.
    assert "Dinas Koperasi dan UKM Provinsi Sulawesi Selatan" in flat
    assert "Koperasi Rumah Dagang" not in flat
    issued = format_date(certificate.issued_on, format="long", locale="id")
    assert f"Diterbitkan pada {issued}" in flat
    assert f"Makassar, {issued}" in flat and "Kepala Bidang Pengawasan Koperasi" in flat
    until = format_date(certificate.valid_until, format="long", locale="id")
    assert f"Berlaku sampai {until}" in flat
    assert reader.pages[0].images  # the QR code
    client.get("/logout")
    public = client.get(f"/pengawasan/sertifikat/{certificate.code}")
    body = public.get_data(as_text=True)
    assert public.status_code == 200
    assert "This certificate is valid." in body and "Koperasi Produsen Kopi Toraja" in body
    assert "Sehat" in body
    # Nothing private: no score, no statement lines, no answers, no officer's e-mail.
    assert str(exam.total_score) not in body
    assert "ketua@koperasi.id" not in body and "Lihat notulen" not in body
    assert client.get("/pengawasan/sertifikat/not-a-code").status_code == 404


def test_expired_and_revoked_certificates_say_so(client, login, scene):
    exam = finalised(scene.coop, YEAR, scene.examiner)
    _issue(client, login, exam, scene.examiner)
    certificate = db.session.scalar(select(HealthCertificate))
    client.get("/logout")
    clock.freeze(utcnow() + timedelta(days=400))
    try:
        page = client.get(f"/pengawasan/sertifikat/{certificate.code}").get_data(as_text=True)
        assert "This certificate expired on" in page
    finally:
        clock.freeze(None)
    login(scene.admin)
    listing = client.get("/pengawasan/admin/sertifikat").get_data(as_text=True)
    empty = client.post(
        f"/pengawasan/admin/sertifikat/{certificate.id}/cabut",
        data={"csrf_token": _token(listing), "reason": ""},
    )
    assert empty.status_code == 422
    revoked = client.post(
        f"/pengawasan/admin/sertifikat/{certificate.id}/cabut",
        data={"csrf_token": _token(listing), "reason": "Laporan keuangan tidak benar"},
    )
    assert revoked.status_code == 302
    client.get("/logout")
    page = client.get(f"/pengawasan/sertifikat/{certificate.code}").get_data(as_text=True)
    assert "was revoked" in page and "Laporan keuangan tidak benar" not in page


def test_no_certificate_below_cukup_sehat(client, login, scene, factory):
    weak = cooperative(examiner=scene.examiner, name="Koperasi Lemah")
    statement(weak, YEAR, non_performing_loans=100_000_000, operating_costs=400_000_000)
    exam = finalised(weak, YEAR, scene.examiner, value="no")
    assert exam.predicate in ("dalam_pengawasan", "dalam_pengawasan_khusus")
    page = _issue(client, login, exam, scene.examiner).get_data(as_text=True)
    assert "A certificate needs at least “Cukup Sehat”" in page
    assert db.session.scalar(select(HealthCertificate)) is None


def test_a_later_examination_below_the_threshold_revokes_the_certificate(client, login, scene):
    exam = finalised(scene.coop, YEAR, scene.examiner)
    _issue(client, login, exam, scene.examiner)
    statement(scene.coop, YEAR - 1, non_performing_loans=100_000_000)
    finalised(scene.coop, YEAR - 1, scene.examiner, value="no")  # a later-opened examination
    certificate = db.session.scalar(select(HealthCertificate))
    db.session.refresh(certificate)
    assert certificate.is_revoked
