"""Account use cases: create and register users, sign in, profile, roles and activation.

E-mail verification and password reset live in :mod:`trading_house.accounts.recovery`.
Services flush, never commit; they raise :class:`DomainError` (with ``field`` when one input is
to blame) and the edge turns that into a message next to the field.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.accounts import policies
from trading_house.accounts.choices import is_country
from trading_house.accounts.emails import (
    notify_account_exists,
    notify_password_changed,
    send_verification,
)
from trading_house.accounts.models import BUYER_TYPES, ROLES, User, UserRole
from trading_house.accounts.passwords import (
    burn_verification_time,
    hash_password,
    password_problem,
    verify_password,
)
from trading_house.accounts.sessions import end_all_sessions, end_other_sessions
from trading_house.accounts.throttle import BY_SOURCE, Attempt, SignInThrottled
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.countries import currency_for, timezone_for
from trading_house.core.errors import DomainError
from trading_house.extensions import db

DEFAULT_TIMEZONE = "Asia/Makassar"
ACCOUNT_TYPES = ("buyer", "sme")

EMAIL_TAKEN = _l("An account with this e-mail address already exists.")
BAD_CREDENTIALS = _l("The e-mail address or password is not correct.")
DEACTIVATED = _l(
    "This account has been deactivated. Please contact the trading house if you think "
    "this is a mistake."
)


class SignInRefused(DomainError):
    """A refused sign-in: its failure count and audit entry are kept (committed, then shown)."""

    keep_changes = True


class EmailTaken(DomainError):
    """An account with this e-mail address exists already."""


def normalize_email(email: str | None) -> str:
    """E-mail addresses are kept lower-case, so ``Ani@X.id`` and ``ani@x.id`` are one account."""
    return (email or "").strip().lower()


def find_user_by_email(email: str | None) -> User | None:
    """The user with this e-mail address in any letter case, or None."""
    normalized = normalize_email(email)
    if not normalized:
        return None
    return db.session.scalar(select(User).where(User.email == normalized))


def _check_email(email: str) -> None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise DomainError(
            _l("Enter a valid e-mail address, e.g. name@example.com."), field="email"
        ) from None


def _check_password(password: str, email: str, field: str = "password") -> None:
    problem = password_problem(password, email)
    if problem is not None:
        raise DomainError(problem, field=field)


def _check_preferences(language: str, currency: str, timezone: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("Choose a language from the list."), field="preferred_language")
    if currency not in current_app.config["CURRENCIES"]:
        raise DomainError(_l("Choose a currency from the list."), field="preferred_currency")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(_l("Choose a time zone from the list."), field="timezone") from None


def _offered_currencies() -> tuple[str, ...]:
    return tuple(current_app.config["CURRENCIES"])


def _checked_display_name(display_name: str | None) -> str:
    name = (display_name or "").strip()
    if not name:
        raise DomainError(_l("Enter your name."), field="display_name")
    if len(name) > 120:
        raise DomainError(_l("Use at most %(count)s characters.", count=120), field="display_name")
    return name


def _clean_country(country: str | None, *, required: bool = False) -> str | None:
    code = (country or "").strip().upper() or None
    if code is None:
        if required:
            raise DomainError(_l("Choose your country."), field="country")
        return None
    if not is_country(code):
        raise DomainError(_l("Choose a country from the list."), field="country")
    return code


def _clean_company(company: str | None) -> str | None:
    text = (company or "").strip() or None
    if text and len(text) > 160:
        raise DomainError(_l("Use at most %(count)s characters.", count=160), field="company")
    return text


def create_user(
    email: str,
    password: str,
    display_name: str,
    roles=("buyer",),
    *,
    verified: bool = False,
    preferred_language: str = "id",
    preferred_currency: str = "IDR",
    timezone: str = DEFAULT_TIMEZONE,
    company: str | None = None,
    country: str | None = None,
    buyer_type: str | None = None,
    actor=None,
) -> User:
    """Create a user with ``roles``; a taken e-mail or a weak password raises DomainError."""
    email = normalize_email(email)
    _check_email(email)
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown or not roles:
        raise DomainError(
            _l("Unknown role: %(role)s.", role=", ".join(sorted(unknown)) or "-"), field="roles"
        )
    if find_user_by_email(email) is not None:
        raise EmailTaken(EMAIL_TAKEN, field="email")
    _check_password(password, email)
    _check_preferences(preferred_language, preferred_currency, timezone)
    if buyer_type is not None and buyer_type not in BUYER_TYPES:
        raise DomainError(_l("Choose a buyer type from the list."), field="buyer_type")
    user = User(
        email=email,
        password_hash=hash_password(password),
        display_name=_checked_display_name(display_name),
        company=_clean_company(company),
        country=_clean_country(country),
        buyer_type=buyer_type,
        preferred_language=preferred_language,
        preferred_currency=preferred_currency,
        timezone=timezone,
        email_verified_at=utcnow() if verified else None,
        active=True,
    )
    user.roles = [UserRole(role=role) for role in sorted(roles)]
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Two sign-ups for one address at the same moment: the unique index decides.
        db.session.rollback()
        raise EmailTaken(EMAIL_TAKEN, field="email") from None
    audit.record("user.created", actor=actor, subject=user, roles=sorted(roles))
    return user


def register_user(
    *,
    account_type: str,
    email: str,
    password: str,
    display_name: str,
    preferred_language: str,
    company: str | None = None,
    country: str | None = None,
    buyer_type: str | None = None,
    next_path: str | None = None,
) -> User | None:
    """Self-service sign-up as a buyer or an SME owner; sends the verification e-mail.

    A buyer's currency and time zone start as those of its country (Japan: yen, Asia/Tokyo);
    ``next_path`` (a path on this site, checked by the caller) rides along in the e-mailed link,
    so confirming the address leads back to the page that asked for an account.

    Returns None when the address already has an account: its owner gets a "you already have
    an account" e-mail instead, and the caller answers exactly as for a new account, so the
    form never tells a visitor whose address is registered. Everything the visitor typed is
    checked first, so both cases give the same errors too. For an SME the caller creates the
    enterprise in the same transaction.
    """
    if account_type not in ACCOUNT_TYPES:
        raise DomainError(_l("Choose an account type."), field="account_type")
    if account_type == "buyer":
        country = _clean_country(country, required=True)
        if buyer_type not in BUYER_TYPES:
            raise DomainError(_l("Choose a buyer type from the list."), field="buyer_type")
        roles = ("buyer",)
    else:
        country, buyer_type, roles = "ID", None, ("sme",)
    email = normalize_email(email)
    _check_email(email)
    _check_password(password, email)
    currency = "IDR" if account_type == "sme" else currency_for(country, _offered_currencies())
    timezone = timezone_for(country) if account_type == "buyer" else DEFAULT_TIMEZONE
    _check_preferences(preferred_language, currency, timezone)
    _checked_display_name(display_name)
    _clean_company(company)
    if find_user_by_email(email) is None:
        try:
            user = create_user(
                email,
                password,
                display_name,
                roles,
                preferred_language=preferred_language,
                preferred_currency=currency,
                timezone=timezone,
                company=company,
                country=country,
                buyer_type=buyer_type,
            )
        except EmailTaken:
            pass  # registered a moment ago by a parallel request: the owner gets the note
        else:
            audit.record("auth.registered", actor=user, subject=user, account_type=account_type)
            send_verification(user, next_path=next_path)
            return user
    _note_existing_account(email, password)
    return None


def _note_existing_account(email: str, password: str) -> None:
    # Cost what creating the account costs (one password hash), so timing tells nothing.
    hash_password(password)
    owner = find_user_by_email(email)
    audit.record("auth.registration_for_existing_account", subject=owner)
    if owner is not None and owner.active:
        notify_account_exists(owner)


def authenticate(email: str, password: str, *, source: str | None = None) -> User:
    """The user these credentials belong to; upgrades an old hash; audits success and failure.

    Wrong passwords slow further attempts down (``throttle.py``, per address and per
    ``source``); an attempt that must wait raises SignInThrottled, and whether its password
    was right is never used nor told.
    """
    normalized = normalize_email(email)
    attempt = Attempt(normalized, source)
    try:
        attempt.precheck()
        user = find_user_by_email(normalized)
        if user is None:
            burn_verification_time(password or "")
            ok, new_hash = False, None
        else:
            ok, new_hash = verify_password(user.password_hash, password or "")
        attempt.decide(ok)
    except SignInThrottled:
        audit.record("auth.sign_in_throttled", email=normalized[:254])
        raise
    if user is None:
        audit.record("auth.sign_in_failed", email=normalized[:254], reason="unknown_email")
        raise SignInRefused(BAD_CREDENTIALS)
    if not ok:
        audit.record("auth.sign_in_failed", subject=user, reason="wrong_password")
        raise SignInRefused(BAD_CREDENTIALS)
    # Only someone who knows the password learns that the account is deactivated.
    if not user.active:
        audit.record("auth.sign_in_failed", subject=user, reason="deactivated")
        raise SignInRefused(DEACTIVATED)
    if new_hash is not None:
        user.password_hash = new_hash
    user.last_sign_in_at = utcnow()
    audit.record("auth.sign_in", actor=user, subject=user, rehashed=new_hash is not None)
    db.session.flush()
    return user


def reauthenticate(user: User, password: str, *, source: str | None = None) -> None:
    """The signed-in user types the password again before a sensitive action.

    Only the per-source count applies: the owner, already signed in (perhaps by an e-mailed
    link while someone else guesses), is not kept out by failures from elsewhere.
    """
    attempt = Attempt(user.email, source, rules=(BY_SOURCE,))
    try:
        attempt.precheck()
        ok, _new_hash = verify_password(user.password_hash, password or "")
        attempt.decide(ok)
    except SignInThrottled:
        audit.record("auth.reauthentication_throttled", actor=user, subject=user)
        raise
    if not ok:
        audit.record("auth.reauthentication_failed", actor=user, subject=user)
        raise SignInRefused(_l("The password is not correct."), field="password")
    audit.record("auth.reauthenticated", actor=user, subject=user)


def record_sign_out(user: User) -> None:
    audit.record("auth.sign_out", actor=user, subject=user)


def update_profile(
    user: User,
    *,
    display_name: str,
    company: str | None,
    country: str | None,
    preferred_language: str,
    preferred_currency: str,
    timezone: str,
) -> User:
    """Change the user's name, company and preferences."""
    _check_preferences(preferred_language, preferred_currency, timezone)
    user.display_name = _checked_display_name(display_name)
    user.company = _clean_company(company)
    user.country = _clean_country(country)
    user.preferred_language = preferred_language
    user.preferred_currency = preferred_currency
    user.timezone = timezone
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password (the current one is required); every OTHER session ends."""
    ok, _ = verify_password(user.password_hash, current_password or "")
    if not ok:
        raise DomainError(_l("Your current password is not correct."), field="current_password")
    if new_password == current_password:
        raise DomainError(
            _l("Choose a password that is different from your current one."),
            field="new_password",
        )
    _check_password(new_password, user.email, field="new_password")
    user.password_hash = hash_password(new_password)
    end_other_sessions(user)
    audit.record("auth.password_changed", actor=user, subject=user)
    notify_password_changed(user)
    db.session.flush()


def set_roles(user: User, roles, *, actor) -> User:
    """Give ``user`` exactly ``roles``; audited. ``actor`` None means the command line."""
    roles = set(roles)
    policies.check_role_change(actor, user, roles)
    before = sorted(user.role_names)
    if set(before) == roles:
        return user
    # Keep the rows that stay and add only new ones: deleting and re-inserting the same
    # primary key in one flush would collide.
    user.roles = [r for r in user.roles if r.role in roles] + [
        UserRole(role=role) for role in sorted(roles - set(before))
    ]
    audit.record(
        "user.roles_changed", actor=actor, subject=user, before=before, after=sorted(roles)
    )
    db.session.flush()
    return user


def deactivate_user(user: User, *, actor) -> User:
    """Deactivate ``user``: they cannot sign in and every open session ends at once."""
    policies.check_deactivation(actor, user)
    if not user.active:
        return user
    user.active = False
    end_all_sessions(user)
    audit.record("user.deactivated", actor=actor, subject=user)
    db.session.flush()
    return user


def reactivate_user(user: User, *, actor) -> User:
    """Let a deactivated user sign in again."""
    policies.check_reactivation(actor, user)
    if user.active:
        return user
    user.active = True
    audit.record("user.reactivated", actor=actor, subject=user)
    db.session.flush()
    return user
