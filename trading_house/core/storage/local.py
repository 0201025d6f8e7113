"""Local disk: keys are relative paths under a root (``instance/media``, ``instance/private``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from trading_house.core.storage.base import ObjectInfo


class LocalStorage:
    """Keys are relative paths; writes are atomic (temp file + rename)."""

    kind = "local"

    def __init__(self, root: str, *, public: bool = False):
        self.root = Path(root)
        self.public = public

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key escapes the storage root")
        return path

    def save(self, key: str, data: bytes, content_type: str | None = None) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def full_path(self, key: str) -> Path:
        return self._path(key)

    def info(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        if not path.is_file():
            return None
        stat = path.stat()
        return ObjectInfo(
            key=key, size=stat.st_size, modified=datetime.fromtimestamp(stat.st_mtime, UTC)
        )

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key (sorted), temp files of unfinished writes left out."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key

    def check(self) -> None:
        """Local disk is always reachable (a full disk shows up as an OSError on write)."""

    def presigned_url(self, key: str, **_ignored) -> str | None:
        return None  # served by streaming through the app
