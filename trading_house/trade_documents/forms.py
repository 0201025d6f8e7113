"""The admin form of the trading house's identity."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class IdentityForm(FlaskForm):
    legal_name = StringField(_l("Legal name"), validators=[DataRequired(), Length(max=200)])
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=1000)])
    nib = StringField(_l("NIB"), validators=[Length(max=20)])
    npwp = StringField(_l("NPWP"), validators=[Length(max=25)])
    export_registration = StringField(_l("Export registration"), validators=[Length(max=80)])
    email = StringField(_l("E-mail"), validators=[Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    website = StringField(_l("Website"), validators=[Length(max=120)])
    bank_name = StringField(_l("Bank"), validators=[Length(max=120)])
    bank_branch_address = TextAreaField(_l("Bank address"), validators=[Length(max=1000)])
    bank_account_name = StringField(_l("Account name"), validators=[Length(max=200)])
    bank_account_number = StringField(_l("Account number"), validators=[Length(max=40)])
    bank_swift = StringField(_l("SWIFT/BIC"), validators=[Length(max=11)])
