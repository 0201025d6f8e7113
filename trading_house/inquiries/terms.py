"""Trade vocabulary: Incoterms 2020, payment terms, countries (ISO 3166-1), who pays shipping."""

from flask_babel import lazy_gettext as _l

# The one country list lives in core; these names are part of the trade vocabulary's interface.
from trading_house.core.clock import business_today
from trading_house.core.countries import country_choices, country_name, is_country  # noqa: F401

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


def incoterm_label(code: str | None) -> str:
    return str(INCOTERMS.get(code or "", code or ""))


def payment_terms_label(code: str | None) -> str:
    return str(PAYMENT_TERMS.get(code or "", code or ""))


def shipping_payer_label(code: str | None) -> str:
    return str(SHIPPING_PAYERS.get(code or "", code or ""))


#: Today's date at the trading house: validity dates end at its midnight (``core/clock``).
trading_today = business_today
