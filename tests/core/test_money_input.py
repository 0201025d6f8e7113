"""Amounts typed the way people type them mean the same thing in every price field."""

from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectField

from trading_house.core.forms import MoneyField
from trading_house.core.money import Money
from trading_house.core.money_input import (
    MoneyInputError,
    parse_amount,
    parse_money,
    parse_number,
)

ACCEPTED = [
    # text, currency, locale, minor units
    ("520.000", "IDR", "id", 520_000),
    ("520.000", "IDR", "en", 520_000),
    ("520000", "IDR", "id", 520_000),
    ("Rp 520.000", "IDR", "id", 520_000),
    ("Rp. 650.000", "IDR", "id", 650_000),
    ("IDR 650.000", "IDR", "en", 650_000),
    ("650.000 IDR", "IDR", "en", 650_000),
    ("Rp\u00a01.250.000", "IDR", "id", 1_250_000),
    ("1.250.000,50", "IDR", "id", 1_250_001),  # whole rupiah, rounded half up
    ("520.000,49", "IDR", "id", 520_000),
    ("520,000.50", "IDR", "en", 520_001),
    ("1,250,000", "IDR", "en", 1_250_000),
    ("1 250 000", "IDR", "id", 1_250_000),
    ("1,250", "IDR", "id", 1_250),  # a whole-unit currency has no decimals to mean
    ("¥3,372", "JPY", "en", 3_372),
    ("3.372", "JPY", "id", 3_372),
    ("12,5", "EUR", "id", 1_250),
    ("12.50", "EUR", "en", 1_250),
    ("€ 9,94", "EUR", "id", 994),
    ("1.250,50", "EUR", "id", 125_050),
    ("1,250.50", "EUR", "en", 125_050),
    ("1.250", "EUR", "id", 125_000),  # the Indonesian grouping mark
    ("1,250", "EUR", "en", 125_000),  # the English grouping mark
    ("US$ 0,5", "USD", "id", 50),
    (".5", "USD", "en", 50),
    ("1 250,50", "EUR", "id", 125_050),
    ("Rp 520.000,-", "IDR", "id", 520_000),  # the Indonesian "no cents" tail
    ("Rp520.000,--", "IDR", "id", 520_000),
    ("520.000 rupiah", "IDR", "id", 520_000),
    ("0,500", "EUR", "id", 50),  # a lone 0 cannot group thousands
    ("0.500", "USD", "en", 50),
    ("$12.50", "SGD", "en", 1_250),  # "$" is shared by USD, SGD and AUD
    ("¥3,372", "CNY", "en", 337_200),
    ("12,50 €", "EUR", "id", 1_250),
    ("１２５０", "IDR", "id", 1_250),  # full-width digits from some phone keyboards
]

REFUSED = [
    ("", "IDR", "id", "Enter an amount."),
    ("   ", "IDR", "id", "Enter an amount."),
    ("abc", "IDR", "id", "520.000"),
    ("-5", "IDR", "id", "cannot be negative"),
    ("-520.000", "IDR", "id", "cannot be negative"),
    ("1.2.3", "IDR", "id", "520.000"),
    ("1,25,000", "IDR", "en", "520.000"),
    ("1e5", "IDR", "id", "520.000"),
    ("12.34.56,7", "EUR", "id", "1.250,50"),
    ("1,250.000,5", "EUR", "id", "1.250,50"),
    ("1,250", "EUR", "id", "could mean"),  # 1250 or 1.25 euro: ask
    ("1.250", "EUR", "en", "could mean"),
    ("5,1234", "EUR", "id", "1.250,50"),
    ("9" * 30, "IDR", "id", "too large"),
    ("12.500", "USD", "en", "could mean"),  # 12500 or 12.5 dollars: ask
    ("Rp 520.000", "USD", "id", "is not the currency"),  # typed rupiah in a dollar price
    ("520.000 IDR", "EUR", "id", "is not the currency"),
    ("US$ 12", "IDR", "en", "is not the currency"),
    ("¥3,372", "IDR", "en", "is not the currency"),
    ("£12", "EUR", "en", "is not the currency"),  # we do not price in pounds
    ("520rb", "IDR", "id", "520.000"),  # shorthand is refused, not guessed
    ("0,5005", "EUR", "id", "1.250,50"),
    ("+520.000", "IDR", "id", "520.000"),
]


@pytest.mark.parametrize(("text", "currency", "locale", "minor"), ACCEPTED)
def test_accepted_amounts(app, text, currency, locale, minor):
    with app.test_request_context():
        assert parse_money(text, currency, locale) == Money(minor, currency)


@pytest.mark.parametrize(("text", "currency", "locale", "says"), REFUSED)
def test_refused_amounts_say_why(app, text, currency, locale, says):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(MoneyInputError) as refused:
            parse_money(text, currency, locale)
        assert says in str(refused.value.message)


def test_ambiguous_amount_names_both_readings(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(MoneyInputError) as refused:
            parse_money("1,250", "EUR", "id")
    message = str(refused.value.message)
    assert "€1.250,00" in message and "€1,25" in message  # in the language it was typed in


NUMBERS = [
    # text, locale, value (exchange rates: rupiah for one unit)
    ("16500", "id", "16500"),
    ("16.500", "id", "16500"),
    ("16.500,50", "id", "16500.50"),
    ("12.345,67", "id", "12345.67"),
    ("12,345.67", "en", "12345.67"),
    ("104,25", "id", "104.25"),
    ("104.25", "en", "104.25"),
    ("Rp 16.500", "id", "16500"),
    ("0,000125", "id", "0.000125"),
]


@pytest.mark.parametrize(("text", "locale", "value"), NUMBERS)
def test_numbers_are_read_like_amounts(app, text, locale, value):
    with app.test_request_context():
        assert parse_number(text, locale) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "locale", "says"),
    [
        ("16.500", "en", "could mean 16,500 or 16.5"),  # never read silently as 16.5
        ("16,500", "id", "could mean 16.500 or 16,5"),
        ("1.2.3", "id", "16500"),
        ("0,0000001", "id", "16500"),
        ("-16500", "id", "cannot be negative"),
        ("US$ 1", "en", "is not the currency"),
        ("", "en", "Enter a number."),
    ],
)
def test_numbers_that_are_not_clear_are_refused(app, text, locale, says):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(MoneyInputError) as refused:
            parse_number(text, locale)
        assert says in str(refused.value.message)


def test_rounding_is_reported(app):
    with app.test_request_context():
        assert parse_amount("520.000,50", "IDR", "id").rounded
        assert not parse_amount("520.000", "IDR", "id").rounded


class _QuoteForm(FlaskForm):
    class Meta:
        csrf = False

    price = MoneyField("Price", currency_field="currency")
    currency = SelectField(choices=[SelectChoice("IDR", "IDR"), SelectChoice("EUR", "EUR")])
    fixed = MoneyField("Fixed", currency="IDR")


def test_money_field_reads_the_currency_of_its_form(app):
    with app.test_request_context("/?lang=id"):
        form = _QuoteForm(MultiDict({"price": "1.250,50", "currency": "EUR", "fixed": "520.000"}))
        assert form.validate(), form.errors
        assert form.price.money == Money(125_050, "EUR")
        assert form.fixed.data == 520_000


def test_money_field_keeps_what_was_typed_on_error(app):
    with app.test_request_context("/?lang=en"):
        form = _QuoteForm(MultiDict({"price": "12x", "currency": "IDR", "fixed": "0"}))
        assert not form.validate()
        assert 'value="12x"' in str(form.price())
        assert form.errors["fixed"] == ["Enter an amount above zero."]


def test_money_field_shows_stored_amount_the_local_way(app):
    with app.test_request_context("/?lang=id"):
        form = _QuoteForm(data={"price": 125_050, "currency": "EUR", "fixed": 650_000})
        assert form.price._value() == "1.250,50"
        assert form.fixed._value() == "650.000"
    with app.test_request_context("/?lang=en"):
        form = _QuoteForm(data={"price": 125_050, "currency": "EUR", "fixed": 650_000})
        assert form.price._value() == "1,250.50"
