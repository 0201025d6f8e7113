"""Small pieces of SQL text that models write the same way (check constraints, partial indexes)."""

from collections.abc import Callable, Iterable
from typing import Any

from flask import g

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


def rows_for_loaded(
    name: str,
    model: Any,
    wanted: Callable[[Any], bool],
    load: Callable[[list[int]], dict[int, Any]],
    obj: Any,
) -> Any:
    """What ``load`` gives for ``obj``, loaded for every ``model`` row this request already has
    (the session's identity map) that ``wanted`` picks, in one query the first time it is
    asked: a list page calling a template filter per row costs one query, not one per row.

    ``load(ids)`` returns ``{id: value}``; a missing id means None. A row loaded after that
    first call is loaded alone. Remembered for the request (``g``), so a page must not change
    those rows after rendering with them.
    """
    memo = g.get(name)
    if memo is None:
        loaded: list[Any] = list(db.session.identity_map.values())
        ids = [row.id for row in loaded if isinstance(row, model) and wanted(row)]
        found = load(ids) if ids else {}
        memo = {row_id: found.get(row_id) for row_id in ids}
        setattr(g, name, memo)
    if obj.id not in memo:
        memo[obj.id] = load([obj.id]).get(obj.id)
    return memo[obj.id]
