"""Format checks for certificate and registration numbers, and the local calendar date."""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from trading_house.core.clock import business_today


@dataclass(frozen=True)
class NumberFormat:
    label: object  # lazy string
    pattern: re.Pattern
    example: str
    #: Prefixes people often type in front of the number (removed before checking).
    strip_prefixes: tuple[str, ...] = ()
    digits_only: bool = False


NUMBER_FORMATS: dict[str, NumberFormat] = {
    "nib": NumberFormat(_l("NIB (13 digits)"), re.compile(r"\d{13}"), "9120001234567", (), True),
    "npwp": NumberFormat(
        _l("NPWP (15 or 16 digits)"), re.compile(r"\d{15}|\d{16}"), "01.234.567.8-801.000", (), True
    ),
    "halal": NumberFormat(
        _l("BPJPH halal certificate number"),
        re.compile(r"(ID)?\d{14,20}"),
        "ID73110000123450322",
        ("NO.", "NOMOR"),
    ),
    "food_registration": NumberFormat(
        _l("BPOM MD number (MD + 12 digits) or P-IRT number (15 digits)"),
        re.compile(r"MD\d{12}|\d{15}"),
        "BPOM RI MD 224713001234",
        ("BPOMRI", "BPOM", "P-IRTNO.", "P-IRT", "PIRT", "SPP-IRT", "NO."),
    ),
    "bpom_cosmetic": NumberFormat(
        _l("BPOM notification (NA + 11 digits) or traditional medicine number (TR + 9 digits)"),
        re.compile(r"NA\d{11}|TR\d{9}"),
        "NA18231234567",
        ("BPOMRI", "BPOM"),
    ),
    "hs_code": NumberFormat(
        _l("HS code (8 digits, BTKI 2022)"), re.compile(r"\d{8}"), "0901.11.10", (), True
    ),
    "trademark": NumberFormat(
        _l("DJKI trademark registration (IDM + 9 digits) or application number"),
        re.compile(r"IDM\d{9}|[DJ]ID\d{10}"),
        "IDM001234567",
    ),
    "bank_account": NumberFormat(
        _l("Bank account number (8 to 20 digits)"), re.compile(r"\d{8,20}"), "0123456789", (), True
    ),
    "certificate": NumberFormat(
        _l("Certificate number (letters, digits, dots, slashes and dashes)"),
        re.compile(r"[A-Z0-9][A-Z0-9./-]{3,59}"),
        "VLK-123/2025",
    ),
}


def format_choices() -> list[tuple[str, str]]:
    return [("", str(_l("Any text")))] + [(k, str(f.label)) for k, f in NUMBER_FORMATS.items()]


def normalise_number(value: str | None, format_key: str | None) -> str:
    """Upper-case, without spaces (and without punctuation for all-digit formats)."""
    value = re.sub(r"\s+", "", (value or "")).upper()
    spec = NUMBER_FORMATS.get(format_key or "")
    if spec is None:
        return value
    for prefix in spec.strip_prefixes:
        if value.startswith(prefix) and len(value) > len(prefix):
            value = value[len(prefix) :]
    if spec.digits_only:
        value = re.sub(r"[.\-/]", "", value)
    return value


def number_is_valid(value: str, format_key: str | None) -> bool:
    """``value`` must already be normalised."""
    spec = NUMBER_FORMATS.get(format_key or "")
    if spec is None:
        return 0 < len(value) <= 60
    return spec.pattern.fullmatch(value) is not None


#: Today's date at the trading house: the one clock, ``core.clock.business_today``.
local_today = business_today


def as_int(value) -> int:
    """An id or number from a form or URL; 0 (matches nothing) for anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
