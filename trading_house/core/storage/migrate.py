"""Moving stored objects between back ends, and checking that records and objects agree.

``copy_all`` copies every object of the source's public and private stores to the target,
checks each copy (size and SHA-256 read back from the target) and skips objects the target
already holds unchanged, so an interrupted run is simply run again. Records hold only keys,
which are the same in every back end: after the copy, switching is ``STORAGE_BACKEND`` on every
node (``flask storage migrate`` says so), and one more run picks up files uploaded meanwhile.

``verify`` compares the keys the database refers to with the keys each back end holds:
*missing* (a record without its object) and *orphaned* (an object no record refers to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from trading_house.core.digests import sha256_hex
from trading_house.core.storage import backend_pair
from trading_house.core.storage.base import StorageUnavailable

TREES = ("public", "private")


class MigrationError(Exception):
    """A copy did not verify, or a store does not answer; the message says which object."""


@dataclass
class CopyReport:
    copied: int = 0
    already_there: int = 0
    bytes_copied: int = 0
    by_tree: dict[str, int] = field(default_factory=dict)


def _same(store, key: str, size: int, digest: str) -> bool:
    """Does ``store`` hold exactly these bytes at ``key``? Size first (cheap), then the
    SHA-256 recorded at upload, else read back and hashed."""
    info = store.info(key)
    if info is None or info.size != size:
        return False
    if info.sha256 is not None:
        return info.sha256 == digest
    return sha256_hex(store.read(key)) == digest


def copy_all(
    source: str, target: str, *, config=None, progress: Callable[[str], None] | None = None
) -> CopyReport:
    """Copy every object from back end ``source`` to ``target`` ("local" / "s3")."""
    if source == target:
        raise MigrationError(f"The files are already on {target}.")
    report = CopyReport()
    for tree, origin, destination in zip(
        TREES, backend_pair(source, config), backend_pair(target, config), strict=True
    ):
        count = 0
        try:
            for key in origin.keys():
                count += 1
                try:
                    data = origin.read(key)
                except FileNotFoundError:
                    continue  # deleted since it was listed
                digest = sha256_hex(data)
                if _same(destination, key, len(data), digest):
                    report.already_there += 1
                    continue
                destination.save(key, data)
                if not _same(destination, key, len(data), digest):
                    raise MigrationError(
                        f"{tree} object {key}: the copy on {target} does not match "
                        "(size or checksum); nothing was switched, run the command again."
                    )
                report.copied += 1
                report.bytes_copied += len(data)
                if progress is not None and report.copied % 100 == 0:
                    progress(f"{report.copied} object(s) copied…")
        except StorageUnavailable as exc:
            raise MigrationError(
                f"The {tree} store does not answer ({exc.detail}). What was copied is kept; "
                "run the command again when it answers."
            ) from None
        report.by_tree[tree] = count
    return report


# --- verify ------------------------------------------------------------------------------------


def referenced_keys() -> dict[str, set[str]]:
    """The keys the database refers to, by tree."""
    from flask import current_app

    from trading_house.core.models import Document
    from trading_house.core.registry import registry_of
    from trading_house.extensions import db

    public: set[str] = set()
    private: set[str] = set(db.session.scalars(select(Document.storage_key)))
    for references in registry_of(current_app).storage_references:
        found = references()
        public.update(found.get("public", ()))
        private.update(found.get("private", ()))
    return {"public": public, "private": private}


def delete_orphans(report: VerifyReport, *, older_than: timedelta, config=None) -> list[str]:
    """Delete the orphaned objects of ``report`` last written before ``older_than`` ago (a
    younger one may belong to an upload whose record is about to be committed)."""
    from trading_house.core.clock import utcnow

    cutoff = utcnow() - older_than
    deleted = []
    for tree, store in zip(TREES, backend_pair(report.backend, config), strict=True):
        for key in report.orphaned.get(tree, []):
            info = store.info(key)
            if info is None or (info.modified is not None and info.modified > cutoff):
                continue
            store.delete(key)
            deleted.append(f"{tree} {key}")
    return deleted


@dataclass
class VerifyReport:
    backend: str
    missing: dict[str, list[str]]
    orphaned: dict[str, list[str]]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not any(self.missing.values())


def verify(backend: str, *, config=None, referenced: dict[str, set[str]] | None = None):
    """Which referenced objects ``backend`` lacks, and which of its objects nothing refers to."""
    referenced = referenced if referenced is not None else referenced_keys()
    report = VerifyReport(backend, missing={}, orphaned={})
    try:
        for tree, store in zip(TREES, backend_pair(backend, config), strict=True):
            present = set(store.keys())
            report.missing[tree] = sorted(referenced[tree] - present)
            report.orphaned[tree] = sorted(present - referenced[tree])
    except StorageUnavailable as exc:
        report.error = f"the store does not answer ({exc.detail})"
    return report
