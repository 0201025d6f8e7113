"""What every storage back end shares: object metadata and the "store unavailable" error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from trading_house.core.errors import DomainError

UNAVAILABLE = _l(
    "The file store is not reachable right now, so nothing was saved. "
    "Please try again in a few minutes."
)


class StorageUnavailable(DomainError):
    """The object store did not answer (or refused our credentials). Nothing was written."""

    def __init__(self, detail: str = ""):
        super().__init__(UNAVAILABLE)
        self.detail = detail

    def __str__(self) -> str:
        return f"object store unavailable: {self.detail}" if self.detail else "unavailable"


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    sha256: str | None = None  # recorded at upload by the S3 back end (object metadata)
    md5: str | None = None  # the S3 ETag of a single-part upload
    modified: datetime | None = None  # UTC
