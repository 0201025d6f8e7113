"""Password hashing with argon2id at OWASP-recommended parameters; old hashes upgrade on sign-in."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

# OWASP Password Storage Cheat Sheet / ASVS 5: argon2id, m=19 MiB, t=2, p=1 at minimum.
_PRODUCTION = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Tests hash thousands of passwords; the algorithm is the same, only the cost is lower.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _PRODUCTION


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> tuple[bool, str | None]:
    """Check ``password``; return (ok, new_hash) where new_hash is set when an upgrade is due."""
    if stored.startswith("$argon2"):
        try:
            _hasher().verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False, None
        return True, hash_password(password) if _hasher().check_needs_rehash(stored) else None
    # Legacy hashes (Werkzeug pbkdf2/scrypt) are accepted once and replaced by argon2id.
    try:
        ok = check_password_hash(stored, password)
    except ValueError:
        return False, None
    return ok, hash_password(password) if ok else None


# --- strength -------------------------------------------------------------------------------

MIN_LENGTH = 10
#: Longer inputs are refused before hashing, so nobody can make us hash megabytes.
MAX_LENGTH = 256
#: A small list of passwords that appear first in every breach list (compared lower-case,
#: also with trailing digits and symbols removed, so "Password2026!" counts as "password").
COMMON_PASSWORDS = frozenset(
    """
    password passw0rd password1 qwerty qwertyuiop qwerty123 asdfghjkl azerty iloveyou
    letmein welcome admin administrator monkey dragon football baseball sunshine princess
    starwars whatever trustno1 superman batman master shadow michael jennifer abc123
    1234567890 12345678910 0123456789 1111111111 0000000000 1234512345 1q2w3e4r5t 1qaz2wsx3edc
    zaq12wsx changeme changemenow secret login logmein indonesia jakarta makassar sulawesi
    rahasia bismillah sayang katasandi katakunci
    """.split()
)


def password_problem(password: str | None, email: str | None = None):
    """Why ``password`` is too weak (a lazy translated message), or None when it is fine."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)s characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(count)s characters.", count=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered.rstrip("0123456789!@#$%^&*.-_ ") in COMMON_PASSWORDS:
        return _l("This password is too common. Choose one that is harder to guess.")
    if len(set(lowered)) < 4:
        return _l("This password is too easy to guess. Mix more different characters.")
    local_part = (email or "").strip().lower().partition("@")[0]
    if len(local_part) >= 3 and local_part in lowered:
        return _l("The password must not contain your e-mail address.")
    return None


_DUMMY_HASHES: dict[int, str] = {}


def burn_verification_time(password: str) -> None:
    """Spend what a real check costs, so unknown e-mails cannot be told apart by timing."""
    hasher = _hasher()
    dummy = _DUMMY_HASHES.get(id(hasher))
    if dummy is None:
        dummy = _DUMMY_HASHES[id(hasher)] = hasher.hash("not-a-real-password")
    try:
        hasher.verify(dummy, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass
