"""Phone columns across areas: found by their ``info={"phone": …}`` marker, checked, fixed.

A column says how its numbers are read: ``{"region": "ID"}`` (always Indonesian) or
``{"region_column": "ship_country"}`` (the row's own country). Core knows no area: it walks the
mapped tables, so a new phone column is covered by adding the marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update

from trading_house.core.phones import is_e164, stored_form
from trading_house.extensions import db


@dataclass(frozen=True)
class Unreadable:
    table: str
    row_id: object
    value: str


@dataclass
class PhoneReport:
    convertible: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)


def phone_columns():
    """(table, column, marker) for every mapped column that holds phone numbers."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            marker = column.info.get("phone")
            if marker is not None:
                yield table, column, marker


def check_phone_columns(*, fix: bool = False) -> PhoneReport:
    """Count stored numbers not yet in E.164 and list the unreadable ones; rewrite when ``fix``."""
    report = PhoneReport()
    for table, column, marker in phone_columns():
        region_name = marker.get("region_column")
        region_column = table.columns[region_name] if region_name else None
        (primary_key,) = table.primary_key.columns
        wanted = [primary_key, column] + ([region_column] if region_column is not None else [])
        rows = db.session.execute(
            select(*wanted).where(column.is_not(None), column != "").order_by(primary_key)
        ).all()
        for row in rows:
            value = row[1]
            if is_e164(value):
                continue
            region = row[2] if region_column is not None else marker.get("region", "ID")
            stored = stored_form(value, region)
            if stored is None:
                report.unreadable.append(Unreadable(table.name, row[0], value))
                continue
            report.convertible += 1
            if fix:
                db.session.execute(
                    update(table).where(primary_key == row[0]).values({column.name: stored})
                )
    return report
