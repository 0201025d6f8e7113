"""Forms of the enterprise area. Values are judged by ``identity`` (the same rules as services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from trading_house.core.clock import utcnow
from trading_house.core.forms import PhoneField
from trading_house.enterprises import identity
from trading_house.enterprises.identity import LEGAL_FORM_LABELS
from trading_house.enterprises.regions import regency_choices

TOO_LONG = _l("This is too long (at most %(max)d characters).")


def _normalized(func):
    """A WTForms validator that runs one of ``identity``'s normalisers on the field."""

    def validator(form, field):
        try:
            func(field.data)
        except identity.InvalidValue as exc:
            raise ValidationError(str(exc.message)) from None

    return validator


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Business name"),
        validators=[
            DataRequired(message=_l("Enter the name of your business.")),
            Length(min=3, max=160, message=_l("The name needs 3 to 160 characters.")),
        ],
    )
    legal_form = SelectField(
        _l("Legal form"),
        choices=[SelectChoice(key, label) for key, label in LEGAL_FORM_LABELS.items()],
        validate_choice=False,
    )
    nib = StringField(
        _l("NIB (Nomor Induk Berusaha)"),
        validators=[Optional(), _normalized(identity.normalize_nib)],
    )
    npwp = StringField(_l("NPWP"), validators=[Optional(), _normalized(identity.normalize_npwp)])
    regency_code = SelectField(_l("Regency or city"), validate_choice=False)
    address = TextAreaField(
        _l("Address"), validators=[Optional(), Length(max=500, message=TOO_LONG)]
    )
    #: Typed in any Indonesian form, kept in E.164, shown back as 0812-3456-7890.
    phone = PhoneField(
        _l("Phone"), validators=[Optional(), _normalized(identity.indonesian_phone)], region="ID"
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            _normalized(identity.checked_email),
        ],
    )
    story_indonesian = TextAreaField(
        _l("Your story in Indonesian"), validators=[Optional(), Length(max=5000, message=TOO_LONG)]
    )
    story_english = TextAreaField(
        _l("Your story in English"), validators=[Optional(), Length(max=5000, message=TOO_LONG)]
    )
    monthly_capacity = StringField(
        _l("Monthly production capacity"),
        validators=[Optional(), Length(max=255, message=TOO_LONG)],
    )
    export_experience = TextAreaField(
        _l("Export experience"), validators=[Optional(), Length(max=5000, message=TOO_LONG)]
    )
    founded_year = IntegerField(
        _l("Founded in (year)"),
        validators=[Optional()],
        invalid_value_message=_l("Enter a year between 1900 and now."),
    )
    employees = IntegerField(
        _l("Number of employees"),
        validators=[
            Optional(),
            NumberRange(min=0, max=1_000_000, message=_l("Enter a number of people, 0 or more.")),
        ],
        invalid_value_message=_l("Enter a number of people, 0 or more."),
    )
    logo = FileField(_l("Logo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regency_code.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(code, name) for code, name in regency_choices()
        ]

    def validate_legal_form(self, field):
        try:
            identity.check_legal_form(field.data)
        except identity.InvalidValue as exc:
            raise ValidationError(str(exc.message)) from None

    def validate_regency_code(self, field):
        try:
            identity.check_regency(field.data)
        except identity.InvalidValue as exc:
            raise ValidationError(str(exc.message)) from None

    def validate_founded_year(self, field):
        if field.data is not None and not 1900 <= field.data <= utcnow().year:
            raise ValidationError(_l("Enter a year between 1900 and now."))

    def profile_values(self) -> dict:
        """The typed values, as the ``update_enterprise_profile`` service takes them."""
        from trading_house.enterprises.services import PROFILE_FIELDS

        return {name: getattr(self, name).data for name in PROFILE_FIELDS}


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Enter the e-mail address of the person to invite.")),
            Length(max=254, message=TOO_LONG),
            _normalized(identity.checked_email),
        ],
    )
