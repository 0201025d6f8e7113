"""Phone numbers: parsed with ``phonenumbers``, stored in E.164, shown in national format.

Indonesian local forms are understood: ``0812-3456-7890``, ``62812…``, ``+62 812…`` and
``0062 812…`` all become ``+6281234567890``. Foreign numbers need their ``+`` country code
(or the person's own country as ``region``).
"""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType


class PhoneError(ValueError):
    """A number that cannot be used; ``message`` is translated and fit to show beside the field."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber:
    cleaned = (text or "").strip()
    if cleaned.startswith("00"):  # international prefix as dialled from Indonesia: 0062…
        cleaned = "+" + cleaned[2:]
    elif cleaned.startswith("62") and region == "ID" and len(cleaned) >= 10:
        cleaned = "+" + cleaned  # 62812… typed without the plus
    try:
        number = phonenumbers.parse(cleaned, region)
    except NumberParseException as exc:
        raise PhoneError(_l("Enter a phone number, e.g. 0812-3456-7890.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(_l("This is not a valid phone number. Check the digits."))
    return number


def normalize_phone(text: str, region: str = "ID") -> str:
    """The E.164 form of ``text`` (``+6281234567890``); raises :class:`PhoneError`."""
    return phonenumbers.format_number(_parse(text, region), PhoneNumberFormat.E164)


def normalize_mobile(text: str, region: str = "ID") -> str:
    """Like :func:`normalize_phone`, but a landline is refused (WhatsApp needs a mobile)."""
    number = _parse(text, region)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PhoneError(_l("Enter a mobile number: WhatsApp does not work on a landline."))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return False
    return phonenumbers.number_type(number) in _MOBILE_TYPES


def format_national(e164: str | None) -> str:
    """``+6281234567890`` → ``0812-3456-7890``; foreign numbers in international format."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    if number.country_code == 62:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def wa_me_digits(e164: str) -> str:
    """The digits ``wa.me`` links use: ``+6281234567890`` → ``6281234567890``."""
    return e164.lstrip("+")
