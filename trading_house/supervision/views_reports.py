"""Documents of an examination for its readers (its officers, its examiners, admins): the
report, the minutes (berita acara), the certificate and the evidence files."""

import io

from flask import abort, send_file
from flask_login import current_user, login_required

from trading_house.core.uploads import document_response
from trading_house.extensions import db
from trading_house.supervision import certificates, policies, queries, reports
from trading_house.supervision.blueprint import bp
from trading_house.supervision.models import ExaminationAnswer, HealthCertificate


def _pdf(data: bytes, name: str):
    response = send_file(
        io.BytesIO(data), mimetype="application/pdf", download_name=name, as_attachment=True
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _readable(examination_id: int):
    exam = queries.load_examination(examination_id)
    policies.require_reader(current_user, exam)
    return exam


@bp.get("/pemeriksaan/<int:examination_id>/laporan.pdf")
@login_required
def report_pdf(examination_id: int):
    exam = _readable(examination_id)
    return _pdf(reports.report_pdf(exam), f"laporan-pemeriksaan-{exam.year}-{exam.id}.pdf")


@bp.get("/pemeriksaan/<int:examination_id>/berita-acara.pdf")
@login_required
def minutes_pdf(examination_id: int):
    exam = _readable(examination_id)
    if not exam.is_finalised:
        abort(404)
    return _pdf(reports.minutes_pdf(exam), f"berita-acara-{exam.year}-{exam.id}.pdf")


@bp.get("/sertifikat-kesehatan/<int:certificate_id>.pdf")
@login_required
def certificate_pdf(certificate_id: int):
    certificate = db.session.get(HealthCertificate, certificate_id)
    if certificate is None:
        abort(404)
    policies.require_reader(current_user, certificate.examination)
    return _pdf(certificates.certificate_pdf(certificate), f"sertifikat-{certificate.id}.pdf")


@bp.get("/bukti/<int:evidence_answer_id>")
@login_required
def evidence(evidence_answer_id: int):
    answer = db.session.get(ExaminationAnswer, evidence_answer_id)
    if answer is None or answer.evidence is None:
        abort(404)
    policies.require_reader(current_user, answer.examination)
    return document_response(answer.evidence)
