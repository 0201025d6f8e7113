"""The one place that reads the time, so tests can move it.

Times are stored in UTC. Dates of business events (a certificate's expiry, an invoice date, "today"
on a dashboard) are dates *at the trading house*, in ``BABEL_DEFAULT_TIMEZONE`` (Asia/Makassar,
WITA): :func:`business_today` and :func:`business_date` are the one way to get them.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_frozen: datetime | None = None
DEFAULT_ZONE = "Asia/Makassar"


def utcnow() -> datetime:
    """Current time in UTC (timezone-aware)."""
    return _frozen or datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Pin the clock (tests only); ``None`` releases it."""
    global _frozen
    _frozen = moment


def business_zone() -> ZoneInfo:
    """The trading house's time zone."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_ZONE)


def business_date(moment: datetime) -> date:
    """The date at the trading house of an aware UTC ``moment``."""
    return moment.astimezone(business_zone()).date()


def business_today() -> date:
    """Today's date at the trading house (certificates lapse at local midnight)."""
    return business_date(utcnow())
