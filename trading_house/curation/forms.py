"""Curation forms (Flask-WTF: CSRF everywhere, translated messages)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trading_house.catalog.forms import WholeNumberField
from trading_house.curation.content import FIELD_LABELS
from trading_house.curation.models import IDENTITY_KINDS, REASON_SCOPES
from trading_house.curation.status import Decision

DECISION_LABELS = {
    Decision.APPROVED: _l("Approve and publish"),
    Decision.CHANGES_REQUESTED: _l("Request changes"),
    Decision.REJECTED: _l("Reject"),
}
SCOPE_LABELS = {
    "any": _l("Any decision"),
    Decision.CHANGES_REQUESTED: _l("Request changes only"),
    Decision.REJECTED: _l("Reject only"),
    Decision.SUSPENDED: _l("Suspension"),
}
#: Fields a curator can write a note next to (the product form's fields and the photos).
NOTE_FIELDS = (
    "photos",
    "name_indonesian",
    "name_english",
    "description_indonesian",
    "description_english",
    "category_id",
    "retail_price_idr",
    "tiers",
    "hs_code",
    "weight_grams",
    "materials",
    "export_moq",
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _reason_choices(reasons, locale):
    return [SelectChoice(r.code, r.label_for(locale)) for r in reasons]


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
        validators=[DataRequired(_l("Choose approve, request changes or reject."))],
    )
    reasons = MultiCheckboxField(_l("Reasons"), choices=[], validate_choice=False)
    feedback = TextAreaField(
        _l("Feedback for the business (in its language)"),
        [Optional(), Length(max=4000)],
        render_kw={"rows": 4},
    )
    #: The version of the content the curator saw (optimistic concurrency).
    seen_version = HiddenField()

    def set_reasons(self, reasons, locale: str) -> None:
        self.reasons.choices = _reason_choices(reasons, locale)


class SuspendForm(FlaskForm):
    reasons = MultiCheckboxField(_l("Reasons"), choices=[], validate_choice=False)
    feedback = TextAreaField(
        _l("Why (the business reads this)"), [Optional(), Length(max=4000)], render_kw={"rows": 3}
    )

    def set_reasons(self, reasons, locale: str) -> None:
        self.reasons.choices = _reason_choices(reasons, locale)


class ReinstateForm(FlaskForm):
    feedback = TextAreaField(
        _l("Note for the business (optional)"),
        [Optional(), Length(max=4000)],
        render_kw={"rows": 2},
    )


class ReasonCodeForm(FlaskForm):
    code = StringField(_l("Code"), [Optional(), Length(max=40)])
    label_indonesian = StringField(
        _l("Reason in Indonesian"),
        [DataRequired(_l("Write the reason in Indonesian.")), Length(max=200)],
    )
    label_english = StringField(
        _l("Reason in English"),
        [DataRequired(_l("Write the reason in English.")), Length(max=200)],
    )
    field = SelectField(_l("Shown next to the field"), choices=[], validate_choice=False)
    applies_to = SelectField(
        _l("Offered for"),
        choices=[SelectChoice(k, v) for k, v in SCOPE_LABELS.items()],
        validate_choice=False,
    )
    active = BooleanField(_l("Offered to curators"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = [SelectChoice("", _l("— none —"))] + [
            SelectChoice(name, FIELD_LABELS[name]) for name in NOTE_FIELDS
        ]
        if self.applies_to.data not in REASON_SCOPES:
            self.applies_to.data = "any"


class SettingsForm(FlaskForm):
    price_change_percent = WholeNumberField(
        _l("Price change without review (± percent)"),
        [InputRequired(_l("Enter a percentage from 0 to 100."))],
        minimum=0,
        maximum=100,
    )
    stock_change_limit = WholeNumberField(
        _l("Stock change without review (units; empty: any)"), [Optional()], minimum=0
    )
    claim_minutes = WholeNumberField(
        _l("A curator's claim lapses after (minutes)"),
        [InputRequired(_l("Enter from 1 to 480 minutes."))],
        minimum=1,
        maximum=480,
    )


class IdentityUploadForm(FlaskForm):
    kind = SelectField(
        _l("Document"),
        choices=[
            SelectChoice("nib", _l("NIB certificate")),
            SelectChoice("npwp", _l("NPWP card or certificate")),
        ],
        validate_choice=False,
    )
    file = MultipleFileField(_l("Files (PDF, JPEG or PNG, up to 10 MB each)"))
    #: Ids of current files to remove (check boxes next to each file).
    remove = SelectMultipleField(_l("Remove"), coerce=int, validate_choice=False)

    def validate_kind(self, field):
        from wtforms.validators import ValidationError

        if field.data not in IDENTITY_KINDS:
            raise ValidationError(_l("Choose which document this is."))


class IdentityDecisionForm(FlaskForm):
    note = TextAreaField(_l("Note for the business"), [Optional(), Length(max=500)])


class TranslationForm(FlaskForm):
    """A curator's English texts for a published listing (the translation queue)."""

    name_english = StringField(
        _l("Name in English"),
        [DataRequired(_l("Enter the English name.")), Length(max=160)],
    )
    description_english = TextAreaField(
        _l("Description in English"),
        [DataRequired(_l("Write the English description.")), Length(max=5000)],
        render_kw={"rows": 8},
    )
    materials_english = StringField(_l("Materials in English"), [Optional(), Length(max=255)])
