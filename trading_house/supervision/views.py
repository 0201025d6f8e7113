"""The public check of a health certificate (the QR code's page): valid, expired or revoked,
and nothing private."""

from flask import render_template

from trading_house.supervision import certificates
from trading_house.supervision.blueprint import bp


@bp.get("/sertifikat/<code>")
def verify_certificate(code: str):
    certificate = certificates.by_code(code)
    response = render_template("supervision/verify.html", certificate=certificate)
    return (response, 200) if certificate is not None else (response, 404)
