"""Forms: a list name, a save button, the day of a repeat order, and bare CSRF posts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ListForm(FlaskForm):
    name = StringField(
        _l("List name"),
        validators=[DataRequired(message=_l("Give the list a name.")), Length(max=80)],
        description=_l("For example “Oleh-oleh for Surabaya, December”."),
    )


class SaveForm(FlaskForm):
    #: A list of the user's; empty: the default "Saved" list.
    list_id = HiddenField(validators=[Optional()])
    #: "save" or "unsave".
    action = HiddenField(default="save")


class RepeatForm(FlaskForm):
    day_of_month = IntegerField(
        _l("Day of the month"),
        validators=[
            DataRequired(message=_l("Choose a day from 1 to 28.")),
            NumberRange(min=1, max=28, message=_l("Choose a day from 1 to 28.")),
        ],
        description=_l(
            "On this day each month a draft order at that day's prices waits for your confirmation."
        ),
    )


class PostForm(FlaskForm):
    """A button that only needs the CSRF token."""


class PlaceForm(FlaskForm):
    """Order again at once: quantities come as ``qty-<product id>`` fields (typed like
    ``1.200``), read by the view; the key makes a second submission find the first order."""

    idempotency_key = HiddenField()
    on_terms = BooleanField(_l("Pay on net terms (invoice)"), default=True)
