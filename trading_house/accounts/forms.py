"""Account forms. Every message is ours (translated); choices are checked with our messages too."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from trading_house.accounts import choices
from trading_house.accounts.models import BUYER_TYPES
from trading_house.accounts.passwords import password_problem
from trading_house.core.countries import country_choices
from trading_house.core.forms import select_choices
from trading_house.enterprises.identity import LEGAL_FORM_LABELS
from trading_house.enterprises.models import LEGAL_FORMS
from trading_house.enterprises.regions import REGENCIES, regency_choices

REQUIRED_EMAIL = _l("Enter your e-mail address.")
INVALID_EMAIL = _l("Enter a valid e-mail address, e.g. name@example.com.")
PASSWORDS_DIFFER = _l("The two passwords do not match.")


def _too_long(count: int):
    return Length(max=count, message=_l("Use at most %(count)s characters.", count=count))


def _blank(label) -> list[SelectChoice]:
    return [SelectChoice("", label)]


def _offered(field) -> set[str]:
    return {choice.value for choice in field.choices}


class StrongPassword:
    """The password rules of :func:`password_problem`; the e-mail comes from ``email_field``."""

    def __init__(self, email_field: str | None = "email"):
        self.email_field = email_field

    def __call__(self, form, field):
        email = getattr(form, "account_email", None)
        if email is None and self.email_field and self.email_field in form:
            email = form[self.email_field].data
        problem = password_problem(field.data, email)
        if problem is not None:
            raise ValidationError(problem)


class RegisterForm(FlaskForm):
    account_type = RadioField(
        _l("Account type"),
        choices=select_choices(choices.ACCOUNT_TYPE_LABELS.items()),
        default="buyer",
        validate_choice=False,
    )
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), _too_long(120)]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=REQUIRED_EMAIL),
            Email(message=INVALID_EMAIL),
            _too_long(254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Choose a password.")), StrongPassword()],
    )
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("password", message=PASSWORDS_DIFFER),
        ],
    )
    preferred_language = SelectField(_l("Preferred language"), validate_choice=False)
    # Buyers
    company = StringField(_l("Company (optional)"), validators=[Optional(), _too_long(160)])
    country = SelectField(_l("Country"), validate_choice=False)
    buyer_type = SelectField(_l("What kind of buyer are you?"), validate_choice=False)
    # SMEs
    enterprise_name = StringField(_l("Name of your business"), validators=[_too_long(160)])
    legal_form = SelectField(_l("Legal form"), validate_choice=False)
    regency_code = SelectField(_l("Regency or city"), validate_choice=False)
    #: the page that sent the visitor here (checked with ``safe_next`` before use)
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = select_choices(choices.language_choices())
        self.country.choices = _blank(_l("Choose a country…")) + select_choices(country_choices())
        self.buyer_type.choices = _blank(_l("Choose…")) + select_choices(
            choices.buyer_type_choices()
        )
        self.legal_form.choices = _blank(_l("Choose…")) + select_choices(
            (value, LEGAL_FORM_LABELS[value]) for value in LEGAL_FORMS
        )
        self.regency_code.choices = _blank(_l("Choose a regency or city…")) + select_choices(
            regency_choices()
        )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.account_type.data not in choices.ACCOUNT_TYPE_LABELS:
            self.account_type.errors = [_l("Choose an account type.")]
            return False
        if self.preferred_language.data not in _offered(self.preferred_language):
            self.preferred_language.errors = [_l("Choose a language from the list.")]
            ok = False
        if self.account_type.data == "buyer":
            ok = self._check_buyer() and ok
        else:
            ok = self._check_sme() and ok
        return ok

    def _check_buyer(self) -> bool:
        ok = True
        if not self.country.data:
            self.country.errors = [_l("Choose your country.")]
            ok = False
        elif not choices.is_country(self.country.data):
            self.country.errors = [_l("Choose a country from the list.")]
            ok = False
        if self.buyer_type.data not in BUYER_TYPES:
            self.buyer_type.errors = [_l("Choose a buyer type from the list.")]
            ok = False
        return ok

    def _check_sme(self) -> bool:
        ok = True
        if not (self.enterprise_name.data or "").strip():
            self.enterprise_name.errors = [_l("Enter the name of your business.")]
            ok = False
        if self.legal_form.data not in LEGAL_FORMS:
            self.legal_form.errors = [_l("Choose a legal form from the list.")]
            ok = False
        if self.regency_code.data not in REGENCIES:
            self.regency_code.errors = [_l("Choose one of South Sulawesi's regencies or cities.")]
            ok = False
        return ok


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(message=REQUIRED_EMAIL)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ReauthenticateForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )
    next = HiddenField()


class SignInLinkForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=REQUIRED_EMAIL), Email(message=INVALID_EMAIL)],
    )
    next = HiddenField()


class ResendVerificationForm(FlaskForm):
    token = HiddenField()
    email = EmailField(_l("E-mail address"), validators=[Optional(), Email(message=INVALID_EMAIL)])


class RequestResetForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=REQUIRED_EMAIL), Email(message=INVALID_EMAIL)],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Choose a password.")), StrongPassword(None)],
    )
    password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("password", message=PASSWORDS_DIFFER),
        ],
    )

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), _too_long(120)]
    )
    company = StringField(_l("Company (optional)"), validators=[Optional(), _too_long(160)])
    country = SelectField(_l("Country"), validate_choice=False)
    preferred_language = SelectField(_l("Preferred language"), validate_choice=False)
    preferred_currency = SelectField(_l("Preferred currency"), validate_choice=False)
    timezone = SelectField(_l("Time zone"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _blank(_l("Not given")) + select_choices(
            country_choices(keep=self.country.data)  # a stored code stays visible
        )
        self.preferred_language.choices = select_choices(choices.language_choices())
        self.preferred_currency.choices = select_choices(choices.currency_choices())
        self.timezone.choices = select_choices(choices.timezone_choices())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        checks = (
            (self.country, _l("Choose a country from the list."), True),
            (self.preferred_language, _l("Choose a language from the list."), False),
            (self.preferred_currency, _l("Choose a currency from the list."), False),
            (self.timezone, _l("Choose a time zone from the list."), False),
        )
        for field, message, blank_ok in checks:
            if blank_ok and not field.data:
                continue
            if field.data not in _offered(field):
                field.errors = [*field.errors, message]
                ok = False
        return ok


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Choose a password.")), StrongPassword(None)],
    )
    new_password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("new_password", message=PASSWORDS_DIFFER),
        ],
    )

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email
