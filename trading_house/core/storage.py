"""File storage behind a small interface: local disk under ``instance/`` by default."""

import os
import tempfile
from pathlib import Path

from flask import current_app


class LocalStorage:
    """Keys are relative paths; writes are atomic (temp file + rename)."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key escapes the storage root")
        return path

    def save(self, key: str, data: bytes) -> None:
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


def public_storage() -> LocalStorage:
    """Public media (photo variants): served at /media/ with long cache lifetimes."""
    return LocalStorage(current_app.config["MEDIA_ROOT"])


def private_storage() -> LocalStorage:
    """Originals, evidence, proofs: only ever served through authorized views."""
    return LocalStorage(current_app.config["PRIVATE_ROOT"])
