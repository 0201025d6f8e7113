"""Forms: a review (four star ratings, text, photos), an answer, a report, a moderation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from trading_house.reviews.models import REPORT_REASONS

STAR_CHOICES = [SelectChoice(n, str(n)) for n in range(5, 0, -1)]
ASPECT_LABELS = {
    "quality": _l("Product quality"),
    "accuracy": _l("As described"),
    "packaging": _l("Packaging"),
    "communication": _l("Communication with the seller"),
}


def _star_field(aspect: str) -> RadioField:
    return RadioField(
        ASPECT_LABELS[aspect],
        choices=STAR_CHOICES,
        coerce=int,
        validators=[DataRequired(message=_l("Give 1 to 5 stars."))],
    )


class ReviewForm(FlaskForm):
    quality = _star_field("quality")
    accuracy = _star_field("accuracy")
    packaging = _star_field("packaging")
    communication = _star_field("communication")
    text = TextAreaField(
        _l("Your review"),
        validators=[Optional(), Length(max=4000)],
        description=_l("What did you buy it for, and how was it? Other buyers read this."),
    )
    photos = MultipleFileField(
        _l("Photos (optional, up to 4)"),
        description=_l("JPEG, PNG, WebP or HEIC photos of what you received."),
    )


class AnswerForm(FlaskForm):
    text = TextAreaField(
        _l("Your answer"),
        validators=[DataRequired(message=_l("Write your answer first.")), Length(max=2000)],
        description=_l("Shown under the review. You can answer once and cannot change it."),
    )


class ReportForm(FlaskForm):
    reason = SelectField(
        _l("Why should curators look at this review?"),
        choices=[
            SelectChoice("", _l("Choose…")),
            *(SelectChoice(key, label) for key, label in REPORT_REASONS.items()),
        ],
        validators=[DataRequired(message=_l("Choose a reason."))],
    )
    note = TextAreaField(_l("Anything else (optional)"), validators=[Optional(), Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Note for the record (optional)"), validators=[Length(max=2000)])
