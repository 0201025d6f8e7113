"""Forms of the inquiries area (Flask-WTF). Business rules are checked again in the services."""

import re
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trading_house.catalog.models import EXPORT_UNITS
from trading_house.core.forms import MoneyField, select_choices
from trading_house.core.money import Money
from trading_house.core.templating import current_locale
from trading_house.inquiries.models import MAX_MESSAGE_LENGTH
from trading_house.inquiries.terms import (
    INCOTERMS,
    PAYMENT_TERMS,
    SHIPPING_PAYERS,
    country_choices,
)

MAX_QTY = 10**9
_QTY = [
    InputRequired(_l("Enter a quantity.")),
    NumberRange(1, MAX_QTY, _l("Enter a whole number of at least 1.")),
]


def _currency_choices():
    return select_choices((c, c) for c in current_app.config["CURRENCIES"])


def _incoterms(blank: str | None = None):
    choices = [(code, label) for code, label in INCOTERMS.items()]
    return select_choices(([("", blank)] if blank else []) + choices)


class PriceConfirmation:
    """ "Yes, send this price": asked when a price is far from the listed one, and valid only for
    the amount it was asked about (changing the price asks again)."""

    confirm_price = BooleanField(_l("Yes, send this price"))
    confirmed_price = HiddenField()
    #: the PriceWarning being asked about, set by ``ask_to_confirm``
    price_warning = None

    def price_confirmed(self, price: Money | None) -> bool:
        return bool(self.confirm_price.data) and self.confirmed_price.data == _token(price)

    def ask_to_confirm(self, warning) -> None:
        token = _token(warning.quoted)
        if self.confirmed_price.data != token:
            self.confirm_price.data = False
        self.confirmed_price.data = token
        self.price_warning = warning


def _token(price: Money | None) -> str:
    return f"{price.amount} {price.currency}" if price else ""


class _TradeFields(FlaskForm):
    quantity = IntegerField(_l("Quantity"), validators=_QTY)
    unit = SelectField(_l("Unit"), choices=[SelectChoice(u, u) for u in EXPORT_UNITS])
    target_price = MoneyField(
        _l("Target price per unit (optional)"), [Optional()], currency_field="target_currency"
    )
    target_currency = SelectField(_l("Currency"))
    destination = SelectField(
        _l("Destination country"),
        validators=[DataRequired(_l("Choose a destination country from the list."))],
    )
    date_needed = DateField(
        _l("Date needed"), validators=[InputRequired(_l("Enter a date (YYYY-MM-DD)."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_currency.choices = _currency_choices()
        blank = [("", _l("Choose a country…"))]
        self.destination.choices = select_choices(blank + country_choices(current_locale()))


class InquiryForm(_TradeFields):
    incoterm = SelectField(
        _l("Preferred Incoterm"),
        validators=[DataRequired(_l("Choose one of the Incoterms 2020 rules."))],
    )
    message = TextAreaField(
        _l("Message"),
        validators=[
            DataRequired(_l("Please write a message.")),
            Length(max=MAX_MESSAGE_LENGTH, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    attachments = MultipleFileField(_l("Attachments (up to 3 PDF or image files)"))
    sample_quantity = IntegerField(
        _l("Also ask for a sample (quantity, optional)"),
        validators=[Optional(), NumberRange(1, 1000, _l("A sample is between 1 and 1000 units."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.incoterm.choices = _incoterms(_l("Choose an Incoterm…"))


class BuyingRequestForm(_TradeFields):
    category_id = SelectField(
        _l("Category"), coerce=int, validators=[InputRequired(_l("Choose a category."))]
    )
    title = StringField(
        _l("What are you looking for?"),
        validators=[DataRequired(_l("Please give your request a title.")), Length(3, 200)],
    )
    description = TextAreaField(
        _l("Details (quality, packaging, certificates, monthly volume…)"),
        validators=[
            DataRequired(_l("Please describe what you need.")),
            Length(10, MAX_MESSAGE_LENGTH, _l("Between 10 and 5,000 characters, please.")),
        ],
    )
    incoterm = SelectField(_l("Preferred Incoterm (optional)"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.incoterm.choices = _incoterms(_l("No preference"))
        self.category_id.choices = select_choices(
            [(0, _l("Choose a category…"))] + list(categories)
        )


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Your message"),
        validators=[
            DataRequired(_l("Please write a message.")),
            Length(max=MAX_MESSAGE_LENGTH, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    attachments = MultipleFileField(_l("Attachments (up to 3 PDF or image files)"))


class QuotationForm(PriceConfirmation, FlaskForm):
    product_id = SelectField(_l("Product"), coerce=int, validators=[Optional()])
    unit_price = MoneyField(
        _l("Unit price"),
        [InputRequired(_l("Enter a unit price."))],
        currency_field="currency",
        too_small=_l("Enter a unit price above zero."),
    )
    currency = SelectField(_l("Currency"))
    quantity = IntegerField(_l("Quantity"), validators=_QTY)
    moq = IntegerField(
        _l("Minimum order quantity (MOQ)"),
        validators=[Optional(), NumberRange(1, MAX_QTY, _l("Enter a whole number of at least 1."))],
    )
    incoterm = SelectField(_l("Incoterm"))
    named_place = StringField(
        _l("Named place (e.g. Makassar for FOB Makassar)"),
        validators=[DataRequired(_l("Name the place for the Incoterm.")), Length(max=120)],
    )
    lead_time_days = IntegerField(
        _l("Production lead time (days)"),
        validators=[
            InputRequired(_l("Enter the lead time in days.")),
            NumberRange(0, 730, _l("Enter a lead time between 0 and 730 days.")),
        ],
    )
    valid_until = DateField(
        _l("Valid until"), validators=[InputRequired(_l("Enter a date (YYYY-MM-DD)."))]
    )
    payment_terms = RadioField(
        _l("Payment terms"), validators=[InputRequired(_l("Choose payment terms."))]
    )
    notes = TextAreaField(
        _l("Notes (packaging, certificates, conditions)"), validators=[Length(max=5000)]
    )

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = _currency_choices()
        self.incoterm.choices = _incoterms()
        self.payment_terms.choices = select_choices(PAYMENT_TERMS.items())
        if products is None:
            del self.product_id
        else:
            self.product_id.choices = select_choices(products)
            self.product_id.validators = [InputRequired(_l("Choose a product."))]


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Please give a reason.")), Length(max=2000)],
    )


class SampleRequestForm(FlaskForm):
    sample_quantity = IntegerField(
        _l("Sample quantity"),
        validators=[
            InputRequired(_l("Enter a quantity.")),
            NumberRange(1, 1000, _l("A sample is between 1 and 1000 units.")),
        ],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000)])


class SampleOfferForm(FlaskForm):
    free = BooleanField(_l("Free sample"))
    price = MoneyField(
        _l("Price for the whole sample lot"), [Optional()], currency_field="currency", minimum=0
    )
    currency = SelectField(_l("Currency"))
    shipping_paid_by = RadioField(
        _l("Shipping"), validators=[InputRequired(_l("Choose who pays shipping."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = _currency_choices()
        self.shipping_paid_by.choices = select_choices(SHIPPING_PAYERS.items())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.free.data and self.price.data is None and not self.price.errors:
            self.price.errors.append(_l("Enter a price, or tick “Free sample”."))
            return False
        return valid


class CloseForm(FlaskForm):
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)])


class BlockForm(FlaskForm):
    user_id = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RouteForm(FlaskForm):
    enterprise_ids = _Checkboxes(
        _l("Enterprises"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one enterprise."))],
    )


def _margin_field():
    return DecimalField(
        _l("Trading-house margin (%)"),
        places=None,
        default=Decimal("10"),
        validators=[
            InputRequired(_l("Enter a margin.")),
            NumberRange(0, 100, _l("Enter a margin between 0 and 100 %.")),
        ],
    )


class PoolStartForm(FlaskForm):
    currency = SelectField(_l("Currency of the quotation"))
    margin = _margin_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = _currency_choices()


class PoolTermsForm(FlaskForm):
    margin = _margin_field()
    incoterm = SelectField(_l("Incoterm"))
    named_place = StringField(_l("Named place"), validators=[Optional(), Length(max=120)])
    lead_time_days = IntegerField(
        _l("Lead time (days)"),
        validators=[
            Optional(),
            NumberRange(0, 730, _l("Enter a lead time between 0 and 730 days.")),
        ],
    )
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    payment_terms = SelectField(_l("Payment terms"))
    notes = TextAreaField(_l("Notes for the buyer"), validators=[Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.incoterm.choices = _incoterms(_l("Not set yet"))
        self.payment_terms.choices = select_choices(
            [("", _l("Not set yet")), *PAYMENT_TERMS.items()]
        )


#: Currency signs and codes other than the rupiah's, as people type them before or after a price.
_FOREIGN_CURRENCY = re.compile(
    r"[€$¥£₩]|\b(usd|us\$|eur|sgd|s\$|myr|rm|jpy|cny|rmb|aud|a\$|sar|gbp|krw)\b", re.IGNORECASE
)
FOREIGN_POOL_PRICE = _l(
    "Pooled lines are paid in rupiah: enter your net price per unit in Rp (for example "
    "1.250.000). The trading house converts it into the buyer's currency."
)


class RupiahPoolPrice(FlaskForm):
    """Pool prices are net rupiah: a price typed in another currency (``€ 9,50``, ``USD 12``) is
    refused with a message that says so, instead of the parser's general one."""

    unit_cost: MoneyField  # declared by each form

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.unit_cost.errors and _FOREIGN_CURRENCY.search(self.unit_cost.raw or ""):
            self.unit_cost.errors = [FOREIGN_POOL_PRICE]
        return valid


class PoolLineForm(RupiahPoolPrice, PriceConfirmation, FlaskForm):
    product_id = SelectField(
        _l("Product (enterprise)"), coerce=int, validators=[InputRequired(_l("Choose a product."))]
    )
    quantity = IntegerField(_l("Quantity"), validators=_QTY)
    #: Always rupiah: enterprises are paid in rupiah whatever currency the buyer is quoted in.
    unit_cost = MoneyField(
        _l("Proposed net price per unit (Rp)"),
        [InputRequired(_l("Enter a unit price."))],
        currency="IDR",
        too_small=_l("Enter a unit price above zero."),
    )

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.product_id.choices = select_choices(products)


class PoolAnswerForm(RupiahPoolPrice, PriceConfirmation, FlaskForm):
    decision = StringField()  # the button pressed: confirm or decline
    quantity = IntegerField(
        _l("Quantity you can deliver"), validators=[Optional(), NumberRange(1, MAX_QTY)]
    )
    #: The net price the enterprise is paid, in rupiah (a price in another currency is refused
    #: by the money parser with a message naming the currency).
    unit_cost = MoneyField(
        _l("Your net price per unit (Rp)"),
        [Optional()],
        currency="IDR",
        too_small=_l("Enter a unit price above zero."),
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000)])


class SettingsForm(FlaskForm):
    open_requests_to_category = BooleanField(
        _l("Show every buying request to all enterprises with products in its category")
    )
