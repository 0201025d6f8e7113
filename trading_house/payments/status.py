"""The payment lifecycle (``core/lifecycle.py``): a payment's statuses and moves, each recorded
as a generic status event ("payment"), and the statuses of a refund."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from trading_house.core.lifecycle import Lifecycle


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PROOF_SUBMITTED = "proof_submitted"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


PAYMENT_STATUSES = tuple(PaymentStatus)
#: A payment's own small lifecycle; each move is a generic status event ("payment").
PAYMENT_LIFECYCLE = Lifecycle(
    name="payment",
    statuses=PaymentStatus,
    table={
        PaymentStatus.PENDING: (
            PaymentStatus.PROOF_SUBMITTED,
            PaymentStatus.SUCCEEDED,
            PaymentStatus.FAILED,
            PaymentStatus.CANCELLED,
        ),
        PaymentStatus.PROOF_SUBMITTED: (
            PaymentStatus.PENDING,
            PaymentStatus.SUCCEEDED,
            PaymentStatus.CANCELLED,
        ),
        PaymentStatus.SUCCEEDED: (),
        PaymentStatus.FAILED: (),
        PaymentStatus.CANCELLED: (),
    },
    stamps={PaymentStatus.SUCCEEDED: "succeeded_at"},
    labels={
        PaymentStatus.PENDING: _l("Awaiting payment"),
        PaymentStatus.PROOF_SUBMITTED: _l("Payment proof sent — being checked"),
        PaymentStatus.SUCCEEDED: _l("Paid"),
        PaymentStatus.FAILED: _l("Failed"),
        PaymentStatus.CANCELLED: _l("Cancelled"),
    },
)
