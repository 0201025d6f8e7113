"""Registry forms; every message is our own translated text. The rules that need the database
or other fields (a balanced statement, dates in order) live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from trading_house.cooperatives.labels import (
    CLASS_LABELS,
    KIND_LABELS,
    OPINION_LABELS,
    POSITION_LABELS,
    SCOPE_LABELS,
    SEX_LABELS,
)
from trading_house.cooperatives.models import FinancialStatement
from trading_house.core.forms import MoneyField, PhoneField, select_choices
from trading_house.enterprises.regions import regency_choices

DATE_HELP = _l("Enter a date (YYYY-MM-DD).")
YEAR_RANGE = NumberRange(min=1950, max=2100, message=_l("Enter a year between 1950 and 2100."))
MAX_MONEY = 10**15


def _date_field(label, *, required=False):
    first = InputRequired(DATE_HELP) if required else Optional()
    return DateField(label, [first], format="%Y-%m-%d")


def _count_field(label):
    return IntegerField(
        label,
        [
            InputRequired(_l("Enter a number (0 if none).")),
            NumberRange(min=0, max=10_000_000, message=_l("Enter a number of 0 or more.")),
        ],
    )


def _with_blank(labels: dict, blank) -> list[SelectChoice]:
    return select_choices([("", blank), *labels.items()])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProfileForm(FlaskForm):
    """The cooperative's legal identity, type, membership area and members by sex."""

    name = StringField(
        _l("Name of the cooperative"),
        [DataRequired(_l("Enter the cooperative's name.")), Length(max=200)],
    )
    legal_entity_number = StringField(_l("Legal entity number (deed approval)"), [Length(max=80)])
    legal_entity_date = _date_field(_l("Legal entity date"))
    nik = StringField(_l("Nomor Induk Koperasi (NIK)"), [Length(max=20)])
    nik_issued_on = _date_field(_l("NIK issued on"))
    nik_expires_on = _date_field(_l("NIK valid until"))
    nib = StringField(_l("NIB (business identity number, 13 digits)"), [Length(max=20)])
    kind = SelectField(_l("Type"), choices=select_choices(KIND_LABELS))
    savings_loan_scope = SelectField(
        _l("Savings and loan scope"),
        choices=_with_blank(SCOPE_LABELS, _l("Not a savings and loan")),
        validate_choice=False,
    )
    regency = SelectField(_l("Seat (regency/city)"), choices=select_choices(regency_choices()))
    membership_regencies = MultiCheckboxField(
        _l("Members live in (regencies/cities)"),
        choices=select_choices(regency_choices()),
        validate_choice=False,
    )
    other_province_regencies = StringField(
        _l("Members in other provinces (BPS regency codes, comma-separated)"), [Length(max=200)]
    )
    business_class = SelectField(
        _l("Business class"),
        choices=_with_blank(CLASS_LABELS, _l("Not known")),
        validate_choice=False,
    )
    founded_on = _date_field(_l("Founded on"))
    members_male = _count_field(_l("Male members"))
    members_female = _count_field(_l("Female members"))
    address = TextAreaField(_l("Address"), [Length(max=1000)])
    phone = PhoneField(_l("Phone"), region="ID")
    email = EmailField(
        _l("E-mail"), [Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)]
    )

    def values(self) -> dict:
        """The form's values as the services take them."""
        data = {
            name: self[name].data
            for name in (
                "name",
                "legal_entity_number",
                "legal_entity_date",
                "nik",
                "nik_issued_on",
                "nik_expires_on",
                "nib",
                "kind",
                "savings_loan_scope",
                "regency",
                "membership_regencies",
                "other_province_regencies",
                "business_class",
                "founded_on",
                "members_male",
                "members_female",
                "address",
                "phone",
                "email",
            )
        }
        return data


class CreateCooperativeForm(ProfileForm):
    """An administrator registers a cooperative and invites its first officer."""

    officer_name = StringField(
        _l("Officer's name"), [DataRequired(_l("Enter the officer's name.")), Length(max=160)]
    )
    officer_email = EmailField(
        _l("Officer's e-mail"),
        [
            DataRequired(_l("Enter the officer's e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    officer_position = SelectField(
        _l("Officer's position"), choices=select_choices(POSITION_LABELS)
    )
    enterprise_slug = StringField(
        _l("Its seller page on the marketplace (optional: address or slug)"), [Length(max=300)]
    )


class OfficerForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(_l("Enter a name.")), Length(max=160)])
    position = SelectField(_l("Position"), choices=select_choices(POSITION_LABELS))
    term_starts_on = _date_field(_l("Term starts on"))
    email = EmailField(
        _l("E-mail (optional: gives this person access to the records)"),
        [Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )


class MemberForm(FlaskForm):
    name = StringField(_l("Member's name"), [DataRequired(_l("Enter a name.")), Length(max=160)])
    sex = SelectField(_l("Sex"), choices=select_choices(SEX_LABELS))
    joined_on = _date_field(_l("Member since"))
    enterprise_slug = StringField(
        _l("The member's SME on the marketplace (optional: address or slug)"), [Length(max=300)]
    )


class RatForm(FlaskForm):
    year = IntegerField(
        _l("Financial year closed by the meeting"),
        [InputRequired(_l("Enter the financial year.")), YEAR_RANGE],
    )
    held_on = _date_field(_l("Held on"), required=True)
    reported_on = _date_field(_l("Reported to the office on"))
    attendance = IntegerField(
        _l("Members present"),
        [Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter 0 or more."))],
    )
    online = BooleanField(_l("Held online or hybrid"))
    minutes = FileField(_l("Minutes (PDF, JPEG or PNG, up to 10 MB)"))


class SignedMoneyField(MoneyField):
    """A rupiah amount that may be a loss: ``-1.500.000`` or ``(1.500.000)`` as accountants
    write it."""

    def pre_validate(self, form):
        raw = self.raw.strip()
        negative = raw.startswith("-") or (raw.startswith("(") and raw.endswith(")"))
        if negative:
            self.raw = raw.strip("()").lstrip("-").strip()
        try:
            super().pre_validate(form)
        finally:
            if negative:
                self.raw = raw
        if negative and self.data is not None:
            self.data = -self.data


def _money(line: str, label) -> MoneyField:
    negative = line in ("other_equity", "surplus")
    return (SignedMoneyField if negative else MoneyField)(
        label,
        [Optional()],
        currency="IDR",
        minimum=None if negative else 0,
        maximum=MAX_MONEY,
        too_small=_l("Enter 0 or more."),
    )


class StatementForm(FlaskForm):
    """Balance sheet and income statement, typed as people type rupiah (``1.250.000``)."""

    year = IntegerField(_l("Financial year"), [InputRequired(_l("Enter the year.")), YEAR_RANGE])

    def lines(self) -> dict[str, int]:
        return {line: self[line].data or 0 for line in FinancialStatement.LINES}


def _add_lines() -> None:
    from trading_house.cooperatives.labels import LINE_LABELS

    for line in FinancialStatement.LINES:
        setattr(StatementForm, line, _money(line, LINE_LABELS[line]))


_add_lines()


class StatementUploadForm(FlaskForm):
    file = FileField(_l("Statement file (XLSX or CSV from the template)"))


class AuditReportForm(FlaskForm):
    year = IntegerField(
        _l("Financial year audited"), [InputRequired(_l("Enter the year.")), YEAR_RANGE]
    )
    auditor = StringField(
        _l("Public accountant (KAP)"), [DataRequired(_l("Enter the auditor.")), Length(max=160)]
    )
    opinion = SelectField(
        _l("Opinion"), choices=_with_blank(OPINION_LABELS, _l("Not stated")), validate_choice=False
    )
    issued_on = _date_field(_l("Report date"))
    report = FileField(_l("Report (PDF, JPEG or PNG, up to 10 MB)"))


class InviteOfficerForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(_l("Enter a name.")), Length(max=160)])
    email = EmailField(
        _l("E-mail"),
        [
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    position = SelectField(_l("Position"), choices=select_choices(POSITION_LABELS))
