"""Forms of the wholesale area (Flask-WTF). The services check every rule again."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trading_house.core.countries import country_choices
from trading_house.core.forms import MoneyField, select_choices
from trading_house.wholesale.models import API_SCOPES, MEMBER_ROLE_LABELS, NET_TERMS

MAX_CREDIT_IDR = 10**13


def net_terms_choices():
    return select_choices(
        [(0, _l("No net terms: pay before shipping"))]
        + [(days, _l("Net %(days)s days", days=days)) for days in NET_TERMS if days]
    )


class ApplyForm(FlaskForm):
    name = StringField(
        _l("Company name"),
        validators=[DataRequired(_l("Give the company's name.")), Length(2, 160)],
    )
    tax_number = StringField(
        _l("Tax number (NPWP, VAT…)"),
        validators=[DataRequired(_l("Give the tax number.")), Length(5, 40)],
    )
    country = SelectField(_l("Country"), validators=[DataRequired(_l("Choose a country."))])
    city = StringField(_l("City"), validators=[DataRequired(_l("Give the city.")), Length(2, 120)])
    address = TextAreaField(_l("Delivery address"), validators=[Optional(), Length(max=2000)])
    about = TextAreaField(
        _l("What you sell and to whom"), validators=[Optional(), Length(max=4000)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([("", _l("Choose a country…")), *country_choices()])


class DecisionForm(FlaskForm):
    group_id = SelectField(_l("Buyer group"), coerce=int, validators=[Optional()])
    net_terms_days = SelectField(_l("Net terms"), coerce=int, validators=[InputRequired()])
    credit_limit = MoneyField(
        _l("Credit limit"),
        currency="IDR",
        minimum=0,
        maximum=MAX_CREDIT_IDR,
        validators=[Optional()],
    )
    note = TextAreaField(_l("Note to the applicant"), validators=[Optional(), Length(max=2000)])

    def __init__(self, groups, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id.choices = select_choices(
            [(0, _l("No group"))] + [(group.id, group.name) for group in groups]
        )
        self.net_terms_days.choices = net_terms_choices()


class RejectForm(FlaskForm):
    note = TextAreaField(
        _l("Why not"), validators=[DataRequired(_l("Tell the applicant why.")), Length(5, 2000)]
    )


class GroupForm(FlaskForm):
    name = StringField(
        _l("Group name"), validators=[DataRequired(_l("Give the group a name.")), Length(2, 120)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class DiscountForm(FlaskForm):
    name = StringField(_l("Price list name"), validators=[Optional(), Length(max=120)])
    discount = DecimalField(
        _l("Discount on listed prices (%)"),
        places=2,
        validators=[
            InputRequired(_l("Enter a discount (0 for none).")),
            NumberRange(0, 90, _l("A discount is between 0 and 90 percent.")),
        ],
    )


class PriceItemForm(FlaskForm):
    product_id = IntegerField(
        _l("Product number"),
        validators=[InputRequired(_l("Enter the product's number.")), NumberRange(1, 2**31 - 1)],
    )
    unit_price = MoneyField(
        _l("Fixed unit price (empty: the list's discount)"),
        currency="IDR",
        maximum=MAX_CREDIT_IDR,
        validators=[Optional()],
    )
    case_pack = IntegerField(
        _l("Units per case"),
        default=1,
        validators=[
            InputRequired(_l("Enter the units per case.")),
            NumberRange(1, 100000, _l("Enter a whole number from 1.")),
        ],
    )
    min_quantity = IntegerField(
        _l("Minimum per order (units)"),
        default=1,
        validators=[
            InputRequired(_l("Enter the minimum.")),
            NumberRange(1, 10**7, _l("Enter a whole number from 1.")),
        ],
    )


class MemberForm(FlaskForm):
    email = StringField(
        _l("Colleague's e-mail address"),
        validators=[DataRequired(_l("Give an e-mail address.")), Email(_l("Check the address."))],
    )
    role = SelectField(_l("Role"), choices=select_choices(MEMBER_ROLE_LABELS.items()))


class InvoicePaidForm(FlaskForm):
    reference = StringField(
        _l("Bank reference"),
        validators=[DataRequired(_l("Give the bank reference of the transfer.")), Length(3, 80)],
    )


class OrderForm(FlaskForm):
    """Quantities come as ``qty-<product id>`` fields, read by the view from the price list."""

    idempotency_key = HiddenField()
    on_terms = BooleanField(_l("Pay on net terms (invoice)"))
    note = TextAreaField(
        _l("Note for the trading house"), validators=[Optional(), Length(max=2000)]
    )


class ApiKeyForm(FlaskForm):
    name = StringField(
        _l("Name of the key"),
        validators=[DataRequired(_l("Name the key.")), Length(2, 80)],
    )
    scopes = SelectMultipleField(
        _l("May read"),
        choices=select_choices(API_SCOPES.items()),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
