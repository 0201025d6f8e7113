"""What the supervision documents (report, minutes, certificate) share: the supervising office's
letterhead and Indonesian dates and numbers ("6 Desember 2026", "64,54")."""

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import current_app

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


def number(value: Decimal | int | None) -> str:
    """A score or ratio with the Indonesian decimal comma: "100,00", "0,6454"."""
    if value is None:
        return "-"
    return format_decimal(value, format="#,##0.00##", locale="id")
