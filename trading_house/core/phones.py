"""Phone numbers: parsed with ``phonenumbers``, stored in E.164, shown in national format.

Indonesian local forms are understood: ``0812-3456-7890``, ``62812…``, ``+62 812…`` and
``0062 812…`` all become ``+6281234567890``. Foreign numbers need their ``+`` country code
(or the person's own country as ``region``).
"""

from __future__ import annotations

from urllib.parse import quote

import phonenumbers
from flask_babel import lazy_gettext as _l
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType


class PhoneError(ValueError):
    """A number that cannot be used; ``message`` is translated and fit to show beside the field."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _region(region: str | None) -> str:
    """The person's country as a parsing region; Indonesia when unknown."""
    code = (region or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else "ID"


def _parse_number(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    region = _region(region)
    cleaned = (text or "").strip()
    if any(char.isalpha() for char in cleaned):  # phonenumbers would read 0812-ABCD as 0812-2223
        raise PhoneError(_l("A phone number may contain digits only."))
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


def normalize_phone(text: str, region: str | None = "ID") -> str:
    """The E.164 form of ``text`` (``+6281234567890``); raises :class:`PhoneError`."""
    return phonenumbers.format_number(_parse_number(text, region), PhoneNumberFormat.E164)


def normalize_mobile(text: str, region: str | None = "ID") -> str:
    """Like :func:`normalize_phone`, but a landline is refused (WhatsApp needs a mobile)."""
    number = _parse_number(text, region)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PhoneError(_l("Enter a mobile number: WhatsApp does not work on a landline."))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return False
    return phonenumbers.number_type(number) in _MOBILE_TYPES


def is_e164(value: str | None) -> bool:
    """True for a valid number already in its stored form (``+6281234567890``)."""
    if not value or not value.startswith("+"):
        return False
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and (
        phonenumbers.format_number(number, PhoneNumberFormat.E164) == value
    )


def stored_form(value: str | None, region: str | None = "ID") -> str | None:
    """What to store for an old free-text value: its E.164 form, or None when it cannot be read
    (the caller keeps the old text for its owner to fix; nothing is thrown away)."""
    if not value or not value.strip():
        return None
    try:
        return normalize_phone(value, region)
    except PhoneError:
        return None


def format_national(e164: str | None) -> str:
    """``+6281234567890`` → ``0812-3456-7890``; foreign numbers in international format.

    A value that is not a number (an old free-text entry not yet fixed) is shown as it is.
    """
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    if number.country_code == 62:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def format_for_input(value: str | None, region: str | None = "ID") -> str:
    """A stored number as the person would type it back: national format for a number of their
    own country (``0812-3456-7890``), international (``+81 90-1234-5678``) for any other."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    if phonenumbers.region_code_for_number(number) == _region(region):
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def wa_me_digits(e164: str) -> str:
    """The digits ``wa.me`` links use: ``+6281234567890`` → ``6281234567890``."""
    return e164.lstrip("+")


def whatsapp_share_url(text: str) -> str:
    """``https://wa.me/?text=…``: WhatsApp opens with ``text`` ready to send to a chosen contact.

    Everything is percent-encoded (``safe=""``), so ``&``, ``#``, ``/`` and line breaks in a
    title or link stay inside the text instead of ending it.
    """
    return "https://wa.me/?text=" + quote(text, safe="")


def whatsapp_chat_url(e164: str, text: str | None = None) -> str:
    """``https://wa.me/62811…``: a chat with that number, optionally with a first message."""
    url = "https://wa.me/" + wa_me_digits(e164)
    return url + ("?text=" + quote(text, safe="") if text else "")
