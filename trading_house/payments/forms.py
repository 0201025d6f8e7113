"""Forms of the payments area. Every amount a person types is a ``MoneyField``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from trading_house.core.errors import DomainError
from trading_house.core.forms import MoneyField
from trading_house.orders.status import FulfilmentStatus


def show_refusal(form, error: DomainError, field: str) -> None:
    """Show a refusal on the form field it names, else on ``field`` (where the page shows it)."""
    target = getattr(form, error.field or "", None) or getattr(form, field)
    target.errors = [*target.errors, error.message]


class ProofForm(FlaskForm):
    proof = FileField(
        _l("Proof of transfer (PDF, JPEG or PNG)"),
        validators=[FileRequired(_l("Choose the file of your transfer receipt."))],
    )


class RejectProofForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with the proof?"), validators=[DataRequired(), Length(max=1000)]
    )


class ConfirmTransferForm(FlaskForm):
    """Staff record a transfer that arrived: the amount on the bank statement, in the order's
    currency, with the proof (the buyer's, or one the staff member uploads) or a reason."""

    amount = MoneyField(
        _l("Amount received"),
        currency="IDR",
        validators=[InputRequired(_l("Enter the amount that arrived."))],
    )
    proof = FileField(_l("Proof of the transfer (PDF, JPEG or PNG)"))
    reason = TextAreaField(_l("Why there is no proof"), validators=[Length(max=1000)])
    #: The payment's version when the page was shown (0: no payment yet): a stale tab is told.
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount.fixed_currency = order.currency


class ReturnMoneyForm(FlaskForm):
    """Staff sent money back to the buyer (an overpayment, or a cancelled order's transfer)."""

    amount = MoneyField(
        _l("Amount returned"),
        currency="IDR",
        validators=[InputRequired(_l("Enter the amount returned."))],
    )
    reference = StringField(
        _l("Reference of the transfer back"), validators=[DataRequired(), Length(max=200)]
    )
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount.fixed_currency = order.currency


class RefundForm(FlaskForm):
    """Per-line quantities come as ``line-<id>`` fields next to this form's own fields."""

    include_shipping = BooleanField(_l("Refund the shipping too"))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class PayoutForm(FlaskForm):
    amount = MoneyField(
        _l("Amount (IDR)"),
        currency="IDR",
        validators=[InputRequired(_l("Enter the amount paid out."))],
    )
    paid_on = DateField(_l("Paid on"), validators=[InputRequired()])
    reference = StringField(_l("Transfer reference"), validators=[DataRequired(), Length(max=80)])
    note = TextAreaField(_l("Note"), validators=[Length(max=1000)])


class CommissionForm(FlaskForm):
    category_id = SelectField(_l("Applies to"), choices=[], validate_choice=False)
    rate = StringField(_l("Commission (%)"), validators=[DataRequired(), Length(max=10)])


class PayoutRuleForm(FlaskForm):
    payable_after = RadioField(
        _l("Lines may be paid out to their enterprise"),
        choices=[
            SelectChoice(FulfilmentStatus.SHIPPED, _l("once shipped (handed to the courier)")),
            SelectChoice(FulfilmentStatus.DELIVERED, _l("once the buyer received them")),
        ],
        validators=[InputRequired(_l("Choose when lines may be paid out."))],
    )


class MilestonePlanForm(FlaskForm):
    """Two parts: a deposit on order and the balance before shipment or against documents."""

    deposit_percent = IntegerField(
        _l("Deposit on order (%)"),
        default=30,
        validators=[
            InputRequired(_l("Enter the deposit in percent.")),
            NumberRange(1, 99, _l("Enter a whole number from 1 to 99.")),
        ],
    )
    balance_due = SelectField(
        _l("The balance is due"),
        choices=[
            SelectChoice("before_shipment", _l("Before shipment")),
            SelectChoice("against_documents", _l("Against shipping documents")),
        ],
    )


class MilestonePaidForm(FlaskForm):
    method = SelectField(
        _l("Paid by"),
        choices=[
            SelectChoice("bank_transfer", _l("Bank transfer")),
            SelectChoice("card", _l("Card")),
        ],
    )
    received_reference = StringField(
        _l("Bank or card reference"),
        validators=[DataRequired(_l("Give the bank or card reference.")), Length(3, 80)],
    )


class DisputeDecisionForm(FlaskForm):
    outcome = SelectField(_l("Decision"))
    refund_quantity = IntegerField(
        _l("Units to refund (partial refund)"),
        default=0,
        validators=[NumberRange(0, 10**7, _l("Enter a whole number from 0."))],
    )
    note = TextAreaField(
        _l("Explanation for the buyer and the seller"),
        validators=[DataRequired(_l("Explain the decision.")), Length(5, 4000)],
    )
