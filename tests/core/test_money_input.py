"""Amounts typed the way people type them mean the same thing in every price field."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectField

from trading_house.core.forms import MoneyField
from trading_house.core.money import Money
from trading_house.core.money_input import MoneyInputError, parse_amount, parse_money

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
