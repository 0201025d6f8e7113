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
    #: At most this many pages are offered (None: all); see ``catalog.queries.MAX_PAGES``.
    max_pages: int | None = None

    @property
    def pages(self) -> int:
        pages = max(1, -(-self.total // self.per_page))
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
