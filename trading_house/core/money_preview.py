"""The echo under every money input: what the typed text will be read as, before it is sent.

Both the page (for a value already in the form) and the JSON endpoint that the small script
``static/js/money-input.js`` asks while a person types use :func:`echo`, which reads the text with
the one parser (:func:`~trading_house.core.money_input.parse_amount`): the script never parses.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from trading_house.core.i18n import select_currency
from trading_house.core.money import Money
from trading_house.core.money_input import MoneyInputError, parse_amount
from trading_house.core.rates import convert
from trading_house.core.templating import current_locale

#: Longer text is not an amount anybody types; it is refused without parsing.
MAX_TEXT = 100


@dataclass(frozen=True)
class Echo:
    amount: str = ""  # "Rp520.000"
    about: str = ""  # "≈ ¥3.372" in the viewer's currency, when it differs
    note: str = ""  # said when decimals were rounded away
    error: str = ""  # why the text is not an amount

    def as_json(self) -> dict:
        return {"ok": not self.error, **self.__dict__}


def echo(text: str | None, currency: str, locale: str, viewer_currency: str) -> Echo:
    """How ``text`` typed in a ``currency`` field reads, with the viewer's currency beside it."""
    if len(text or "") > MAX_TEXT:
        return Echo(error=_("That amount is too large; check the number of zeros."))
    try:
        parsed = parse_amount(text, currency, locale)
    except MoneyInputError as refused:
        return Echo(error=str(refused.message))
    return echo_money(parsed.money, locale, viewer_currency, rounded=parsed.rounded)


def echo_money(value: Money, locale: str, viewer_currency: str, *, rounded=False) -> Echo:
    """The echo of an amount already read (a stored value, or a field that validated)."""
    other = convert(value, viewer_currency) if viewer_currency != value.currency else None
    return Echo(
        amount=value.format(locale),
        about=f"≈ {other.format(locale)}" if other is not None else "",
        note=_("Rounded to %(amount)s.", amount=value.format(locale)) if rounded else "",
    )


def field_echo(field) -> Echo | None:
    """The echo printed under a MoneyField that holds an amount, so pages without JavaScript
    show it too; None when it is empty or refused (its error message says why)."""
    if getattr(field, "data", None) is None or field.errors:
        return None
    return echo_money(field.money, current_locale(), select_currency(), rounded=field.rounded)
