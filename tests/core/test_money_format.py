"""``Money.format`` parses Babel's locale and pattern once per process (issue #18: an API page
formats some 150 prices); what it prints is Babel's ``format_currency``, with a space after a
currency code."""

import re
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from trading_house.core.money import EXPONENTS, Money


def babel(amount: int, currency: str, locale: str) -> str:
    digits = EXPONENTS[currency]
    text = format_currency(
        Decimal(amount).scaleb(-digits),
        currency,
        format="¤#,##0" if digits == 0 else None,
        locale=locale,
        currency_digits=True,
    )
    return re.sub(r"^(-?[A-Z]{3})(\d)", "\\1\u00a0\\2", text)


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize("currency", sorted(EXPONENTS))
def test_money_prints_what_babel_prints(locale, currency):
    for amount in (0, 5, 531, 85_000, 1_250_000_50, 123_456_789, -4_200):
        assert Money(amount, currency).format(locale) == babel(amount, currency, locale)


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "shown"),
    [
        (85_000, "IDR", "id", "Rp85.000"),
        (85_000, "IDR", "en", "IDR\u00a085,000"),
        (1_250, "EUR", "id", "€12,50"),
        (1_250, "EUR", "en", "€12.50"),
        (4_500, "JPY", "en", "¥4,500"),
        (1_000, "SAR", "en", "SAR\u00a010.00"),
    ],
)
def test_prices_as_buyers_read_them(amount, currency, locale, shown):
    assert Money(amount, currency).format(locale) == shown
