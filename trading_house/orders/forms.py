"""Forms of the orders area. Address rules per country live in ``shipping.validate_address``
so the page and any API use the same ones."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from trading_house.core.forms import MoneyField, PhoneField
from trading_house.orders.consignment_models import LOT_CONDITIONS, TRANSPORT_MODES
from trading_house.orders.shipping import Address, province_choices, validate_address


class AddToCartForm(FlaskForm):
    product_id = HiddenField()
    quantity = StringField(_l("Quantity"), default="1")


class QuantityForm(FlaskForm):
    quantity = StringField(_l("Quantity"))


class CheckoutForm(FlaskForm):
    """Address, shipping option, currency and payment method; ``idempotency_key`` is random
    per page view, so a double submission returns the same order."""

    idempotency_key = HiddenField()
    #: The cart's ``checkout_version`` when the page was shown: a second tab gets the first order.
    cart_version = HiddenField()
    name = StringField(_l("Recipient name"), validators=[Length(max=120)])
    #: Read with the address's country as region: 0812… in Indonesia, 9123 4567 in Singapore.
    phone = PhoneField(_l("Phone"), region_field="country")
    line1 = StringField(_l("Street address"), validators=[Length(max=200)])
    line2 = StringField(_l("Address line 2 (optional)"), validators=[Length(max=200)])
    city = StringField(_l("City or regency"), validators=[Length(max=120)])
    province = SelectField(_l("Province"), choices=[], validate_choice=False)
    region = StringField(_l("State or region"), validators=[Length(max=120)])
    postal_code = StringField(_l("Postal code"), validators=[Length(max=16)])
    country = SelectField(_l("Country"), choices=[], validate_choice=False, default="ID")
    shipping = RadioField(_l("Shipping"), choices=[], validate_choice=False)
    currency = SelectField(_l("Pay in"), choices=[], validate_choice=False, default="IDR")
    payment_method = RadioField(
        _l("Payment"), choices=[], validate_choice=False, default="bank_transfer"
    )
    note = TextAreaField(_l("Note for the sellers (optional)"), validators=[Length(max=2000)])

    def setup(self, countries, currencies, methods) -> None:
        self.country.choices = [SelectChoice("", "—")] + [
            SelectChoice(code, name) for code, name in countries
        ]
        self.province.choices = [SelectChoice("", "—")] + [
            SelectChoice(code, name) for code, name in province_choices()
        ]
        self.currency.choices = [SelectChoice(c, c) for c in currencies]
        self.payment_method.choices = [SelectChoice(value, label) for value, label in methods]

    def address(self) -> Address:
        country = (self.country.data or "").upper()
        return Address(
            name=self.name.data or "",
            phone=self.phone.data or "",
            line1=self.line1.data or "",
            line2=self.line2.data or "",
            city=self.city.data or "",
            region=(self.province.data if country == "ID" else self.region.data) or "",
            postal_code=self.postal_code.data or "",
            country=country,
        )

    def seen_cart_version(self) -> int | None:
        """The cart version the page was shown with; None when missing or not a number."""
        raw = (self.cart_version.data or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 10 else None

    def check_address(self) -> bool:
        """Put each country rule's message next to its field; True when the address is fine."""
        errors = validate_address(self.address())
        for name, message in errors.items():
            target = "province" if name == "region" and self.country.data == "ID" else name
            getattr(self, target).errors = [*getattr(self, target).errors, message]
        return not errors


class ShipForm(FlaskForm):
    courier = StringField(_l("Courier"), validators=[DataRequired(), Length(max=80)])
    tracking_number = StringField(
        _l("Tracking number"), validators=[DataRequired(), Length(max=80)]
    )


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=500)])


class ShippingQuoteForm(FlaskForm):
    amount = MoneyField(
        _l("Shipping cost (IDR)"), validators=[InputRequired()], currency="IDR", minimum=0
    )


class ZoneForm(FlaskForm):
    name_indonesian = StringField(
        _l("Name (Indonesian)"), validators=[DataRequired(), Length(max=120)]
    )
    name_english = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    scope = SelectField(
        _l("Scope"),
        choices=[
            SelectChoice("domestic", _l("Indonesia (by province)")),
            SelectChoice("international", _l("Abroad (by country)")),
        ],
    )
    areas = StringField(
        _l("Provinces or countries"),
        validators=[Length(max=500)],
        description=_l("Codes separated by commas, e.g. 73, 74 or SG, MY. Empty: all others."),
    )
    quoted = BooleanField(_l("Quoted by the trading house (no fixed rates)"))
    active = BooleanField(_l("Active"), default=True)


class RateForm(FlaskForm):
    service = StringField(_l("Service"), validators=[DataRequired(), Length(max=80)])
    service_english = StringField(
        _l("Service in English (empty: the same)"),
        validators=[Optional(), Length(max=80, message=_l("Use at most %(max)d characters."))],
    )
    min_weight_grams = IntegerField(
        _l("From (grams)"), validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    max_weight_grams = IntegerField(
        _l("Up to (grams, empty: no limit)"), validators=[Optional(), NumberRange(min=1)]
    )
    price_idr = MoneyField(
        _l("Price (IDR)"), validators=[InputRequired()], currency="IDR", minimum=0
    )
    extra_kg_price_idr = MoneyField(
        _l("Price per extra kg above “From” (IDR, top band only)"),
        validators=[Optional()],
        currency="IDR",
        minimum=0,
    )
    days_min = IntegerField(_l("Days from"), validators=[Optional(), NumberRange(min=0, max=365)])
    days_max = IntegerField(_l("Days to"), validators=[Optional(), NumberRange(min=0, max=365)])


class LotForm(FlaskForm):
    line_id = HiddenField(validators=[DataRequired()])
    received_quantity = IntegerField(
        _l("Quantity received"), validators=[InputRequired(), NumberRange(min=0)]
    )
    damaged_quantity = IntegerField(
        _l("Of which damaged"), default=0, validators=[Optional(), NumberRange(min=0)]
    )
    condition = SelectField(
        _l("Condition"),
        choices=[
            SelectChoice(value, label)
            for value, label in zip(
                LOT_CONDITIONS,
                (_l("Good"), _l("Minor damage"), _l("Damaged"), _l("Short")),
                strict=True,
            )
        ],
    )
    notes = TextAreaField(_l("Pre-shipment check"), validators=[Length(max=2000)])
    photos = MultipleFileField(_l("Photos (JPEG or PNG)"))


class CartonForm(FlaskForm):
    net_kg = StringField(_l("Net weight (kg)"), validators=[DataRequired()])
    gross_kg = StringField(_l("Gross weight (kg)"), validators=[DataRequired()])
    dimensions = StringField(_l("Dimensions"), validators=[Length(max=60)])


class ShipConsignmentForm(FlaskForm):
    mode = SelectField(
        _l("Mode"),
        choices=[
            SelectChoice(value, label)
            for value, label in zip(
                TRANSPORT_MODES, (_l("Sea"), _l("Air"), _l("Road"), _l("Courier")), strict=True
            )
        ],
    )
    carrier = StringField(_l("Carrier"), validators=[DataRequired(), Length(max=120)])
    document_number = StringField(
        _l("Bill of lading / air waybill number"), validators=[DataRequired(), Length(max=60)]
    )
    port_of_loading = StringField(
        _l("Port of loading"),
        validators=[DataRequired(), Length(max=120)],
        default="Makassar (Soekarno-Hatta), IDMAK",
    )
    port_of_discharge = StringField(_l("Port of discharge"), validators=[Length(max=120)])
    etd = DateField(_l("ETD"), validators=[Optional()])
    eta = DateField(_l("ETA"), validators=[Optional()])


class DisputeForm(FlaskForm):
    """A problem with a delivered line: what is wrong, how many units, evidence."""

    line_id = SelectField(_l("Product"), coerce=int)
    reason = SelectField(_l("What is wrong"))
    quantity = IntegerField(
        _l("Units concerned"),
        validators=[
            InputRequired(_l("Enter the number of units.")),
            NumberRange(1, 10**7, _l("Enter a whole number from 1.")),
        ],
    )
    description = TextAreaField(
        _l("Describe the problem"),
        validators=[DataRequired(_l("Describe the problem.")), Length(10, 4000)],
    )
    evidence = FileField(_l("Photo or document (JPEG, PNG or PDF, optional)"))
