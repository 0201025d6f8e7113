"""Listing rules shared by the forms and the services (which must hold them for every caller)."""

import re

from flask_babel import lazy_gettext as _l

#: A price above this many rupiah is a typing mistake, not a product.
MAX_PRICE_IDR = 10**12
MAX_QUANTITY = 10**9
#: BTKI 2022, Indonesia's tariff book, classifies goods with 8 digits (the export declaration,
#: certificates of origin and destination rules use them).
HS_CODE_DIGITS = 8


def parse_whole_number(text: str) -> int:
    """Digits, optionally grouped by thousands with dots, commas or spaces ("85.000", "1,250").

    Raises ValueError for anything else (letters, decimals, signs, empty).
    """
    cleaned = re.sub(r"^\s*(rp\.?|idr)\s*", "", text or "", flags=re.IGNORECASE).strip()
    if re.fullmatch(r"\d+", cleaned):
        # Hundreds of digits are "too large", not an error from int()'s digit limit.
        return int(cleaned) if len(cleaned) <= 18 else 10**18
    if (
        re.fullmatch(r"\d{1,3}([.,\s]\d{3})+", cleaned)
        and len(set(re.findall(r"[.,\s]", cleaned))) == 1
    ):
        digits = re.sub(r"\D", "", cleaned)
        return int(digits) if len(digits) <= 18 else 10**18
    raise ValueError(text)


class HsCodeTooLong(ValueError):
    """A 10-digit code (old BTKI 2017 or another country's tariff): explained, not accepted."""


def normalise_hs_code(text: str | None) -> str | None:
    """'0901.11.10' -> '09011110'. Raises ValueError unless 8 digits (BTKI 2022) remain."""
    if not text or not text.strip():
        return None
    cleaned = re.sub(r"[\s.]", "", text)
    if cleaned.isdigit() and len(cleaned) == 10:
        raise HsCodeTooLong(text)
    if not cleaned.isdigit() or len(cleaned) != HS_CODE_DIGITS:
        raise ValueError(text)
    return cleaned


def format_hs_code(digits: str | None) -> str:
    """'09011110' -> '0901.11.10' (the way BTKI prints it)."""
    if not digits:
        return ""
    parts = [digits[:4], digits[4:6], digits[6:8], digits[8:10]]
    return ".".join(p for p in parts if p)


def tier_order_problem(rows, retail_price=None):
    """A translated message when tiers are out of order, else None. Shared with the services."""
    previous = None
    for quantity, price in rows:
        if previous is not None:
            if quantity <= previous[0]:
                return _l(
                    "Each wholesale tier must start at a larger quantity than the one before."
                )
            if price >= previous[1]:
                return _l("Each wholesale tier must have a lower unit price than the one before.")
        elif retail_price and price >= retail_price:
            return _l("A wholesale unit price must be lower than the retail price.")
        previous = (quantity, price)
    return None
