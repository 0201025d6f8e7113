"""The one place that reads the time, so tests can move it."""

from datetime import UTC, datetime

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Current time in UTC (timezone-aware)."""
    return _frozen or datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Pin the clock (tests only); ``None`` releases it."""
    global _frozen
    _frozen = moment
