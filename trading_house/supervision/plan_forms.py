"""Forms of the plan, capacities, complaints and the division's settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from trading_house.core.forms import select_choices
from trading_house.supervision.case_models import SANCTION_KIND_LABELS
from trading_house.supervision.labels import PREDICATE_LABELS
from trading_house.supervision.plan_models import MAX_CAPACITY


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class BuildPlanForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])


class AssignForm(FlaskForm):
    examiner_id = SelectField(_l("Examiner"), coerce=_optional_int, validate_choice=False)


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        _l("Capacity (cooperatives)"), validators=[InputRequired(), NumberRange(0, MAX_CAPACITY)]
    )


class ComplaintForm(FlaskForm):
    cooperative_id = SelectField(_l("Cooperative"), coerce=_optional_int, validate_choice=False)
    received_on = DateField(_l("Received on"), validators=[InputRequired()])
    source = StringField(_l("From whom"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=10_000)])


class SettingsForm(FlaskForm):
    pool_min_predicate = SelectField(
        _l("Pooled export deals require at least"),
        choices=select_choices(
            [
                ("", _l("No requirement")),
                ("cukup_sehat", PREDICATE_LABELS["cukup_sehat"]),
                ("sehat", PREDICATE_LABELS["sehat"]),
            ]
        ),
    )


class SanctionStepForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=select_choices(SANCTION_KIND_LABELS.items()))
    title = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    response_days = IntegerField(
        _l("Days to respond"), validators=[Optional(), NumberRange(0, 365)], default=30
    )
