"""Forms of the readiness area (Flask-WTF). Rules beyond the field level live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from trading_house.readiness.clinic import TOPIC_LABELS
from trading_house.readiness.destinations import MARKET_LABELS
from trading_house.readiness.formats import format_choices
from trading_house.readiness.grades import PILLAR_LABELS
from trading_house.readiness.models import CLINIC_TOPICS, MARKETS, PILLARS

#: WTForms' own messages are not in the catalog: the bilingual fields say it in the reader's
#: language (``%(max)d`` is filled in by ``Length``).
AT_MOST = _l("Use at most %(max)d characters.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AnswerForm(FlaskForm):
    """One checklist item's answer; rendered once per item with the prefix ``a<item id>``."""

    product_id = HiddenField()
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    certificate_number = StringField(
        _l("Certificate or registration number"), validators=[Optional(), Length(max=60)]
    )
    expires_on = DateField(_l("Valid until"), validators=[Optional()])
    evidence = MultipleFileField(_l("Add evidence (PDF, JPEG or PNG, up to 10 MB each)"))
    #: Ids of current evidence files to remove (check boxes next to each file).
    remove = SelectMultipleField(_l("Remove"), coerce=int, validate_choice=False)
    save = SubmitField(_l("Save"))
    send = SubmitField(_l("Save and send for verification"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Note to the business"), validators=[Optional(), Length(max=2000)])
    verify = SubmitField(_l("Verify"))
    reject = SubmitField(_l("Reject"))


class FollowUpForm(Form):
    description = StringField(_l("Follow-up"), validators=[Optional(), Length(max=500)])
    due_on = DateField(_l("Due on"), validators=[Optional()])
    #: Choices set by the view (``clinic.follow_up_targets``); checked by the service.
    item = SelectField(
        _l("Closes itself when verified"), choices=[], validate_choice=False, default=""
    )


class ClinicSessionForm(FlaskForm):
    held_on = DateField(_l("Date of the session"), validators=[InputRequired()])
    topics = MultiCheckboxField(
        _l("Topics"), choices=[SelectChoice(t, TOPIC_LABELS[t]) for t in CLINIC_TOPICS]
    )
    advice = TextAreaField(_l("Advice given"), validators=[DataRequired(), Length(max=5000)])
    follow_ups = FieldList(FormField(FollowUpForm), min_entries=3, max_entries=6)


class SettingsForm(FlaskForm):
    grade_a_min = IntegerField(_l("Grade A from (score)"), [InputRequired(), NumberRange(0, 100)])
    grade_b_min = IntegerField(_l("Grade B from (score)"), [InputRequired(), NumberRange(0, 100)])
    grade_c_min = IntegerField(_l("Grade C from (score)"), [InputRequired(), NumberRange(0, 100)])
    weight_legal = IntegerField(_l("Weight: legal"), [InputRequired(), NumberRange(0, 100)])
    weight_capacity = IntegerField(
        _l("Weight: capacity & continuity"), [InputRequired(), NumberRange(0, 100)]
    )
    weight_product = IntegerField(
        _l("Weight: product compliance"), [InputRequired(), NumberRange(0, 100)]
    )
    weight_commercial = IntegerField(
        _l("Weight: commercial readiness"), [InputRequired(), NumberRange(0, 100)]
    )


class ItemForm(FlaskForm):
    code = StringField(_l("Code (stable across versions)"), [DataRequired(), Length(max=64)])
    scope = SelectField(
        _l("Level"),
        choices=[
            SelectChoice("enterprise", _l("Business")),
            SelectChoice("product", _l("Product")),
        ],
    )
    pillar = SelectField(
        _l("Sub-score"), choices=[SelectChoice(p, PILLAR_LABELS[p]) for p in PILLARS]
    )
    position = IntegerField(_l("Position"), [Optional(), NumberRange(0, 1000)], default=0)
    title_english = StringField(_l("Title (English)"), [DataRequired(), Length(max=200)])
    title_indonesian = StringField(_l("Title (Indonesian)"), [DataRequired(), Length(max=200)])
    guidance_english = TextAreaField(_l("Guidance (English)"), [Length(max=5000)])
    guidance_indonesian = TextAreaField(_l("Guidance (Indonesian)"), [Length(max=5000)])
    next_step_english = TextAreaField(_l("Next step (English)"), [Length(max=1000)])
    next_step_indonesian = TextAreaField(_l("Next step (Indonesian)"), [Length(max=1000)])
    issuing_body = StringField(_l("Issuing body (Indonesian)"), [Length(max=200, message=AT_MOST)])
    issuing_body_english = StringField(
        _l("Issuing body (English)"), [Length(max=200, message=AT_MOST)]
    )
    weight = IntegerField(_l("Weight (1–10)"), [InputRequired(), NumberRange(1, 10)], default=5)
    mandatory = BooleanField(_l("Mandatory for export-ready (grades A and B)"))
    needs_document = BooleanField(_l("Asks for a document upload"))
    needs_number = BooleanField(_l("Asks for a certificate number"))
    needs_expiry = BooleanField(_l("Asks for an expiry date"))
    number_format = SelectField(_l("Number format"), choices=[])
    typical_days = IntegerField(_l("Typical time (days)"), [Optional(), NumberRange(0, 3650)])
    typical_cost_idr = IntegerField(_l("Typical cost (IDR)"), [Optional(), NumberRange(0, 10**12)])
    category_ids = MultiCheckboxField(
        _l("Applies to categories (none: all)"), coerce=int, choices=[]
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.number_format.choices = [SelectChoice(k, label) for k, label in format_choices()]
        self.category_ids.choices = [SelectChoice(v, label) for v, label in categories]


class PublishForm(FlaskForm):
    notes = TextAreaField(_l("What changed in this version"), [Optional(), Length(max=2000)])


class RuleForm(FlaskForm):
    market = SelectField(
        _l("Destination"), choices=[SelectChoice(m, MARKET_LABELS[m]) for m in MARKETS]
    )
    category_id = SelectField(_l("Category"), choices=[])
    hs_prefix = StringField(_l("HS code prefix"), [Optional(), Length(max=13)])
    document_code = StringField(
        _l("Document code"),
        [DataRequired(), Length(max=40), Regexp(r"^[a-z0-9_]+$", message=_l("Use a–z, 0–9, _."))],
    )
    title_english = StringField(_l("Document (English)"), [DataRequired(), Length(max=200)])
    title_indonesian = StringField(_l("Document (Indonesian)"), [DataRequired(), Length(max=200)])
    note_english = TextAreaField(_l("Note (English)"), [Length(max=2000)])
    note_indonesian = TextAreaField(_l("Note (Indonesian)"), [Length(max=2000)])
    issuing_body = StringField(_l("Issuing body (Indonesian)"), [Length(max=200, message=AT_MOST)])
    issuing_body_english = StringField(
        _l("Issuing body (English)"), [Length(max=200, message=AT_MOST)]
    )
    item_code = StringField(_l("Checklist item that proves it is held"), [Length(max=64)])
    per_shipment = BooleanField(_l("Issued for each shipment"))
    keywords = StringField(
        _l("Only when materials or name mention (comma-separated)"), [Length(max=300)]
    )
    legal_source = StringField(_l("Legal source (short citation)"), [Length(max=300)])

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = [SelectChoice("", _l("Any product (or by HS prefix)"))] + [
            SelectChoice(str(v), label) for v, label in categories
        ]
