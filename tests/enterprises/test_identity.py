"""NIB, NPWP, phone and e-mail as people type them: normalised, or refused with a reason."""

import pytest

from trading_house.enterprises.identity import (
    InvalidValue,
    check_regency,
    checked_email,
    indonesian_phone,
    normalize_nib,
    normalize_npwp,
)


@pytest.mark.parametrize("typed", ["1234567890123", " 1234567890123 ", "1234 5678 90123"])
def test_nib_accepts_13_digits(typed):
    assert normalize_nib(typed) == "1234567890123"


@pytest.mark.parametrize(
    "typed", ["123456789012", "12345678901234", "12345678901a3", "١٢٣٤٥٦٧٨٩٠١٢٣"]
)
def test_nib_rejects_anything_else(ctx, typed):
    with pytest.raises(InvalidValue) as info:
        normalize_nib(typed)
    assert info.value.field == "nib"
    assert str(info.value.message)


def test_blank_optional_values_mean_not_given():
    assert normalize_nib("  ") is None
    assert normalize_npwp("") is None
    assert indonesian_phone(None) is None
    assert checked_email(" ") is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01.234.567.8-901.000", "012345678901000"),
        ("012345678901000", "012345678901000"),
        ("7371 0123 4567 8901", "7371012345678901"),
        ("7371-0123-4567-8901", "7371012345678901"),
    ],
)
def test_npwp_keeps_digits_of_15_or_16(typed, stored):
    assert normalize_npwp(typed) == stored


@pytest.mark.parametrize("typed", ["01.234.567.8-901", "12345678901234567", "01.234.567.8-901.00X"])
def test_npwp_rejects_wrong_length_or_letters(ctx, typed):
    with pytest.raises(InvalidValue) as info:
        normalize_npwp(typed)
    assert info.value.field == "npwp"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0411) 853 123", "+62411853123"),
        ("0423.21234", "+6242321234"),
    ],
)
def test_indonesian_phone_formats(typed, stored):
    assert indonesian_phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["+1 555 123 4567", "0812", "08123456789012345", "0812-ABCD-7890", "00812345678"]
)
def test_phone_rejects_non_indonesian_numbers(ctx, typed):
    with pytest.raises(InvalidValue) as info:
        indonesian_phone(typed)
    assert info.value.field == "phone"


def test_email_and_regency(ctx):
    assert checked_email("Info@Kopi-Toraja.CO.ID") == "info@kopi-toraja.co.id"
    with pytest.raises(InvalidValue):
        checked_email("not an address")
    assert check_regency("7326") == "7326"
    with pytest.raises(InvalidValue) as info:
        check_regency("3171")  # Jakarta is not in South Sulawesi
    assert info.value.field == "regency_code"
