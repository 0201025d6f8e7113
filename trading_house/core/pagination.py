"""Page-number parsing that never errors on bad input."""

from dataclasses import dataclass


def parse_page(value, default: int = 1) -> int:
    """A positive page number from user input; anything else means page 1."""
    try:
        page = int(value)
    except (TypeError, ValueError):
        return default
    return page if 1 <= page <= 100_000 else default


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
