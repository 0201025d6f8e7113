"""Verification of an enterprise's legal identity: its states, moves and labels."""

from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from trading_house.core.labels import register_status_labels


class VerificationStatus(StrEnum):
    UNVERIFIED = "unverified"
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


VERIFICATION_STATES = tuple(VerificationStatus)

#: Allowed moves of ``Enterprise.verification_status``.
VERIFICATION_TRANSITIONS: dict[str, set[str]] = {
    VerificationStatus.UNVERIFIED: {VerificationStatus.PENDING, VerificationStatus.VERIFIED},
    VerificationStatus.PENDING: {
        VerificationStatus.VERIFIED,
        VerificationStatus.REJECTED,
        VerificationStatus.UNVERIFIED,
    },
    VerificationStatus.REJECTED: {VerificationStatus.PENDING, VerificationStatus.VERIFIED},
    VerificationStatus.VERIFIED: {VerificationStatus.UNVERIFIED},
}

VERIFICATION_LABELS: dict[str, Any] = {
    VerificationStatus.UNVERIFIED: _l("Not verified"),
    VerificationStatus.PENDING: _l("Pending"),
    VerificationStatus.VERIFIED: _l("Verified"),
    VerificationStatus.REJECTED: _l("Rejected"),
}

register_status_labels(VERIFICATION_LABELS)


def verification_label(status: str) -> str:
    return str(VERIFICATION_LABELS.get(status, status))
