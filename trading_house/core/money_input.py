"""One parser for amounts typed by people: ``520.000``, ``Rp 1.250.000,50``, ``520,000.50``.

Every price field of the app reads its text through :func:`parse_money` (via
:class:`trading_house.core.forms.MoneyField`), so a quotation, a product price, a refund and a
payout agree on what ``520.000`` means. The rules, in order:

1. A currency sign or code before or after the number is dropped (``Rp``, ``IDR``, ``€``, ``¥``).
2. With both ``.`` and ``,`` the last one is the decimal separator, the other groups thousands.
3. With one kind of separator used several times, it groups thousands (``1.250.000``).
4. A single separator followed by one or two digits is the decimal separator (``12,5``).
5. A single separator followed by exactly three digits groups thousands when that is the only
   sensible reading: in a whole-unit currency (IDR, JPY) or when it is the grouping mark of the
   person's language. Otherwise (``€1,250`` typed in Indonesian) it is ambiguous and refused.
6. Groups must be three digits; anything else (letters, signs, ``1.2.3``) is refused.
Fractions beyond the currency's exponent are rounded half up (``Rp 520.000,50`` is Rp 520.001).
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from trading_house.core.money import EXPONENTS, MAX_AMOUNT, Money

#: Signs and codes a person may type around the number.
_AFFIXES = re.compile(
    r"^(?:rp\.?|idr|usd|us\$|eur|sgd|s\$|myr|rm|jpy|cny|rmb|aud|a\$|sar|[€¥$£₩])\s*"
    r"|\s*(?:rp\.?|idr|usd|eur|sgd|myr|jpy|cny|rmb|aud|sar|[€¥$])$",
    re.IGNORECASE,
)
_GROUPING = {"id": ".", "en": ","}
_SPACES = re.compile(r"[\s\u00a0\u202f']")


class MoneyInputError(ValueError):
    """The text is not an amount; ``message`` says why, in the visitor's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ParsedAmount:
    money: Money
    rounded: bool  # the typed value had more decimals than the currency has


def parse_money(text: str | None, currency: str, locale: str = "id") -> Money:
    """The amount ``text`` stands for in ``currency``; raises :class:`MoneyInputError`."""
    return parse_amount(text, currency, locale).money


def parse_amount(text: str | None, currency: str, locale: str = "id") -> ParsedAmount:
    """Like :func:`parse_money`, also telling whether decimals were rounded away."""
    cleaned = _strip(text or "")
    if not cleaned:
        raise MoneyInputError(_l("Enter an amount."))
    if cleaned.startswith("-"):
        raise MoneyInputError(_l("The amount cannot be negative."))
    if len(re.sub(r"\D", "", cleaned)) > 20:
        raise MoneyInputError(_l("That amount is too large; check the number of zeros."))
    major = _to_decimal(cleaned, currency, locale)
    exponent = EXPONENTS[currency]
    minor_exact = major * (10**exponent)
    minor = minor_exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if minor > MAX_AMOUNT:
        raise MoneyInputError(_l("That amount is too large; check the number of zeros."))
    return ParsedAmount(Money(int(minor), currency), rounded=minor != minor_exact)


def _strip(text: str) -> str:
    value = text.strip()
    for _ in range(2):  # a sign before and a code after ("Rp 520.000 IDR")
        value = _AFFIXES.sub("", value).strip()
    return _SPACES.sub(" ", value).strip()


def _to_decimal(text: str, currency: str, locale: str) -> Decimal:
    if not re.fullmatch(r"[\d., ]+", text) or not re.search(r"\d", text):
        raise MoneyInputError(_example(currency))
    if " " in text:
        # Spaces group thousands ("1 250 000"); a decimal part may follow after . or ,
        head, sep, tail = _split_last_separator(text)
        whole = _join_groups(head.split(" "), currency)
        return _with_fraction(whole, tail, currency) if sep else Decimal(whole)
    separators = set(re.findall(r"[.,]", text))
    if len(separators) == 2:
        decimal_mark = text[max(text.rfind("."), text.rfind(","))]
        grouping = "," if decimal_mark == "." else "."
        head, _, tail = text.rpartition(decimal_mark)
        if grouping in tail or decimal_mark in head:
            raise MoneyInputError(_example(currency))
        return _with_fraction(_join_groups(head.split(grouping), currency), tail, currency)
    if not separators:
        return Decimal(text)
    mark = separators.pop()
    parts = text.split(mark)
    if len(parts) > 2:
        return Decimal(_join_groups(parts, currency))
    head, tail = parts
    if not head:
        head = "0"
    if len(tail) in (1, 2):
        return _with_fraction(head, tail, currency)
    if len(tail) == 3 and (EXPONENTS[currency] == 0 or _GROUPING.get(locale) == mark):
        return Decimal(_join_groups(parts, currency))
    if len(tail) == 3:
        whole = Money.from_decimal(head + tail, currency)
        fraction = Money.from_decimal(f"{head}.{tail}", currency)
        raise MoneyInputError(
            _l(
                "“%(text)s” could mean %(whole)s or %(fraction)s. Type the amount without a "
                "separator (%(plain)s) or with two decimals.",
                text=text,
                whole=whole.format(locale),
                fraction=fraction.format(locale),
                plain=head + tail,
            )
        )
    raise MoneyInputError(_example(currency))


def _split_last_separator(text: str) -> tuple[str, str, str]:
    position = max(text.rfind("."), text.rfind(","))
    if position == -1:
        return text, "", ""
    return text[:position], text[position], text[position + 1 :]


def _join_groups(parts: list[str], currency: str) -> str:
    """'1', '250', '000' -> '1250000'; refuses groups that are not three digits."""
    first, rest = parts[0], parts[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or not all(
        len(p) == 3 and p.isdigit() for p in rest
    ):
        raise MoneyInputError(_example(currency))
    return "".join(parts)


def _with_fraction(whole: str, fraction: str, currency: str) -> Decimal:
    if not whole.replace(" ", "").isdigit() or not fraction.isdigit() or len(fraction) > 2:
        raise MoneyInputError(_example(currency))
    return Decimal(f"{whole.replace(' ', '')}.{fraction}")


def _example(currency: str):
    if EXPONENTS.get(currency) == 0:
        return _l("Enter an amount such as 520.000 or 520000.")
    return _l("Enter an amount such as 1.250,50 or 1250.50.")
