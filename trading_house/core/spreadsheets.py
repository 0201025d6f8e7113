"""Cells of the CSV and Excel files people download: nothing in them runs as a formula."""

#: Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A text that a spreadsheet would run as a formula, with a leading ``'``; anything else as
    it is (numbers stay numbers, ``None`` an empty cell)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
