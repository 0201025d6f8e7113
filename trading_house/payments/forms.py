"""Forms of the payments area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length


class ProofForm(FlaskForm):
    proof = FileField(
        _l("Proof of transfer (PDF, JPEG or PNG)"),
        validators=[FileRequired(_l("Choose the file of your transfer receipt."))],
    )


class RejectProofForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with the proof?"), validators=[DataRequired(), Length(max=1000)]
    )


class RefundForm(FlaskForm):
    """Per-line quantities come as ``line-<id>`` fields next to this form's own fields."""

    include_shipping = BooleanField(_l("Refund the shipping too"))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class PayoutForm(FlaskForm):
    amount = StringField(_l("Amount (IDR)"), validators=[InputRequired()])
    paid_on = DateField(_l("Paid on"), validators=[InputRequired()])
    reference = StringField(_l("Transfer reference"), validators=[DataRequired(), Length(max=80)])
    note = TextAreaField(_l("Note"), validators=[Length(max=1000)])


class CommissionForm(FlaskForm):
    category_id = SelectField(_l("Applies to"), choices=[], validate_choice=False)
    rate = StringField(_l("Commission (%)"), validators=[DataRequired(), Length(max=10)])
