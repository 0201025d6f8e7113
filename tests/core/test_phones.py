"""Phone numbers as people type them in South Sulawesi and abroad."""

from urllib.parse import parse_qs, urlsplit

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectField

from trading_house.core.forms import PhoneField
from trading_house.core.phones import (
    PhoneError,
    format_for_input,
    format_national,
    is_e164,
    normalize_mobile,
    normalize_phone,
    stored_form,
    whatsapp_chat_url,
    whatsapp_share_url,
)


@pytest.mark.parametrize(
    "typed, region, stored",
    [
        ("0812-3456-7890", "ID", "+6281234567890"),
        ("0812 3456 7890", "ID", "+6281234567890"),
        ("+62 812 3456 7890", "ID", "+6281234567890"),
        ("0062 812 3456 7890", "ID", "+6281234567890"),
        ("6281234567890", "ID", "+6281234567890"),
        ("(0411) 852 123", "ID", "+62411852123"),  # a Makassar landline is a phone
        ("+81 90-1234-5678", "ID", "+819012345678"),
        ("090-1234-5678", "JP", "+819012345678"),  # a Japanese buyer types it locally
    ],
)
def test_numbers_are_stored_in_e164(typed, region, stored):
    assert normalize_phone(typed, region) == stored


@pytest.mark.parametrize("typed", ["", "hello", "0812", "+62 000 0000"])
def test_unusable_numbers_are_refused_with_a_message(typed):
    with pytest.raises(PhoneError) as error:
        normalize_phone(typed)
    assert str(error.value)


def test_whatsapp_needs_a_mobile_not_a_landline():
    assert normalize_mobile("0812-3456-7890") == "+6281234567890"
    with pytest.raises(PhoneError, match="mobile"):
        normalize_mobile("(0411) 852 123")


def test_numbers_are_shown_the_way_their_country_writes_them():
    assert format_national("+6281234567890") == "0812-3456-7890"
    assert format_national("+819012345678") == "+81 90-1234-5678"
    assert format_national(None) == ""


def test_letters_are_refused_not_read_as_a_keypad():
    """phonenumbers reads 0812-ABCD as 0812-2223; a person who typed letters made a mistake."""
    with pytest.raises(PhoneError, match="digits only"):
        normalize_phone("0812-ABCD-7890")


def test_an_unknown_country_falls_back_to_indonesia():
    assert normalize_phone("0812-3456-7890", None) == "+6281234567890"
    assert normalize_phone("0812-3456-7890", "zz") == "+6281234567890"
    assert normalize_phone("9123 4567", "sg") == "+6591234567"


def test_stored_form_keeps_unreadable_values_for_their_owner():
    assert is_e164("+6281234567890")
    assert not is_e164("+62 812 3456 7890")
    assert not is_e164("0812-3456-7890")
    assert stored_form("+62 811 4000 123", "ID") == "+628114000123"
    assert stored_form("6123 4567", "SG") == "+6561234567"
    assert stored_form("ask Pak Budi", "ID") is None
    assert stored_form("", "ID") is None


def test_a_stored_number_is_typed_back_the_way_its_owner_knows_it():
    assert format_for_input("+6281234567890", "ID") == "0812-3456-7890"
    assert format_for_input("+6591234567", "SG") == "9123 4567"
    assert format_for_input("+6591234567", "ID") == "+65 9123 4567"
    assert format_for_input("ask Pak Budi") == "ask Pak Budi"  # an old value, shown to be fixed
    assert format_national("ask Pak Budi") == "ask Pak Budi"


def test_share_link_keeps_every_character_inside_the_text():
    """&, #, ?, / and line breaks in a title or link must not end the ``text`` parameter."""
    url = whatsapp_share_url("Kopi & Teh #1?\nhttps://rumahdagang.id/p/kopi?x=1")
    assert url.startswith("https://wa.me/?text=")
    encoded = url.removeprefix("https://wa.me/?text=")
    assert "&" not in encoded and "#" not in encoded and "/" not in encoded and "?" not in encoded
    assert parse_qs(urlsplit(url).query)["text"] == [
        "Kopi & Teh #1?\nhttps://rumahdagang.id/p/kopi?x=1"
    ]


def test_chat_link_goes_to_the_number_without_the_plus():
    assert whatsapp_chat_url("+628114000123") == "https://wa.me/628114000123"
    assert whatsapp_chat_url("+628114000123", "Halo & salam") == (
        "https://wa.me/628114000123?text=Halo%20%26%20salam"
    )


class _ContactForm(FlaskForm):
    class Meta:
        csrf = False

    phone = PhoneField("Phone", region_field="country")
    country = SelectField(choices=[SelectChoice("ID", "ID"), SelectChoice("SG", "SG")])
    office = PhoneField("Office", region="ID")


def test_phone_field_reads_the_number_with_the_country_of_its_form(app):
    with app.test_request_context("/?lang=en"):
        form = _ContactForm(MultiDict({"phone": "9123 4567", "country": "SG", "office": ""}))
        assert form.validate(), form.errors
        assert form.phone.data == "+6591234567"
        assert form.office.data is None
        form = _ContactForm(MultiDict({"phone": "0812-3456-7890", "country": "ID"}))
        assert form.validate(), form.errors
        assert form.phone.data == "+6281234567890"


def test_phone_field_explains_a_bad_number_and_keeps_what_was_typed(app):
    with app.test_request_context("/?lang=en"):
        form = _ContactForm(MultiDict({"phone": "0812", "country": "ID", "office": "x" * 50}))
        assert not form.validate()
        assert form.errors["phone"] == ["This is not a valid phone number. Check the digits."]
        assert form.errors["office"] == ["Enter a phone number, e.g. 0812-3456-7890."]
        assert 'value="0812"' in str(form.phone())
        assert 'type="tel"' in str(form.phone()) and 'inputmode="tel"' in str(form.phone())
    with app.test_request_context("/?lang=id"):
        form = _ContactForm(MultiDict({"phone": "0812", "country": "ID"}))
        assert not form.validate()
        assert form.errors["phone"] == ["Nomor telepon ini tidak valid. Periksa angkanya."]


def test_phone_field_shows_a_stored_number_in_national_format(app):
    with app.test_request_context("/?lang=en"):
        form = _ContactForm(
            data={"phone": "+6591234567", "country": "SG", "office": "+62411852123"}
        )
        assert form.phone._value() == "9123 4567"
        assert form.office._value() == "(0411) 852123"


def _app_with_number(app, number):
    from config import TestingConfig
    from trading_house import create_app

    attrs = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH")}
    return create_app(type("C", (TestingConfig,), {**attrs, "TRADING_HOUSE_WHATSAPP": number}))


def test_the_trading_house_whatsapp_number_is_read_once_at_start(app):
    assert _app_with_number(app, "0811-4000-123").config["TRADING_HOUSE_WHATSAPP"] == (
        "+628114000123"
    )
    assert _app_with_number(app, "  ").config["TRADING_HOUSE_WHATSAPP"] is None
    for wrong in ("(0411) 852 123", "not a number"):  # a landline cannot chat on WhatsApp
        with pytest.raises(RuntimeError, match="TRADING_HOUSE_WHATSAPP"):
            _app_with_number(app, wrong)
