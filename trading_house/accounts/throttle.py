"""Sign-in throttling: growing waits after wrong passwords, per address and per source.

Two counts per attempt: one for the e-mail address (every source together) and one for the
address from this source (an IPv4 address or an IPv6 /64). The per-source count slows one
guesser down quickly; the per-address count slows many guessers together, more gently. Nobody
can lock the owner out: the owner's own source has its own count, and when the per-address
count makes the owner wait too, the one-time sign-in link by e-mail (``links.py``) still works.

The counts live in the database, so every worker and machine shares them whether Redis is up
or not. Keys are hashes: the table never holds an address in clear, nor tells which addresses
have an account (unknown addresses are counted the same way).
"""

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from flask_babel import lazy_ngettext
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from trading_house.accounts.models import SignInThrottle
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.sql import dialect_name
from trading_house.core.tx import changed_rows
from trading_house.extensions import db


@dataclass(frozen=True)
class Rule:
    """``free`` failures cost nothing; each further one doubles the wait, up to ``max_wait``."""

    scope: str
    free: int
    first_wait: timedelta
    max_wait: timedelta

    def wait(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 20)  # 2**20 minutes is far past any max_wait
        return min(self.first_wait * 2**doublings, self.max_wait)


BY_SOURCE = Rule("source", free=5, first_wait=timedelta(seconds=30), max_wait=timedelta(hours=1))
BY_ACCOUNT = Rule("account", free=20, first_wait=timedelta(minutes=1), max_wait=timedelta(hours=1))
#: A count that saw no new failure for this long starts again from zero (``prune`` deletes it).
FORGET_AFTER = timedelta(hours=24)


class SignInThrottled(DomainError):
    """Too many wrong passwords: the next attempt is allowed at ``until``."""

    #: The refused attempt is recorded (audit entry) before the error is shown.
    keep_changes = True

    def __init__(self, until: datetime):
        minutes = max(1, ceil((until - utcnow()).total_seconds() / 60))
        super().__init__(
            lazy_ngettext(
                "Too many failed attempts to sign in to this account. Try again in %(num)s "
                "minute, or get a one-time sign-in link by e-mail.",
                "Too many failed attempts to sign in to this account. Try again in %(num)s "
                "minutes, or get a one-time sign-in link by e-mail.",
                minutes,
            )
        )
        self.until = until


def source_of(address: str | None) -> str:
    """The source an attempt is counted for: the IPv4 address, or the IPv6 /64 network (one
    household or server gets a whole /64, so single IPv6 addresses are cheap to change)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _throttle_key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _keys(email: str, source: str, rules) -> dict[str, Rule]:
    keys = {}
    for rule in rules:
        parts = ("account", email) if rule is BY_ACCOUNT else ("source", email, source_of(source))
        keys[_throttle_key(*parts)] = rule
    return keys


def _blocked_until(keys: dict[str, Rule]) -> datetime | None:
    now = utcnow()
    rows = db.session.execute(
        select(SignInThrottle.key, SignInThrottle.failures, SignInThrottle.last_failure_at).where(
            SignInThrottle.key.in_(list(keys))
        )
    ).all()
    until = None
    for key, failures, last_failure_at in rows:
        if last_failure_at < now - FORGET_AFTER:
            continue
        moment = last_failure_at + keys[key].wait(failures)
        if moment > now and (until is None or moment > until):
            until = moment
    return until


class Attempt:
    """One sign-in attempt for ``email`` from ``source``, counted under ``rules``.

    ``precheck()`` is a cheap read before the password is hashed; ``decide(ok)`` runs after it,
    with the rows locked, so concurrent guesses are judged one after the other against the
    counts the others left: a burst of parallel guesses gets no more tries than a sequence.
    """

    def __init__(self, email: str, source: str | None, rules=(BY_ACCOUNT, BY_SOURCE)):
        self.keys = _keys(email, source or "", rules)

    def precheck(self) -> None:
        until = _blocked_until(self.keys)
        if until is not None:
            raise SignInThrottled(until)

    def decide(self, ok: bool) -> None:
        """Raise SignInThrottled if the attempt must wait (whatever ``ok``); count a failure."""
        self._lock()
        until = _blocked_until(self.keys)
        if until is not None:
            raise SignInThrottled(until)
        if ok:
            self._forget_source()
        else:
            self._count_failure()

    def _lock(self) -> None:
        # A no-op UPDATE takes the row locks (PostgreSQL) or the write lock (SQLite) until the
        # request commits; rows that do not exist yet have no failures to be raced past.
        db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key.in_(list(self.keys)))
            .values(failures=SignInThrottle.failures)
            .execution_options(synchronize_session=False)
        )

    def _count_failure(self) -> None:
        now = utcnow()
        insert = pg_insert if dialect_name() == "postgresql" else sqlite_insert
        for key in self.keys:
            stale = SignInThrottle.last_failure_at < now - FORGET_AFTER
            db.session.execute(
                insert(SignInThrottle)
                .values(key=key, failures=1, last_failure_at=now)
                .on_conflict_do_update(
                    index_elements=["key"],
                    set_={
                        "failures": case((stale, 1), else_=SignInThrottle.failures + 1),
                        "last_failure_at": now,
                    },
                )
            )

    def _forget_source(self) -> None:
        """The right password from this source: its own count starts again (the per-address
        count stays, so a success in between does not give a distributed guesser fresh tries)."""
        source_keys = [k for k, rule in self.keys.items() if rule is BY_SOURCE]
        if source_keys:
            db.session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(source_keys)))


def prune_forgotten() -> int:
    """Delete counts forgotten anyway (``flask users prune-sign-ins``, daily). Rows a sign-in is
    deciding right now are skipped (PostgreSQL): the cleanup never waits on, or deadlocks with,
    a sign-in."""
    stale = (
        select(SignInThrottle.key)
        .where(SignInThrottle.last_failure_at < utcnow() - FORGET_AFTER)
        .with_for_update(skip_locked=True)
    )
    result = db.session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.key.in_(stale.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    return changed_rows(result)
