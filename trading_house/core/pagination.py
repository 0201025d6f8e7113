"""Page-number parsing that never errors on bad input."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from trading_house.extensions import db


def parse_page(value, default: int = 1) -> int:
    """A positive page number from user input; anything else means page 1."""
    try:
        page = int(value)
    except (TypeError, ValueError):
        return default
    return page if 1 <= page <= 100_000 else default


def count_rows(statement: Select) -> int:
    """How many rows ``statement`` returns (ordering dropped: it does not change a count)."""
    return (
        db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        or 0
    )


def page_count(total: int, per_page: int) -> int:
    """Pages needed for ``total`` rows; at least one, so an empty list still has a page 1."""
    return max(1, -(-total // per_page))


@dataclass
class Page:
    items: Sequence[Any]
    page: int
    per_page: int
    total: int
    #: At most this many pages are offered (None: all); see ``catalog.queries.MAX_PAGES``.
    max_pages: int | None = None

    @property
    def pages(self) -> int:
        pages = page_count(self.total, self.per_page)
        return pages if self.max_pages is None else min(pages, self.max_pages)

    @property
    def truncated(self) -> bool:
        """True when there are more items than the pages offered show."""
        return self.max_pages is not None and self.total > self.max_pages * self.per_page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
