"""Health certificates: issued for a finalised examination rated at least Cukup Sehat, checked
by anyone through the QR code's public page, revoked by an admin (or when a later examination
rates the cooperative below the threshold)."""

import io
import secrets
from datetime import date, timedelta

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from trading_house.core import audit
from trading_house.core.clock import business_today, utcnow
from trading_house.core.errors import DomainError
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.supervision.documents import long_date, number, office_identity
from trading_house.supervision.labels import predicate_label
from trading_house.supervision.models import PREDICATES, Examination, HealthCertificate

#: The predicates a certificate may be issued for (at least Cukup Sehat).
CERTIFIABLE = PREDICATES[:2]
#: A certificate is valid for a year from its issue: the next routine examination renews it.
VALID_DAYS = 365


def is_certifiable(predicate: str | None) -> bool:
    return predicate in CERTIFIABLE


def valid_until(issued_on: date) -> date:
    return issued_on + timedelta(days=VALID_DAYS - 1)


def issue(exam: Examination, *, actor) -> HealthCertificate:
    """The certificate of ``exam`` (the existing one when issued before)."""
    if exam.certificate is not None:
        return exam.certificate
    if not exam.is_finalised:
        raise DomainError(_l("Finalise the examination before issuing its certificate."))
    if not is_certifiable(exam.predicate):
        raise DomainError(
            _l(
                "A certificate needs at least “Cukup Sehat”; this examination rated the "
                "cooperative “%(predicate)s”.",
                predicate=predicate_label(exam.predicate),
            )
        )
    today = business_today()
    sequence = 1 + (
        db.session.scalar(
            select(db.func.count(HealthCertificate.id)).where(
                db.extract("year", HealthCertificate.issued_on) == today.year
            )
        )
        or 0
    )
    regency = getattr(exam.cooperative, "regency", None) or "73"
    certificate = HealthCertificate(
        cooperative_id=exam.cooperative_id,
        examination_id=exam.id,
        number=f"{sequence:04d}/SKK/{regency}/{today.year}-{secrets.token_hex(2).upper()}",
        code=secrets.token_urlsafe(12),
        predicate=exam.predicate,
        issued_on=today,
        valid_until=valid_until(today),
        issued_by_id=actor.id,
    )
    try:
        # Two clicks at once: the examination's unique certificate lets one of them win.
        with db.session.begin_nested():
            db.session.add(certificate)
            db.session.flush()
    except IntegrityError:
        db.session.expire(exam, ["certificate"])
        if exam.certificate is None:
            raise
        return exam.certificate
    db.session.expire(exam, ["certificate"])
    audit.record("certificate.issued", actor=actor, subject=certificate, number=certificate.number)
    return certificate


def revoke(certificate: HealthCertificate, *, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for revoking."), field="reason")
    if certificate.revoked_at is not None:
        raise DomainError(_l("This certificate is already revoked."))
    # Compare-and-set: two admins revoking at once record one revocation.
    result = db.session.execute(
        update(HealthCertificate)
        .where(HealthCertificate.id == certificate.id, HealthCertificate.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id, revoke_reason=reason[:2000])
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(certificate)
    if getattr(result, "rowcount", 0) != 1:
        raise DomainError(_l("This certificate is already revoked."))
    audit.record("certificate.revoked", actor=actor, subject=certificate, reason=reason[:200])


def revoke_below_threshold(exam: Examination, *, actor) -> int:
    """A later examination below Cukup Sehat ends the cooperative's valid certificates."""
    if is_certifiable(exam.predicate):
        return 0
    count = 0
    for certificate in db.session.scalars(
        select(HealthCertificate).where(
            HealthCertificate.cooperative_id == exam.cooperative_id,
            HealthCertificate.revoked_at.is_(None),
        )
    ):
        certificate.revoked_at = utcnow()
        certificate.revoked_by_id = getattr(actor, "id", None)
        certificate.revoke_reason = (
            f"Pemeriksaan {exam.year}: {predicate_label(exam.predicate, 'id')}"
        )
        count += 1
    return count


def by_code(code: str) -> HealthCertificate | None:
    if not code or len(code) > 32:
        return None
    return db.session.scalar(select(HealthCertificate).where(HealthCertificate.code == code))


def verification_url(certificate: HealthCertificate) -> str:
    return public_url("supervision.verify_certificate", code=certificate.code)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def certificate_pdf(certificate: HealthCertificate) -> bytes:
    """The certificate in Indonesian, with a QR code to its public verification page."""
    from trading_house.trade_documents.pdf import DocumentPDF

    cooperative = certificate.cooperative
    url = verification_url(certificate)
    with force_locale("id"):
        pdf = DocumentPDF(
            _("Cooperative health certificate"),
            footer=_("Check this certificate at %(url)s", url=url),
            identity=office_identity(),
        )
        pdf.paragraph(_("Number: %(number)s", number=certificate.number), bold=True, size=10)
        pdf.ln(2)
        pdf.paragraph(
            _(
                "Based on the health examination of financial year %(year)s, the cooperative "
                "below is rated:",
                year=certificate.examination.year,
            ),
            size=10,
        )
        pdf.ln(2)
        pdf.paragraph(predicate_label(certificate.predicate).upper(), bold=True, size=18)
        pdf.ln(2)
        pdf.fields(
            [
                (_("Cooperative"), cooperative.name),
                (_("Legal entity number"), getattr(cooperative, "legal_entity_number", "") or ""),
                (_("Cooperative ID number (NIK)"), getattr(cooperative, "nik", "") or ""),
                (_("Address"), getattr(cooperative, "address", "") or ""),
                (_("Score"), number(certificate.examination.total_score)),
                (_("Issued on"), long_date(certificate.issued_on)),
                (_("Valid until"), long_date(certificate.valid_until)),
            ],
            label_width=55,
        )
        y = pdf.get_y() + 4
        pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=y, w=38, h=38)
        pdf.set_xy(pdf.l_margin + 44, y + 4)
        pdf.set_font("body", "", 8.5)
        pdf.multi_cell(
            pdf.width - 44,
            4.6,
            _(
                "Scan the code or open the address in the footer to see whether this "
                "certificate is still valid, has expired or was revoked."
            ),
        )
        _signature(pdf, certificate, top=y + 44)
        return pdf.bytes()


def _signature(pdf, certificate: HealthCertificate, *, top: float) -> None:
    """Place, date, the signatory's title, room to sign and the name, on the right."""
    config = current_app.config
    column = 80
    pdf.set_xy(pdf.w - pdf.r_margin - column, top)
    pdf.set_font("body", "", 9.5)
    lines = [
        f"{config['SUPERVISION_OFFICE_CITY']}, {long_date(certificate.issued_on)}",
        config["SUPERVISION_SIGNATORY_TITLE"],
        "\n\n\n",
        config["SUPERVISION_SIGNATORY_NAME"] or "(" + "." * 40 + ")",
    ]
    pdf.multi_cell(column, 5, "\n".join(lines), align="C")
