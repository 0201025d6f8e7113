"""Phone numbers as people type them in South Sulawesi and abroad."""

import pytest

from trading_house.core.phones import (
    PhoneError,
    format_national,
    normalize_mobile,
    normalize_phone,
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
