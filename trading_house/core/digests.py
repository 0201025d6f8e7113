"""SHA-256 digests, written one way: of a text or bytes, and of a file read in chunks."""

import hashlib
from pathlib import Path


def sha256_hex(data: str | bytes) -> str:
    """The hex SHA-256 of ``data`` (a text is encoded as UTF-8): stored in place of a secret."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
