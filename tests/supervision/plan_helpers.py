"""Helpers of the plan, case and dashboard tests: a fixed "today" and a few cooperatives."""

from datetime import UTC, date, datetime

from tests.cooperatives.helpers import cooperative, rat, statement
from trading_house.core import clock
from trading_house.extensions import db

#: 1 September 2026 at the trading house: the RAT of book year 2025 was due on 30 June 2026.
TODAY = date(2026, 9, 1)


def freeze_today(day: date = TODAY) -> None:
    clock.freeze(datetime(day.year, day.month, day.day, 4, tzinfo=UTC))


def healthy(name: str, **fields):
    """A cooperative with nothing wrong: RAT 2024 and 2025 held and reported on time,
    statements submitted, NIK valid, rated Sehat."""
    fields.setdefault("health_predicate", "sehat")
    fields.setdefault("predicate_rated_on", date(2026, 3, 1))
    coop = cooperative(name=name, **fields)
    for year in (2024, 2025):
        rat(coop, year, date(year + 1, 4, 20), reported_on=date(year + 1, 5, 1))
        statement(coop, year)
    return coop


def troubled(name: str, **fields):
    """RAT missed in 2024 and 2025, no statement, NIK expired, rated Dalam Pengawasan Khusus."""
    fields.setdefault("health_predicate", "dalam_pengawasan_khusus")
    fields.setdefault("nik_expires_on", date(2025, 1, 1))
    return cooperative(name=name, **fields)


def commit() -> None:
    db.session.commit()
