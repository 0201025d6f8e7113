"""Admin forms; every message is our own translated text."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length

from trading_house.accounts.models import ROLES

ROLE_LABELS = {
    "buyer": _l("Buyer"),
    "sme": _l("SME"),
    "curator": _l("Curator"),
    "admin": _l("Administrator"),
    "examiner": _l("Cooperative examiner"),
    "coop_officer": _l("Cooperative officer"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(
        _l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES], validate_choice=False
    )


class RateForm(FlaskForm):
    """One currency's rate; ``currency`` is checked by the service."""

    currency = StringField(validators=[DataRequired()])
    rate = StringField(_l("Rupiah for one unit"))


def _names_validators():
    return [
        DataRequired(message=_l("Enter the name in both languages.")),
        Length(max=120, message=_l("The name is too long (at most 120 characters).")),
    ]


class CategoryForm(FlaskForm):
    name_indonesian = StringField(_l("Name in Indonesian"), validators=_names_validators())
    name_english = StringField(_l("Name in English"), validators=_names_validators())
    parent_id = SelectField(_l("Parent"), validate_choice=False, default="")

    def set_parents(self, parents, locale: str) -> None:
        self.parent_id.choices = [SelectChoice("", _l("— Top level —"))] + [
            SelectChoice(str(p.id), p.name_for(locale)) for p in parents
        ]
