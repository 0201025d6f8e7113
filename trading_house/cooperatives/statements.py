"""Financial statements: typed on a form or uploaded from the template (XLSX or CSV), kept as a
draft, submitted when they balance (assets = liabilities + equity), reopened to correct."""

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select

from trading_house.cooperatives.labels import LINE_LABELS
from trading_house.cooperatives.models import Cooperative, FinancialStatement, StatementStatus
from trading_house.cooperatives.services import record_change, require_editor
from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import transition
from trading_house.core.money_input import MoneyInputError, parse_amount
from trading_house.extensions import db

#: Lines that may be negative (a loss, accumulated losses).
SIGNED_LINES = ("other_equity", "surplus")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_AMOUNT = 10**15
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check_year(cooperative: Cooperative, year: int) -> None:
    if year is None or year >= business_today().year:
        raise DomainError(_l("That year has not ended yet."), field="year")
    if cooperative.founded_on and year < cooperative.founded_on.year:
        raise DomainError(_l("The cooperative was not founded yet in that year."), field="year")


def check_lines(lines: dict[str, int]) -> None:
    """Each amount in range, the NPL within the loans, and the balance sheet balancing."""
    for line in FinancialStatement.LINES:
        value = lines.get(line) or 0
        if value < 0 and line not in SIGNED_LINES:
            raise DomainError(_l("Enter 0 or more."), field=line)
        if abs(value) > MAX_AMOUNT:
            raise DomainError(
                _l("That amount is too large; check the number of zeros."), field=line
            )
    if (lines.get("non_performing_loans") or 0) > (lines.get("loans_to_members") or 0):
        raise DomainError(
            _l("Non-performing loans cannot exceed the loans to members."),
            field="non_performing_loans",
        )
    probe = FinancialStatement(**{line: lines.get(line) or 0 for line in FinancialStatement.LINES})
    if not probe.balances:
        difference = probe.total_assets - probe.total_liabilities - probe.total_equity
        raise DomainError(
            _l(
                "The balance sheet does not balance: assets are Rp %(assets)s, liabilities and "
                "equity Rp %(sources)s (a difference of Rp %(difference)s).",
                assets=format_decimal(probe.total_assets),
                sources=format_decimal(probe.total_liabilities + probe.total_equity),
                difference=format_decimal(difference),
            )
        )


def statement_for(cooperative: Cooperative, year: int) -> FinancialStatement | None:
    return db.session.scalar(
        select(FinancialStatement).where(
            FinancialStatement.cooperative_id == cooperative.id, FinancialStatement.year == year
        )
    )


def save_statement(
    cooperative: Cooperative, year: int, lines: dict[str, int], *, actor, source: str = "form"
) -> FinancialStatement:
    """Create or correct the draft statement of ``year`` (it must balance)."""
    require_editor(actor, cooperative)
    _check_year(cooperative, year)
    check_lines(lines)
    statement = statement_for(cooperative, year)
    before = None
    if statement is None:
        statement = FinancialStatement(cooperative_id=cooperative.id, year=year)
        db.session.add(statement)
    elif statement.is_submitted:
        raise DomainError(
            _l("The statement of %(year)s was submitted; reopen it to correct it.", year=year),
            field="year",
        )
    else:
        before = {line: getattr(statement, line) for line in FinancialStatement.LINES}
    for line in FinancialStatement.LINES:
        setattr(statement, line, lines.get(line) or 0)
    statement.source = source
    db.session.flush()
    after = {line: getattr(statement, line) for line in FinancialStatement.LINES}
    record_change(cooperative, actor, "statement", before, {"year": year, **after})
    return statement


def submit_statement(statement: FinancialStatement, *, actor) -> FinancialStatement:
    """The officers declare the statement final; examiners and ratios use it from now on."""
    cooperative = statement.cooperative
    require_editor(actor, cooperative)
    check_lines({line: getattr(statement, line) for line in FinancialStatement.LINES})
    transition(statement, StatementStatus.SUBMITTED, actor=actor)
    record_change(cooperative, actor, "statement_submitted", None, {"year": statement.year})
    return statement


def reopen_statement(statement: FinancialStatement, *, actor) -> FinancialStatement:
    """Back to a draft, to correct a submitted statement (audited)."""
    cooperative = statement.cooperative
    require_editor(actor, cooperative)
    transition(statement, StatementStatus.DRAFT, actor=actor)
    record_change(cooperative, actor, "statement_reopened", None, {"year": statement.year})
    return statement


# --- the upload template ----------------------------------------------------------------------

HEADER = ("line", "description", "amount_idr")


def template_rows(year: int) -> list[tuple]:
    rows = [("year", str(_l("Financial year")), year)]
    rows += [(line, str(LINE_LABELS[line]), 0) for line in FinancialStatement.LINES]
    return rows


def template_csv(year: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(template_rows(year))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "statement"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in template_rows(year):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


UNREADABLE = _l(
    "The file could not be read. Download the template, fill in the amounts and upload it as "
    "XLSX or CSV."
)


def _rows(data: bytes) -> list[tuple]:
    if data[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = [tuple(row[:3]) for row in sheet.iter_rows(max_row=100, values_only=True)]
            workbook.close()
            return rows
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
            raise DomainError(UNREADABLE, field="file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(UNREADABLE, field="file") from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [tuple(row[:3]) for row in csv.reader(io.StringIO(text), delimiter=delimiter)][:100]


def _amount(value, line: str, locale: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise DomainError(_l("%(line)s: not an amount.", line=LINE_LABELS[line])) from None
        if number != number.to_integral_value():
            raise DomainError(_l("%(line)s: whole rupiah only.", line=LINE_LABELS[line]))
        return int(number)
    text = str(value).strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    if negative and line not in SIGNED_LINES:
        raise DomainError(_l("%(line)s: enter 0 or more.", line=LINE_LABELS[line]))
    try:
        amount = parse_amount(text.strip("()").lstrip("-"), "IDR", locale).money.amount
    except MoneyInputError as error:
        raise DomainError(
            _l("%(line)s: %(problem)s", line=LINE_LABELS[line], problem=error.message)
        ) from None
    return -amount if negative else amount


def read_upload(data: bytes, *, locale: str = "id") -> tuple[int, dict[str, int]]:
    """(year, lines) from a filled-in template, or a ``DomainError`` saying what is wrong."""
    if not data:
        raise DomainError(_l("Choose the file to upload."), field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError(_l("The file is larger than 2 MB."), field="file")
    year, lines = None, {}
    for row in _rows(data):
        if len(row) < 3 or row[0] is None:
            continue
        key = str(row[0]).strip().lower()
        if key == "year":
            try:
                year = int(Decimal(str(row[2]).strip()))
            except (InvalidOperation, ValueError):
                raise DomainError(_l("The year in the file is not a year."), field="file") from None
        elif key in FinancialStatement.LINES:
            lines[key] = _amount(row[2], key, locale)
    if year is None or not lines:
        raise DomainError(UNREADABLE, field="file")
    return year, lines


def import_statement(cooperative: Cooperative, data: bytes, *, actor, locale: str = "id"):
    """Save the draft statement of the year named in an uploaded template."""
    year, lines = read_upload(data, locale=locale)
    return save_statement(cooperative, year, lines, actor=actor, source="upload")
