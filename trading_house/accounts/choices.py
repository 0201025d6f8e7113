"""Choice lists for account forms: countries, languages, currencies and time zones."""

from babel import Locale
from babel.dates import get_timezone_location
from flask import current_app
from flask_babel import lazy_gettext as _l

from trading_house.accounts.models import BUYER_TYPES
from trading_house.core.countries import is_country  # noqa: F401 - used by forms and services
from trading_house.core.i18n import current_locale

#: Language names are written in their own language, so everybody finds theirs.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
BUYER_TYPE_LABELS = {
    "retail": _l("Retail (for myself or as a gift)"),
    "wholesale": _l("Wholesale (for resale in Indonesia)"),
    "importer": _l("Importer (for resale abroad)"),
}
ACCOUNT_TYPE_LABELS = {
    "buyer": _l("I want to buy"),
    "sme": _l("I make and sell products (SME or cooperative)"),
}
#: Time zones our users live in, Indonesia's three first.
TIME_ZONES = (
    "Asia/Makassar",
    "Asia/Jakarta",
    "Asia/Jayapura",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Manila",
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Asia/Hong_Kong",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/London",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "UTC",
)


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


def currency_choices() -> list[tuple[str, str]]:
    locale = Locale.parse(current_locale())
    return [
        (code, f"{code} — {locale.currencies.get(code, code)}")
        for code in current_app.config["CURRENCIES"]
    ]


def timezone_choices() -> list[tuple[str, str]]:
    locale = current_locale()
    choices = []
    for zone in TIME_ZONES:
        label = zone if zone == "UTC" else get_timezone_location(zone, locale=locale)
        choices.append((zone, f"{label} ({zone})" if zone != "UTC" else "UTC"))
    return choices


def buyer_type_choices() -> list[tuple[str, str]]:
    return [(value, str(BUYER_TYPE_LABELS[value])) for value in BUYER_TYPES]
