"""What the supervision documents (report, minutes, certificate) share: the supervising office's
letterhead and Indonesian dates and numbers ("6 Desember 2026", "64,54")."""

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import get_locale

from trading_house.core.clock import business_date
from trading_house.trade_documents.identity import Identity


def office_identity() -> Identity:
    """The provincial office that examines cooperatives and issues their certificates."""
    config = current_app.config
    return Identity(
        legal_name=config["SUPERVISION_OFFICE_NAME"],
        address=config["SUPERVISION_OFFICE_ADDRESS"],
        email=config.get("SUPERVISION_OFFICE_EMAIL") or "",
        phone=config.get("SUPERVISION_OFFICE_PHONE") or "",
    )


def long_date(value: date | datetime | None) -> str:
    """A date at the office (WITA) the Indonesian way: "6 Desember 2026"."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = business_date(value)
    return format_date(value, format="long", locale="id")


def number(value: Decimal | int | None, locale: str = "id") -> str:
    """A score or ratio with the locale's decimal mark: "100,00", "0,6454" in Indonesian."""
    if value is None:
        return "-"
    return format_decimal(value, format="#,##0.00##", locale=locale)


def score_filter(value: Decimal | int | None) -> str:
    """``{{ exam.total_score|score }}``: a score or ratio in the reader's language."""
    locale = get_locale()
    return number(value, str(locale) if locale else "id")
