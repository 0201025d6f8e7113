"""Forms of the examinations (the worksheet's answers are parsed per item by the views)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from trading_house.supervision.labels import WORKSHEET_LABELS


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class OpenExaminationForm(FlaskForm):
    cooperative_id = SelectField(_l("Cooperative"), coerce=int, validators=[InputRequired()])
    year = IntegerField(
        _l("Financial year examined"),
        validators=[InputRequired(), NumberRange(min=1945, max=2100)],
    )
    worksheet = SelectField(
        _l("Worksheet"),
        choices=[SelectChoice(key, label) for key, label in WORKSHEET_LABELS.items()],
        default="kkpkk",
    )


class StartSelfAssessmentForm(FlaskForm):
    year = IntegerField(
        _l("Financial year"), validators=[InputRequired(), NumberRange(min=1945, max=2100)]
    )


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        _l("What the cooperative must complete"), validators=[DataRequired(), Length(max=2000)]
    )


class FinaliseForm(FlaskForm):
    visited_on = DateField(_l("Date of the visit"), validators=[InputRequired()])
    visit_place = StringField(_l("Place"), validators=[DataRequired(), Length(max=300)])
    present = TextAreaField(
        _l("Present (names and positions)"), validators=[DataRequired(), Length(max=2000)]
    )
    conclusions = TextAreaField(_l("Conclusions"), validators=[Optional(), Length(max=10000)])
    recommendations = TextAreaField(
        _l("Recommendations"), validators=[Optional(), Length(max=10000)]
    )


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ItemForm(FlaskForm):
    weight = IntegerField(_l("Weight"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    better = SelectField(
        _l("Better when"),
        choices=[SelectChoice("higher", _l("higher")), SelectChoice("lower", _l("lower"))],
        validators=[Optional()],
    )
    limit_4 = StringField(_l("Limit for score 4"), validators=[Optional(), Length(max=20)])
    limit_3 = StringField(_l("Limit for score 3"), validators=[Optional(), Length(max=20)])
    limit_2 = StringField(_l("Limit for score 2"), validators=[Optional(), Length(max=20)])
    legal_source = StringField(_l("Legal source"), validators=[Optional(), Length(max=300)])


class CutoffsForm(FlaskForm):
    sehat = IntegerField(_l("Sehat from"), validators=[InputRequired(), NumberRange(1, 100)])
    cukup_sehat = IntegerField(
        _l("Cukup Sehat from"), validators=[InputRequired(), NumberRange(1, 100)]
    )
    dalam_pengawasan = IntegerField(
        _l("Dalam Pengawasan from"), validators=[InputRequired(), NumberRange(1, 100)]
    )
