"""One parser for amounts typed by people: ``520.000``, ``Rp 1.250.000,50``, ``520,000.50``.

Every price field of the app reads its text through :func:`parse_money` (via
:class:`trading_house.core.forms.MoneyField`), so a quotation, a product price, a refund and a
payout agree on what ``520.000`` means. The rules, in order:

1. A currency sign or code before or after the number is dropped (``Rp``, ``IDR``, ``€``, ``¥``),
   and so is the Indonesian "no cents" tail (``Rp 520.000,-``). A sign of another currency than
   the field's (``Rp 520.000`` in a USD price) is refused: the person meant another currency.
2. With both ``.`` and ``,`` the last one is the decimal separator, the other groups thousands.
3. With one kind of separator used several times, it groups thousands (``1.250.000``).
4. A single separator followed by one or two digits, or after a lone ``0``, is the decimal
   separator (``12,5``, ``0.500``).
5. A single separator followed by exactly three digits groups thousands when that is the only
   sensible reading: in a whole-unit currency (IDR, JPY) or when it is the grouping mark of the
   person's language. Otherwise (``€1,250`` typed in Indonesian) it is ambiguous and refused.
6. Groups must be three digits; anything else (letters, signs, ``1.2.3``) is refused.
Fractions beyond the currency's exponent are rounded half up (``Rp 520.000,50`` is Rp 520.001).

:func:`parse_number` reads other typed numbers (exchange rates) by the same rules.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l

from trading_house.core.money import EXPONENTS, MAX_AMOUNT, Money

#: What people type around an amount, and the currencies each can stand for ("$" and "¥" are
#: shared; "£" and "₩" are recognised only to be refused: we do not price in them).
_SIGNS: dict[str, frozenset[str]] = {
    "rp.": frozenset({"IDR"}),
    "rp": frozenset({"IDR"}),
    "idr": frozenset({"IDR"}),
    "rupiah": frozenset({"IDR"}),
    "usd": frozenset({"USD"}),
    "us$": frozenset({"USD"}),
    "$": frozenset({"USD", "SGD", "AUD"}),
    "eur": frozenset({"EUR"}),
    "€": frozenset({"EUR"}),
    "sgd": frozenset({"SGD"}),
    "s$": frozenset({"SGD"}),
    "myr": frozenset({"MYR"}),
    "rm": frozenset({"MYR"}),
    "jpy": frozenset({"JPY"}),
    "¥": frozenset({"JPY", "CNY"}),
    "cny": frozenset({"CNY"}),
    "rmb": frozenset({"CNY"}),
    "aud": frozenset({"AUD"}),
    "a$": frozenset({"AUD"}),
    "sar": frozenset({"SAR"}),
    "£": frozenset(),
    "₩": frozenset(),
}
_SIGN = "|".join(re.escape(s) for s in sorted(_SIGNS, key=len, reverse=True))
_PREFIX = re.compile(rf"^({_SIGN})\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*({_SIGN})$", re.IGNORECASE)
#: "Rp 520.000,-" and "520.000,--": the Indonesian way of writing "no cents".
_NO_CENTS = re.compile(r"[.,]-+$")
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


@dataclass(frozen=True)
class _Rules:
    """How one kind of number is read: amounts of a currency, or plain numbers such as rates."""

    places: int  # decimals a person may type (more are refused unless they are zeros)
    whole_units: bool  # a lone "1.250" can only group thousands (IDR, JPY)
    example: object  # the message for text that is not a number
    ambiguous: Callable[[str, str, str], object]  # (text, head, tail) -> message for "1,250"


def parse_money(text: str | None, currency: str, locale: str = "id") -> Money:
    """The amount ``text`` stands for in ``currency``; raises :class:`MoneyInputError`."""
    return parse_amount(text, currency, locale).money


def parse_amount(text: str | None, currency: str, locale: str = "id") -> ParsedAmount:
    """Like :func:`parse_money`, also telling whether decimals were rounded away."""
    cleaned = _strip(text or "", currency)
    if not cleaned:
        raise MoneyInputError(_l("Enter an amount."))
    if cleaned.startswith("-"):
        raise MoneyInputError(_l("The amount cannot be negative."))
    if len(re.sub(r"\D", "", cleaned)) > 20:
        raise MoneyInputError(_l("That amount is too large; check the number of zeros."))
    major = _to_decimal(cleaned, locale, _money_rules(currency, locale))
    exponent = EXPONENTS[currency]
    minor_exact = major * (10**exponent)
    minor = minor_exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if minor > MAX_AMOUNT:
        raise MoneyInputError(_l("That amount is too large; check the number of zeros."))
    return ParsedAmount(Money(int(minor), currency), rounded=minor != minor_exact)


def parse_number(text: str | None, locale: str = "id", *, places: int = 6) -> Decimal:
    """A positive number typed like an amount (``16.500``, ``104,25``), for exchange rates.

    A rupiah sign is allowed (a rate is rupiah for one unit); a lone ``16.500`` is grouping only
    in Indonesian, so in English it is refused as ambiguous rather than read as 16.5.
    """
    cleaned = _strip(text or "", "IDR")
    if not cleaned:
        raise MoneyInputError(_l("Enter a number."))
    if cleaned.startswith("-"):
        raise MoneyInputError(_l("The number cannot be negative."))
    if len(re.sub(r"\D", "", cleaned)) > 24:
        raise MoneyInputError(_l("That number is too large; check the number of zeros."))
    return _to_decimal(cleaned, locale, _number_rules(locale, places))


def _money_rules(currency: str, locale: str) -> _Rules:
    whole_units = EXPONENTS[currency] == 0
    if whole_units:
        example = _l("Enter an amount such as 520.000 or 520000.")
    else:
        example = _l("Enter an amount such as 1.250,50 or 1250.50.")

    def ambiguous(text, head, tail):
        return _l(
            "“%(text)s” could mean %(whole)s or %(fraction)s. Type the amount without a "
            "separator (%(plain)s) or with two decimals.",
            text=text,
            whole=Money.from_decimal(head + tail, currency).format(locale),
            fraction=Money.from_decimal(f"{head}.{tail}", currency).format(locale),
            plain=head + tail,
        )

    return _Rules(2, whole_units, example, ambiguous)


def _number_rules(locale: str, places: int) -> _Rules:
    def ambiguous(text, head, tail):
        return _l(
            "“%(text)s” could mean %(whole)s or %(fraction)s. Type the number without a "
            "thousands separator (%(plain)s).",
            text=text,
            whole=format_decimal(Decimal(head + tail), locale=locale),
            fraction=format_decimal(Decimal(f"{head}.{tail}"), locale=locale),
            plain=head + tail,
        )

    return _Rules(places, False, _l("Enter a number such as 16500 or 104.25."), ambiguous)


def _strip(text: str, currency: str) -> str:
    value = _NO_CENTS.sub("", text.strip()).strip()
    for _ in range(2):  # a sign before and a code after ("Rp 520.000 IDR")
        for pattern in (_PREFIX, _SUFFIX):
            match = pattern.search(value)
            if match:
                _check_sign(match.group(1), currency)
                value = _NO_CENTS.sub("", value[: match.start()] + value[match.end() :]).strip()
    return _SPACES.sub(" ", value).strip()


def _check_sign(sign: str, currency: str) -> None:
    if currency not in _SIGNS[sign.lower()]:
        raise MoneyInputError(
            _l(
                "“%(sign)s” is not the currency of this amount (%(currency)s). Choose the "
                "currency you mean, or type the amount without a currency sign.",
                sign=sign,
                currency=currency,
            )
        )


def _to_decimal(text: str, locale: str, rules: _Rules) -> Decimal:
    if not re.fullmatch(r"[\d., ]+", text) or not re.search(r"\d", text):
        raise MoneyInputError(rules.example)
    if " " in text:
        # Spaces group thousands ("1 250 000"); a decimal part may follow after . or ,
        head, sep, tail = _split_last_separator(text)
        whole = _join_groups(head.split(" "), rules)
        return _with_fraction(whole, tail, rules) if sep else Decimal(whole)
    separators = set(re.findall(r"[.,]", text))
    if len(separators) == 2:
        decimal_mark = text[max(text.rfind("."), text.rfind(","))]
        grouping = "," if decimal_mark == "." else "."
        head, _, tail = text.rpartition(decimal_mark)
        if grouping in tail or decimal_mark in head:
            raise MoneyInputError(rules.example)
        return _with_fraction(_join_groups(head.split(grouping), rules), tail, rules)
    if not separators:
        return Decimal(text)
    mark = separators.pop()
    parts = text.split(mark)
    if len(parts) > 2:
        return Decimal(_join_groups(parts, rules))
    head, tail = parts
    if head in ("", "0") or len(tail) != 3:
        # "0.500" and ".5" cannot be thousands; "12,5" and "12.50" are decimals.
        return _with_fraction(head or "0", tail, rules)
    if rules.whole_units or _GROUPING.get(locale) == mark:
        return Decimal(_join_groups(parts, rules))
    raise MoneyInputError(rules.ambiguous(text, head, tail))


def _split_last_separator(text: str) -> tuple[str, str, str]:
    position = max(text.rfind("."), text.rfind(","))
    if position == -1:
        return text, "", ""
    return text[:position], text[position], text[position + 1 :]


def _join_groups(parts: list[str], rules: _Rules) -> str:
    """'1', '250', '000' -> '1250000'; refuses groups that are not three digits."""
    first, rest = parts[0], parts[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or not all(
        len(p) == 3 and p.isdigit() for p in rest
    ):
        raise MoneyInputError(rules.example)
    return "".join(parts)


def _with_fraction(whole: str, fraction: str, rules: _Rules) -> Decimal:
    whole = whole.replace(" ", "")
    # Zeros beyond the allowed decimals change nothing ("0.500" dollars); other digits would.
    significant = fraction[: rules.places] + fraction[rules.places :].rstrip("0")
    if not whole.isdigit() or not fraction.isdigit() or len(significant) > rules.places:
        raise MoneyInputError(rules.example)
    return Decimal(f"{whole}.{fraction}")
