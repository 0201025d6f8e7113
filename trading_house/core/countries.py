"""The one list of countries: ISO 3166-1 alpha-2 codes, named from Babel's CLDR data in the
visitor's language and sorted the way a reader of that language looks for them.

Every country select (registration, account settings, checkout, inquiries, buying requests) and
every check of a country code uses this module, so the lists agree and none offers a region.

CLDR knows 264 two-letter territory codes; 249 of them are the countries (and territories) that
ISO 3166-1 assigns. The other 15 are left out on purpose:

- groupings and non-countries: ``EU`` European Union, ``EZ`` Eurozone, ``UN`` United Nations,
  ``QO`` Outlying Oceania, ``ZZ`` Unknown Region;
- CLDR's test locales: ``XA`` Pseudo-Accents, ``XB`` Pseudo-Bidi;
- codes ISO reserves for other bodies rather than assigns (their places ship under an assigned
  code): ``AC`` Ascension (SH), ``CP`` Clipperton (FR), ``CQ`` Sark (GG), ``DG`` Diego Garcia
  (IO), ``EA`` Ceuta & Melilla (ES), ``IC`` Canary Islands (ES), ``TA`` Tristan da Cunha (SH);
- ``XK`` Kosovo: a user-assigned code, not part of ISO 3166-1. Couriers, Stripe and customs
  forms that need it accept it, so a trading house that ships there can add it to
  ``EXTRA_CODES``.

A stored code that is not on the list (an old account saved with ``EU``) still displays by its
CLDR name, and a select can keep it as an option (``keep=``) so the saved value is visible; the
services refuse it when the form is sent again (:func:`is_country`).
"""

import unicodedata
from functools import cache

from babel import Locale

from trading_house.core.i18n import current_locale

#: CLDR territory codes that are not ISO 3166-1 countries (see the module docstring).
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
#: Codes outside ISO 3166-1 that the trading house decides to offer anyway (none today).
EXTRA_CODES: frozenset[str] = frozenset()


@cache
def country_codes() -> frozenset[str]:
    """The 249 ISO 3166-1 alpha-2 codes, upper-case."""
    territories = Locale("en").territories
    codes = {
        code for code in territories if isinstance(code, str) and len(code) == 2 and code.isalpha()
    }
    return frozenset((codes - NOT_COUNTRIES) | EXTRA_CODES)


def is_country(code: str | None) -> bool:
    """True for a code on the list (upper-case, as stored)."""
    return bool(code) and code in country_codes()


def country_name(code: str | None, locale: str | None = None) -> str:
    """The name of ``code`` in ``locale`` (the visitor's by default), also for a code no longer
    on the list; an unknown code is shown as it is."""
    if not code:
        return ""
    return Locale.parse(locale or current_locale()).territories.get(code, code)


def _sort_key(name: str) -> str:
    """'Åland' sorts with 'Aland', 'Côte d’Ivoire' with 'Cote': accents do not move a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _sorted_choices(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = ((code, names.get(code, code)) for code in country_codes())
    return tuple(sorted(pairs, key=lambda pair: (_sort_key(pair[1]), pair[0])))


def country_choices(locale: str | None = None, *, keep: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in ``locale`` (the visitor's by default).

    ``keep``: a stored code that is no longer on the list comes first, so the form shows it.
    """
    locale = locale or current_locale()
    choices = list(_sorted_choices(locale))
    if keep and not is_country(keep):
        choices.insert(0, (keep, country_name(keep, locale)))
    return choices


# --- what a country implies: the currency and the time zone a new account starts with ----------

#: The time zone an account from a country starts with (the one most of its people live in),
#: one of the zones the settings page offers (``accounts/choices.TIME_ZONES``). Countries that
#: share a zone's offset and rules use that zone. Any other country starts on UTC and its user
#: picks a zone in the settings.
COUNTRY_TIMEZONES = {
    "ID": "Asia/Makassar",
    "SG": "Asia/Singapore",
    "MY": "Asia/Kuala_Lumpur",
    "BN": "Asia/Kuala_Lumpur",
    "PH": "Asia/Manila",
    "TH": "Asia/Bangkok",
    "KH": "Asia/Bangkok",
    "LA": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "HK": "Asia/Hong_Kong",
    "MO": "Asia/Hong_Kong",
    "CN": "Asia/Shanghai",
    "TW": "Asia/Taipei",
    "KR": "Asia/Seoul",
    "JP": "Asia/Tokyo",
    "IN": "Asia/Kolkata",
    "AE": "Asia/Dubai",
    "OM": "Asia/Dubai",
    "SA": "Asia/Riyadh",
    "QA": "Asia/Riyadh",
    "KW": "Asia/Riyadh",
    "BH": "Asia/Riyadh",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "GB": "Europe/London",
    "IE": "Europe/London",
    "PT": "Europe/London",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Amsterdam",
    "LU": "Europe/Amsterdam",
    "DE": "Europe/Berlin",
    "AT": "Europe/Berlin",
    "CH": "Europe/Berlin",
    "DK": "Europe/Berlin",
    "SE": "Europe/Berlin",
    "NO": "Europe/Berlin",
    "PL": "Europe/Berlin",
    "CZ": "Europe/Berlin",
    "IT": "Europe/Berlin",
    "FR": "Europe/Paris",
    "ES": "Europe/Paris",
    "TR": "Europe/Istanbul",
    "US": "America/New_York",
    "CA": "America/New_York",
    "BR": "America/Sao_Paulo",
}
DEFAULT_TIMEZONE = "UTC"


def timezone_for(code: str | None) -> str:
    """The time zone an account from ``code`` starts with."""
    return COUNTRY_TIMEZONES.get((code or "").upper(), DEFAULT_TIMEZONE)


def currency_for(code: str | None, offered, fallback: str = "USD") -> str:
    """The currency an account from ``code`` starts with: the country's own currency when the
    trading house shows it (``offered``, the CURRENCIES setting), else ``fallback`` (US dollars,
    the currency of most export quotations)."""
    from babel.numbers import get_territory_currencies

    if not code:
        return fallback
    for currency in get_territory_currencies(code.upper(), tender=True):
        if currency in offered:
            return currency
    return fallback if fallback in offered else "IDR"
