"""Password hashing with argon2id at OWASP-recommended parameters; old hashes upgrade on sign-in."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
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
