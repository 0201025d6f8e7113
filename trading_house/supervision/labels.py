"""Translated labels of predicates, aspects and kinds (lazy: rendered in the reader's language)."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from trading_house.supervision.models import CertificateState

PREDICATE_LABELS = {
    "sehat": _l("Sehat"),
    "cukup_sehat": _l("Cukup Sehat"),
    "dalam_pengawasan": _l("Dalam Pengawasan"),
    "dalam_pengawasan_khusus": _l("Dalam Pengawasan Khusus"),
}
PREDICATE_COLOURS = {
    "sehat": "success",
    "cukup_sehat": "info",
    "dalam_pengawasan": "warning",
    "dalam_pengawasan_khusus": "danger",
}
ASPECT_LABELS = {
    "tata_kelola": _l("Governance (tata kelola)"),
    "profil_risiko": _l("Risk profile (profil risiko)"),
    "kinerja_keuangan": _l("Financial performance (kinerja keuangan)"),
    "permodalan": _l("Capital (permodalan)"),
    "kualitas_aktiva_produktif": _l("Quality of productive assets"),
    "manajemen": _l("Management"),
    "efisiensi": _l("Efficiency"),
    "likuiditas": _l("Liquidity"),
    "kemandirian_pertumbuhan": _l("Independence and growth"),
    "jatidiri": _l("Cooperative identity (jatidiri)"),
}
WORKSHEET_LABELS = {
    "kkpkk": _l("KKPKK (four aspects)"),
    "ksp_legacy": _l("Savings and loan, older model (seven aspects)"),
}
EXAMINATION_KIND_LABELS = {"routine": _l("Routine"), "special": _l("Special")}
CERTIFICATE_STATE_LABELS = {
    CertificateState.VALID: _l("Valid"),
    CertificateState.EXPIRED: _l("Expired"),
    CertificateState.REVOKED: _l("Revoked"),
}
RATIO_LABELS = {
    "current_ratio": _l("Current ratio"),
    "equity_to_assets": _l("Equity to assets"),
    "debt_to_equity": _l("Debt to equity"),
    "npl_ratio": _l("Non-performing loans"),
    "return_on_assets": _l("Return on assets"),
    "operating_ratio": _l("Operating costs to revenue"),
    "loan_to_deposit": _l("Loans to deposits"),
}


def predicate_label(predicate: str | None, locale: str | None = None) -> str:
    if predicate is None:
        return str(_l("Not rated"))
    label = PREDICATE_LABELS.get(predicate, predicate)
    if locale is None:
        return str(label)
    with force_locale(locale):
        return str(label)


def aspect_label(aspect: str) -> str:
    return str(ASPECT_LABELS.get(aspect, aspect))
