"""Money as integer minor units with an ISO 4217 code. Never a float."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

#: Digits after the decimal point that we use for each currency. IDR is priced in whole rupiah
#: in practice (sen are not used), so we keep it at 0 like JPY; Stripe conversion is separate.
EXPONENTS = {
    "IDR": 0,
    "USD": 2,
    "EUR": 2,
    "SGD": 2,
    "MYR": 2,
    "JPY": 0,
    "CNY": 2,
    "AUD": 2,
    "SAR": 2,
}
#: Stripe's own exponent where it differs from ours (Stripe counts IDR in hundredths).
STRIPE_EXPONENTS = {**EXPONENTS, "IDR": 2}
MAX_AMOUNT = 10**15
_CODE_THEN_DIGIT = re.compile(r"^(-?[A-Z]{3})(\d)")


class MoneyError(ValueError):
    pass


@lru_cache(maxsize=8192)
def _formatted(value: "Money", locale: str) -> str:
    """``value`` as ``Money.format`` prints it, remembered: the same prices recur on every page,
    and Babel parses the locale and the pattern and names the currency each time (most of
    the cost of an API page, which formats some 150 prices)."""
    parsed, pattern = _currency_pattern(locale, value.currency)
    text = pattern.apply(
        value.to_decimal(),
        parsed,
        currency=value.currency,
        currency_digits=True,
        decimal_quantization=True,
        group_separator=True,
        numbering_system="latn",
    )
    # CLDR puts a space between a currency *code* and the digits ("IDR 85,000", "SAR 10.00");
    # Babel does not apply that spacing rule, so we do.
    return _CODE_THEN_DIGIT.sub("\\1\u00a0\\2", text)


@lru_cache(maxsize=64)
def _currency_pattern(locale: str, currency: str) -> tuple[Locale, NumberPattern]:
    """The parsed locale and the currency pattern ``format_currency`` would use."""
    parsed = Locale.parse(locale)
    if EXPONENTS[currency] == 0:
        return parsed, parse_pattern("¤#,##0")
    return parsed, parsed.currency_formats["standard"]


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units
    currency: str

    def __post_init__(self):
        if self.currency not in EXPONENTS:
            raise MoneyError(f"unknown currency {self.currency!r}")
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise MoneyError("amount must be an integer number of minor units")

    @classmethod
    def from_decimal(cls, value, currency: str) -> "Money":
        """Parse a major-unit value ('12.50', Decimal) into minor units, rounding half up."""
        try:
            major = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError) as exc:
            raise MoneyError("not a number") from exc
        if not major.is_finite():
            raise MoneyError("not a number")
        exponent = EXPONENTS.get(currency)
        if exponent is None:
            raise MoneyError(f"unknown currency {currency!r}")
        minor = (major * (10**exponent)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(minor), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount) / (10 ** EXPONENTS[self.currency])

    def __add__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> "Money":
        if not isinstance(quantity, int):
            raise MoneyError("multiply money by whole quantities only")
        return Money(self.amount * quantity, self.currency)

    def percent(self, basis_points: int) -> "Money":
        """``basis_points`` / 10,000 of this amount, rounded half up to the minor unit."""
        value = (Decimal(self.amount) * basis_points / 10000).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return Money(int(value), self.currency)

    def _same(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} and {other.currency}")

    def format(self, locale: str = "id") -> str:
        """Babel's ``format_currency`` (whole units for a currency without minor units) with a
        space after a currency code; see :func:`_formatted`."""
        return _formatted(self, locale)

    def stripe_amount(self) -> int:
        return self.amount * 10 ** (STRIPE_EXPONENTS[self.currency] - EXPONENTS[self.currency])

    def __str__(self) -> str:
        return self.format("en")


def convert_idr(amount_idr: int, currency: str, idr_per_unit_micro: int | None) -> Money:
    """Convert whole rupiah to ``currency`` at a rate of IDR-per-major-unit × 1e6."""
    if currency == "IDR":
        return Money(amount_idr, "IDR")
    if not idr_per_unit_micro:
        raise MoneyError(f"no exchange rate for {currency}")
    minor = (
        Decimal(amount_idr) * (10 ** EXPONENTS[currency]) * 1_000_000 / Decimal(idr_per_unit_micro)
    ).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(int(minor), currency)


def convert_line(
    unit_price_idr: int, quantity: int, currency: str, idr_per_unit_micro: int | None
) -> tuple[Money, Money]:
    """The one rounding rule for a line priced in rupiah and sold in ``currency``: convert the
    *unit* price (half up, to the currency's minor unit), then multiply by the quantity.

    Returns ``(unit, line total)``. Converting the line total instead gives another amount
    (€1,513.58 against €1,513.40), and the cart, the checkout, the order and its invoice would
    disagree; so every place that shows or stores a converted line calls this.
    """
    unit = convert_idr(unit_price_idr, currency, idr_per_unit_micro)
    return unit, unit * quantity


def to_idr(value: Money, idr_per_unit_micro: int | None) -> int:
    """Whole rupiah for ``value`` at a rate of IDR-per-major-unit × 1e6 (half up)."""
    if value.currency == "IDR":
        return value.amount
    if not idr_per_unit_micro:
        raise MoneyError(f"no exchange rate for {value.currency}")
    idr = value.to_decimal() * idr_per_unit_micro / 1_000_000
    return int(idr.quantize(Decimal(1), rounding=ROUND_HALF_UP))
