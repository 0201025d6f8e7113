"""Forms of special inspections. Rules beyond the field level live in ``cases.py``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trading_house.core.forms import select_choices
from trading_house.readiness.clinic import TOPIC_LABELS
from trading_house.readiness.models import CLINIC_TOPICS
from trading_house.supervision.case_models import TRACK_LABELS, TRIGGER_LABELS
from trading_house.supervision.plan_forms import _optional_int

TEXT = Length(max=10_000)


class OpenCaseForm(FlaskForm):
    cooperative_id = SelectField(_l("Cooperative"), coerce=_optional_int, validate_choice=False)
    trigger = SelectField(_l("Trigger"), choices=select_choices(TRIGGER_LABELS.items()))
    complaint_id = SelectField(
        _l("Complaint (for a complaint trigger)"), coerce=_optional_int, validate_choice=False
    )
    note = TextAreaField(_l("Note (who referred it and why, for a referral)"), [Optional(), TEXT])


class MemberForm(FlaskForm):
    user_id = SelectField(
        _l("Examiner or clinic expert"), coerce=_optional_int, validate_choice=False
    )


class FindingForm(FlaskForm):
    track = SelectField(_l("Track"), choices=select_choices(TRACK_LABELS.items()))
    text = TextAreaField(_l("Finding"), validators=[DataRequired(), TEXT])
    evidence = FileField(_l("Evidence (PDF, JPEG or PNG; optional)"))


class RecommendationForm(FlaskForm):
    track = SelectField(_l("Track"), choices=select_choices(TRACK_LABELS.items()))
    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), TEXT])
    owner = StringField(_l("Carried out by"), validators=[DataRequired(), Length(max=200)])
    due_on = DateField(_l("Deadline"), validators=[InputRequired()])


class RecoveryForm(FlaskForm):
    plan = TextAreaField(_l("Recovery plan"), validators=[DataRequired(), TEXT])
    agreed_on = DateField(_l("Agreed with the board on"), validators=[InputRequired()])


class VisitPlanForm(FlaskForm):
    planned_on = DateField(_l("Visit planned on"), validators=[InputRequired()])


class VisitRecordForm(FlaskForm):
    visited_on = DateField(_l("Visited on"), validators=[InputRequired()])
    notes = TextAreaField(_l("What you saw"), validators=[DataRequired(), TEXT])


class NoteForm(FlaskForm):
    """Applying a sanction (its grounds) or closing the case (why)."""

    note = TextAreaField(_l("Grounds"), validators=[DataRequired(), TEXT])


class MoveForm(FlaskForm):
    to = StringField(validators=[DataRequired(), Length(max=20)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClinicForm(FlaskForm):
    held_on = DateField(_l("Date of the session"), validators=[InputRequired()])
    topics = MultiCheckboxField(
        _l("Topics"), choices=select_choices((t, TOPIC_LABELS[t]) for t in CLINIC_TOPICS)
    )
    advice = TextAreaField(_l("Advice given"), validators=[DataRequired(), Length(max=5000)])
