"""Small pieces of SQL text that models write the same way (check constraints, partial indexes)."""

from collections.abc import Iterable

from trading_house.extensions import db


def in_list(column: str, values: Iterable[object]) -> str:
    """``column IN ('a', 'b')`` for a check constraint or an index's ``WHERE``.

    ``values`` are the code's own constants (status names, kinds): strings are quoted, a ``StrEnum``
    member is written as its value, numbers as they are.
    """
    return f"{column} IN ({', '.join(_literal(value) for value in values)})"


def _literal(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"


def dialect_name() -> str:
    """``"postgresql"`` or ``"sqlite"``: the database this session talks to."""
    return db.session.get_bind().dialect.name
