"""Trade vocabulary: Incoterms 2020, payment terms, countries (ISO 3166-1), who pays shipping."""

from functools import cache

from babel import Locale
from flask_babel import lazy_gettext as _l

#: The eleven Incoterms 2020 rules, in the ICC's order (any mode first, then sea and inland water).
INCOTERMS: dict[str, object] = {
    "EXW": _l("EXW – Ex Works"),
    "FCA": _l("FCA – Free Carrier"),
    "CPT": _l("CPT – Carriage Paid To"),
    "CIP": _l("CIP – Carriage and Insurance Paid To"),
    "DAP": _l("DAP – Delivered at Place"),
    "DPU": _l("DPU – Delivered at Place Unloaded"),
    "DDP": _l("DDP – Delivered Duty Paid"),
    "FAS": _l("FAS – Free Alongside Ship"),
    "FOB": _l("FOB – Free on Board"),
    "CFR": _l("CFR – Cost and Freight"),
    "CIF": _l("CIF – Cost, Insurance and Freight"),
}

PAYMENT_TERMS: dict[str, object] = {
    "bank_transfer": _l("Bank transfer"),
    "letter_of_credit": _l("Letter of credit"),
    "card": _l("Card (Stripe)"),
}

#: Who pays the courier for a sample.
SHIPPING_PAYERS: dict[str, object] = {
    "buyer": _l("The buyer pays shipping"),
    "enterprise": _l("The seller pays shipping"),
}

#: Codes Babel knows that are not ISO 3166-1 alpha-2 countries (regions, reserved codes).
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


@cache
def country_codes() -> frozenset[str]:
    """The 249 ISO 3166-1 alpha-2 codes (from Babel's CLDR data)."""
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def country_name(code: str | None, locale: str = "en") -> str:
    if not code:
        return ""
    return Locale.parse(locale).territories.get(code, code)


@cache
def country_choices(locale: str) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by the name in ``locale``."""
    names = Locale.parse(locale).territories
    return sorted(
        ((code, names.get(code, code)) for code in country_codes()), key=lambda c: c[1].lower()
    )


def incoterm_label(code: str | None) -> str:
    return str(INCOTERMS.get(code or "", code or ""))


def payment_terms_label(code: str | None) -> str:
    return str(PAYMENT_TERMS.get(code or "", code or ""))


def shipping_payer_label(code: str | None) -> str:
    return str(SHIPPING_PAYERS.get(code or "", code or ""))


def trading_today():
    """Today's date at the trading house (Asia/Makassar): validity dates end at its midnight."""
    from zoneinfo import ZoneInfo

    from trading_house.core.clock import utcnow

    return utcnow().astimezone(ZoneInfo("Asia/Makassar")).date()
