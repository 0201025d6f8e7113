"""Legal identity and contact details: normalise what people type, or say clearly why not.

The same functions back the profile form, the services and any JSON API, so a value is
judged the same way everywhere. Each raises ``InvalidValue`` with a translated message.
"""

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from trading_house.core import phones
from trading_house.core.errors import DomainError
from trading_house.enterprises.models import LEGAL_FORMS
from trading_house.enterprises.regions import REGENCIES

LEGAL_FORM_LABELS = {
    "koperasi": _l("Cooperative (Koperasi)"),
    "pt": _l("Limited company (PT)"),
    "cv": _l("Limited partnership (CV)"),
    "ud": _l("Trading business (UD)"),
    "perorangan": _l("Sole proprietor (Perorangan)"),
}
#: Separators people type inside numbers: spaces, dots, dashes, slashes.
_SEPARATORS = re.compile(r"[\s.\-/]+")


class InvalidValue(DomainError):
    """A single field's value is not acceptable; ``message`` says why."""


def normalize_nib(value: str | None) -> str | None:
    """NIB (Nomor Induk Berusaha): exactly 13 digits; blank means not given."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return None
    if not text.isdigit() or not text.isascii():
        raise InvalidValue(_l("The NIB may contain digits only."), field="nib")
    if len(text) != 13:
        raise InvalidValue(
            _l("The NIB has exactly 13 digits (you typed %(count)s).", count=len(text)),
            field="nib",
        )
    return text


def normalize_npwp(value: str | None) -> str | None:
    """NPWP: 15 digits (old format, often typed as 01.234.567.8-901.000) or 16 digits."""
    text = _SEPARATORS.sub("", value or "")
    if not text:
        return None
    if not text.isdigit() or not text.isascii():
        raise InvalidValue(_l("The NPWP may contain digits, dots and dashes only."), field="npwp")
    if len(text) not in (15, 16):
        raise InvalidValue(
            _l("The NPWP has 15 or 16 digits (you typed %(count)s).", count=len(text)),
            field="npwp",
        )
    return text


def indonesian_phone(value: str | None) -> str | None:
    """An Indonesian phone number in E.164 (``core/phones``): 0812-3456-7890, +62 411 123456,
    (0411) 85… all become +62…; a foreign number is refused (the business is in Sulawesi)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        e164 = phones.normalize_phone(text, "ID")
    except phones.PhoneError as exc:
        raise InvalidValue(exc.message, field="phone") from None
    if not e164.startswith("+62"):
        raise InvalidValue(
            _l("Enter an Indonesian number starting with 0, 62 or +62, e.g. 0812-3456-7890."),
            field="phone",
        )
    return e164


def checked_email(value: str | None, *, field: str = "email") -> str | None:
    """An e-mail address, lower-cased; the domain is not looked up (no network)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidValue(_l("Enter a valid e-mail address."), field=field) from None
    return result.normalized.lower()


def check_legal_form(value: str | None) -> str:
    if value not in LEGAL_FORMS:
        raise InvalidValue(_l("Choose a legal form from the list."), field="legal_form")
    return value


def check_regency(value: str | None) -> str:
    if value not in REGENCIES:
        raise InvalidValue(
            _l("Choose one of South Sulawesi's regencies or cities."), field="regency_code"
        )
    return value


def legal_form_label(value: str | None) -> str:
    return str(LEGAL_FORM_LABELS.get(value or "", value or ""))
