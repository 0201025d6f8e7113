"""Enterprise use cases: create, edit the profile, manage the team."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.phones import is_e164
from trading_house.core.slugs import unique_slug
from trading_house.enterprises.identity import (
    InvalidValue,
    check_legal_form,
    check_regency,
    checked_email,
    indonesian_phone,
    normalize_nib,
    normalize_npwp,
)
from trading_house.enterprises.logos import store_logo
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.status import (
    VERIFICATION_TRANSITIONS,
    VerificationStatus,
    verification_label,
)
from trading_house.extensions import db


def create_enterprise(owner, *, name: str, legal_form: str, regency_code: str) -> Enterprise:
    """Create an enterprise with ``owner`` as its owner member (flushes, never commits)."""
    enterprise = Enterprise(
        name=name.strip(),
        slug=unique_slug(Enterprise, name, fallback="usaha"),
        legal_form=legal_form,
        regency_code=regency_code,
        verification_status=VerificationStatus.UNVERIFIED,
    )
    enterprise.members = [Membership(user_id=owner.id, role="owner")]
    db.session.add(enterprise)
    db.session.flush()
    return enterprise


# --- Profile -----------------------------------------------------------------------------------

#: Profile fields an owner edits, in form order.
PROFILE_FIELDS = (
    "name",
    "legal_form",
    "nib",
    "npwp",
    "regency_code",
    "address",
    "phone",
    "contact_email",
    "story_indonesian",
    "story_english",
    "monthly_capacity",
    "export_experience",
    "founded_year",
    "employees",
)


def update_enterprise_profile(
    enterprise: Enterprise, *, actor, logo: bytes | None = None, **fields
):
    """Change the profile (and the logo when given); invalid input changes nothing.

    Every value is checked before anything is written, so a bad NIB never leaves a new logo
    or half the fields behind. The slug stays as it was: public links keep working.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    cleaned = clean_profile(fields)
    logo_key = store_logo(logo) if logo else None
    changed = sorted(name for name, value in cleaned.items() if getattr(enterprise, name) != value)
    for name, value in cleaned.items():
        setattr(enterprise, name, value)
    if logo_key and logo_key != enterprise.logo_key:
        enterprise.logo_key = logo_key
        changed.append("logo")
    if changed:
        audit.record("enterprise.profile_updated", actor=actor, subject=enterprise, fields=changed)
    db.session.flush()
    return enterprise


def clean_profile(fields: dict) -> dict:
    """Normalise profile values (raises ``InvalidValue`` naming the field)."""
    cleaned = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "name":
            if not value or len(value) < 3:
                raise InvalidValue(_l("The name needs at least 3 characters."), field="name")
            if len(value) > 160:
                raise InvalidValue(_l("The name is too long (at most 160 characters)."), field=name)
        elif name == "legal_form":
            value = check_legal_form(value)
        elif name == "regency_code":
            value = check_regency(value)
        elif name == "nib":
            value = normalize_nib(value)
        elif name == "npwp":
            value = normalize_npwp(value)
        elif name == "phone":
            value = indonesian_phone(value)
        elif name == "contact_email":
            value = checked_email(value, field=name)
        elif name == "founded_year":
            value = _check_int(
                value, name, 1900, utcnow().year, _l("Enter a year between 1900 and now.")
            )
        elif name == "employees":
            value = _check_int(
                value, name, 0, 1_000_000, _l("Enter a number of people, 0 or more.")
            )
        else:
            value = value or None
        cleaned[name] = value
    return cleaned


def _check_int(value, field: str, low: int, high: int, message) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidValue(message, field=field) from None
    if not low <= number <= high:
        raise InvalidValue(message, field=field)
    return number


#: What a complete profile has, with the label shown when it is missing.
COMPLETENESS = (
    ("nib", _l("NIB")),
    ("npwp", _l("NPWP")),
    ("address", _l("Address")),
    ("phone", _l("Phone")),
    ("contact_email", _l("Contact e-mail")),
    ("story_indonesian", _l("Story in Indonesian")),
    ("story_english", _l("Story in English")),
    ("logo_key", _l("Logo")),
    ("monthly_capacity", _l("Monthly capacity")),
    ("export_experience", _l("Export experience")),
    ("founded_year", _l("Founded in")),
    ("employees", _l("Employees")),
)


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list

    @property
    def complete(self) -> bool:
        return not self.missing


def profile_completeness(enterprise: Enterprise) -> Completeness:
    """How much of the profile is filled in (name, legal form and regency always are)."""
    missing = [label for name, label in COMPLETENESS if getattr(enterprise, name) in (None, "")]
    if enterprise.phone and not is_e164(enterprise.phone):
        # A number typed before phones were checked that could not be read: the owner fixes it.
        missing.append(_l("Phone (check the number)"))
    total = len(COMPLETENESS) + 3
    return Completeness(percent=round(100 * (total - len(missing)) / total), missing=missing)


# --- Verification of the legal identity ----------------------------------------------------------


def set_verification_status(enterprise: Enterprise, to: str, *, actor, note: str | None = None):
    """The one transition function for verification; the audit entry is its event row."""
    current = enterprise.verification_status
    if to not in VERIFICATION_TRANSITIONS.get(current, set()):
        raise InvalidTransition(
            _l(
                "The verification cannot go from “%(current)s” to “%(to)s”.",
                current=verification_label(current),
                to=verification_label(to),
            )
        )
    enterprise.verification_status = to
    if to == VerificationStatus.VERIFIED:
        enterprise.verified_at = utcnow()
        enterprise.verified_by_id = getattr(actor, "id", None)
    elif current == VerificationStatus.VERIFIED:
        enterprise.verified_at = None
        enterprise.verified_by_id = None
    audit.record(
        "enterprise.verification_changed",
        actor=actor,
        subject=enterprise,
        from_status=current,
        to_status=to,
        note=note or "",
    )
    db.session.flush()
    return enterprise


def request_verification(enterprise: Enterprise, *, actor) -> Enterprise:
    """The owner asks the trading house to check the NIB and NPWP."""
    if not enterprise.nib or not enterprise.npwp:
        raise DomainError(_l("Fill in the NIB and the NPWP before asking for verification."))
    return set_verification_status(enterprise, VerificationStatus.PENDING, actor=actor)
