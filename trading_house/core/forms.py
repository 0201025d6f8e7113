"""Form fields shared by every area: amounts of money and phone numbers typed the way people
type them."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TelInput, TextInput

from trading_house.core.i18n import current_locale
from trading_house.core.money import EXPONENTS, Money
from trading_house.core.money_input import MoneyInputError, parse_amount
from trading_house.core.phones import PhoneError, format_for_input, normalize_phone


def select_choices(pairs: Iterable[tuple[Any, Any]] | Mapping[Any, Any]) -> list[SelectChoice]:
    """WTForms choices from ``(value, label)`` pairs or a ``{value: label}`` mapping."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return [SelectChoice(value, label) for value, label in items]


class MoneyField(Field):
    """An amount typed by a person, read by :func:`~trading_house.core.money_input.parse_money`.

    ``data`` is the amount in integer minor units of the field's currency (or None when left
    empty). The currency is fixed (``currency="IDR"``) or read from another field of the same form
    (``currency_field="currency"``). ``minimum``/``maximum`` are in minor units.
    """

    widget = TextInput()

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        currency: str | None = None,
        currency_field: str | None = None,
        minimum: int | None = 1,
        maximum: int | None = None,
        too_small=None,
        too_large=None,
        **kwargs,
    ):
        if (currency is None) == (currency_field is None):
            raise TypeError("give MoneyField either currency= or currency_field=")
        render_kw = {
            "inputmode": "decimal",
            "autocomplete": "off",
            **({"data-money-currency-field": currency_field} if currency_field else {}),
            **kwargs.pop("render_kw", {}),
        }
        self._form = kwargs.get("_form")
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.fixed_currency = currency
        self.currency_field = currency_field
        self.minimum = minimum
        self.maximum = maximum
        self.too_small = too_small
        self.too_large = too_large
        self.raw = ""
        self.rounded = False

    def use_currency(self, currency: str) -> None:
        """Fix the currency after the form is made (e.g. the currency of a pooled quotation)."""
        self.fixed_currency, self.currency_field = currency, None

    def __call__(self, **kwargs):
        # The echo script (static/js/money-input.js) reads the currency from the input.
        kwargs.setdefault("data-money-input", self.currency)
        return super().__call__(**kwargs)

    @property
    def currency(self) -> str:
        if self.fixed_currency:
            return self.fixed_currency
        field = getattr(self._form, self.currency_field or "", None) if self._form else None
        chosen = field.data if field is not None else None
        return chosen if chosen in EXPONENTS else "IDR"

    @property
    def money(self) -> Money | None:
        return None if self.data is None else Money(int(self.data), self.currency)

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "") or ""
        self.data = None

    def pre_validate(self, form):
        # The currency may come from a field processed after this one: parse at validation.
        self._form = form
        if not self.raw.strip():
            return
        try:
            parsed = parse_amount(self.raw, self.currency, current_locale())
        except MoneyInputError as error:
            raise ValidationError(error.message) from None
        self.data, self.rounded = parsed.money.amount, parsed.rounded
        if self.minimum is not None and self.data < self.minimum:
            raise ValidationError(self.too_small or _l("Enter an amount above zero."))
        if self.maximum is not None and self.data > self.maximum:
            raise ValidationError(
                self.too_large or _l("That amount is too large; check the number of zeros.")
            )

    def _value(self):
        if self.raw:
            return self.raw
        if self.data is None:
            return ""
        return plain_amount(Money(int(self.data), self.currency), current_locale())


def plain_amount(value: Money, locale: str) -> str:
    """An amount as a person would type it back: '650.000' (id) or '650,000' (en), no sign."""
    group, decimal = (".", ",") if locale == "id" else (",", ".")
    exponent = EXPONENTS[value.currency]
    whole, fraction = divmod(value.amount, 10**exponent) if exponent else (value.amount, 0)
    text = f"{whole:,}".replace(",", group)
    return f"{text}{decimal}{fraction:0{exponent}d}" if exponent and fraction else text


def plain_number(value: Decimal, locale: str) -> str:
    """A number as a person would type it back (``16.500,5`` in Indonesian, ``16,500.5`` in
    English), written so the one parser reads it back the same: exactly three decimals would
    look like a thousands group (``104,125``), so a zero is added (``104,1250``)."""
    group, decimal = (".", ",") if locale == "id" else (",", ".")
    whole, _, fraction = format(value.normalize(), "f").partition(".")
    text = f"{int(whole):,}".replace(",", group)
    if len(fraction) == 3:
        fraction += "0"
    return f"{text}{decimal}{fraction}" if fraction else text


class PhoneField(Field):
    """A phone number typed by a person, read by :func:`~trading_house.core.phones.normalize_phone`.

    ``data`` is the E.164 form (``+6281234567890``) or None when left empty; the input shows a
    stored number in the national format of the person's country. The region used to read a
    local number is fixed (``region="ID"``), read from another field of the same form
    (``region_field="country"``, e.g. the country of an address) or, by default, the signed-in
    person's country (Indonesia when unknown). What was typed is shown back on an error.
    """

    widget = TelInput()

    def __init__(self, label=None, validators=None, *, region=None, region_field=None, **kwargs):
        render_kw = {"inputmode": "tel", "autocomplete": "tel", **kwargs.pop("render_kw", {})}
        self._form = kwargs.get("_form")
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.fixed_region = region
        self.region_field = region_field
        self.raw: str | None = None

    @property
    def region(self) -> str:
        if self.fixed_region:
            return self.fixed_region
        if self.region_field and self._form is not None:
            chosen = getattr(self._form, self.region_field).data
            if chosen:
                return str(chosen).upper()
        return _person_country() or "ID"

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "") or ""
        self.data = None

    def pre_validate(self, form):
        # The region may come from a field processed after this one: parse at validation.
        self._form = form
        if self.raw is None or not self.raw.strip():
            return
        if len(self.raw) > 40:
            raise ValidationError(_l("Enter a phone number, e.g. 0812-3456-7890."))
        try:
            self.data = normalize_phone(self.raw, self.region)
        except PhoneError as error:
            raise ValidationError(error.message) from None

    def _value(self):
        if self.raw is not None:
            return self.raw
        return format_for_input(self.data, self.region)


def _person_country() -> str | None:
    from flask_login import current_user

    return getattr(current_user, "country", None) if current_user else None
