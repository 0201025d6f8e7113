"""Backups: the database plus the public media and private files, in one timestamped archive.

The files come from the configured store: the ``MEDIA_ROOT`` / ``PRIVATE_ROOT`` trees on local
disk, or every object of the public and private buckets with ``STORAGE_BACKEND=s3``; a restore
writes them back into whichever store the restoring instance uses (so it also moves files
between back ends).

``flask backup`` writes ``rumahdagang-backup-<UTC time>.tar.gz`` (mode 0600: it holds private
documents) containing ``manifest.json``, the database and the ``media/`` and ``private/`` trees.

- SQLite: the online backup API copies a consistent snapshot while the app keeps serving.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot); restored with
  ``pg_restore --single-transaction``, so a failed restore leaves nothing half-written.
- Files are copied after the database snapshot. Photos and documents are written once under
  new names and never changed, so every file a backed-up row names is already on disk; a file
  written after the snapshot is merely extra.

``flask restore ARCHIVE`` brings one back, only into an empty instance: no row in any of the
app's tables (a freshly migrated database counts as empty) and no file under ``MEDIA_ROOT`` or
``PRIVATE_ROOT``. Otherwise it refuses and says why, so it can never overwrite live data.
Afterwards it checks every table's row count against the manifest.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with an argument list, never a shell
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import func, inspect, select, text

from trading_house.core.clock import utcnow
from trading_house.core.digests import file_sha256
from trading_house.core.sql import dialect_name
from trading_house.core.storage import StorageUnavailable, backend_pair
from trading_house.core.write_stamp import change_write_stamp
from trading_house.extensions import db

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
FILE_TREES = {"media": "MEDIA_ROOT", "private": "PRIVATE_ROOT"}


class BackupError(Exception):
    """The backup or restore could not be done; the message says why, for an operator."""


class RestoreRefused(BackupError):
    """The target instance is not empty (or does not match the backup)."""


@dataclass
class RestoreResult:
    manifest: dict
    tables: dict[str, int]
    files: int


# --- helpers ---------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """libpq settings from the engine URL, passed in the environment (never on the command
    line, where ``ps`` would show the password)."""
    url = db.engine.url
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": url.query.get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt install postgresql-client).")
    return path


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def app_tables() -> list[str]:
    """The app's tables that exist in the database, parents first."""
    existing = set(inspect(db.engine).get_table_names())
    return [t.name for t in db.metadata.sorted_tables if t.name in existing]


def table_counts() -> dict[str, int]:
    counts = {}
    for name in app_tables():
        table = db.metadata.tables[name]
        counts[name] = db.session.scalar(select(func.count()).select_from(table)) or 0
    db.session.rollback()
    return counts


def _revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    db.session.rollback()
    return revision


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


def _stores() -> dict:
    """The public and private stores of the configured back end, by archive folder."""
    public, private = backend_pair(current_app.config.get("STORAGE_BACKEND") or "local")
    return {"media": public, "private": private}


def _store_keys(store) -> list[str]:
    try:
        return list(store.keys())
    except StorageUnavailable as exc:
        raise BackupError(f"The file store does not answer ({exc.detail}).") from None


# --- backup ----------------------------------------------------------------------------------


def _dump_database(work: Path) -> str:
    dialect = dialect_name()
    if dialect == "sqlite":
        target = work / SQLITE_MEMBER
        raw = db.engine.raw_connection()
        try:
            destination = sqlite3.connect(target)
            try:
                _sqlite(raw.driver_connection).backup(destination)
            finally:
                destination.close()
        finally:
            raw.close()
        return SQLITE_MEMBER
    if dialect == "postgresql":
        target = work / PG_MEMBER
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ]
        )
        return PG_MEMBER
    raise BackupError(f"Backups of {dialect} databases are not supported.")


def create_backup(output_dir: str | Path | None = None) -> Path:
    """Write a backup archive into ``output_dir`` (default ``BACKUP_DIR``); return its path."""
    config = current_app.config
    out = Path(output_dir or config["BACKUP_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    created = utcnow()
    stamp = created.strftime("%Y%m%dT%H%M%SZ")
    final = out / f"rumahdagang-backup-{stamp}.tar.gz"
    suffix = 1
    while final.exists():
        suffix += 1
        final = out / f"rumahdagang-backup-{stamp}-{suffix}.tar.gz"

    with tempfile.TemporaryDirectory(dir=out, prefix=".backup-") as work_dir:
        work = Path(work_dir)
        counts = table_counts()
        revision = _revision()
        member = _dump_database(work)
        stores = _stores()
        files = {tree: _store_keys(store) for tree, store in stores.items()}
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "dialect": dialect_name(),
            "alembic_revision": revision,
            "database": {"member": member, "sha256": file_sha256(work / member)},
            "tables": counts,
            "files": {tree: len(paths) for tree, paths in files.items()},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))

        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / member, arcname=member)
            for tree, store in stores.items():
                for key in files[tree]:
                    _add_object(archive, store, key, f"{tree}/{key}")
        partial.chmod(0o600)
        os.replace(partial, final)  # appears whole or not at all
    return final


def _add_object(archive: tarfile.TarFile, store, key: str, arcname: str) -> None:
    if store.kind == "local":
        archive.add(store.full_path(key), arcname=arcname)
        return
    try:
        data = store.read(key)
    except StorageUnavailable as exc:
        raise BackupError(f"The file store does not answer ({exc.detail}).") from None
    except FileNotFoundError:
        return  # deleted since it was listed: nothing refers to it any more
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore ---------------------------------------------------------------------------------


def read_manifest(archive_path: str | Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise BackupError("The archive has no manifest; is it a Rumah Dagang backup?")
            manifest = json.loads(handle.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"Cannot read {archive_path}: {exc}") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_members(archive: tarfile.TarFile) -> None:
    allowed_top = {MANIFEST, SQLITE_MEMBER, PG_MEMBER, *FILE_TREES}
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or path.parts[0] not in allowed_top:
            raise BackupError(f"Unexpected entry in the archive: {member.name!r}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"Unexpected entry type in the archive: {member.name!r}")


def emptiness_problems() -> list[str]:
    """Why this instance is not empty (an empty list means it is)."""
    problems = [
        f"table {name} has {count} row(s)" for name, count in table_counts().items() if count
    ]
    for (tree, store), setting in zip(_stores().items(), FILE_TREES.values(), strict=True):
        try:
            found = next(iter(store.keys()), None) is not None
        except StorageUnavailable as exc:
            problems.append(f"the {tree} store does not answer ({exc.detail})")
            continue
        if found:
            count = len(_store_keys(store))
            where = current_app.config[setting] if store.kind == "local" else store.bucket
            name = setting if store.kind == "local" else f"bucket {tree}"
            problems.append(f"{name} ({where}) has {count} file(s)")
    return problems


def _restore_sqlite(source: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    raw = db.engine.raw_connection()
    try:
        origin = sqlite3.connect(source)
        try:
            origin.backup(_sqlite(raw.driver_connection))  # replaces the whole target database
        finally:
            origin.close()
    finally:
        raw.close()
    db.engine.dispose()


def _restore_postgres(source: Path) -> None:
    db.session.remove()
    if inspect(db.engine).get_table_names():
        # Only reached when every app table is empty (checked above): a freshly migrated
        # database. Start from a bare schema so the dump's objects go in cleanly.
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={db.engine.url.database}",
            str(source),
        ]
    )
    db.engine.dispose()


def restore_backup(archive_path: str | Path) -> RestoreResult:
    """Restore ``archive_path`` into this (empty) instance; raise RestoreRefused otherwise."""
    manifest = read_manifest(archive_path)
    if manifest["dialect"] != dialect_name():
        raise RestoreRefused(
            f"The backup is of a {manifest['dialect']} database; "
            f"this instance uses {dialect_name()}."
        )
    problems = emptiness_problems()
    if problems:
        raise RestoreRefused(
            "Restore only goes into an empty instance, and this one is not: "
            + "; ".join(problems)
            + ". Point DATABASE_URL and MEDIA_ROOT / PRIVATE_ROOT (or S3_PUBLIC_BUCKET / "
            "S3_PRIVATE_BUCKET) at a new, empty place."
        )
    with tempfile.TemporaryDirectory(prefix="rumahdagang-restore-") as work_dir:
        work = Path(work_dir)
        with tarfile.open(archive_path, "r:gz") as archive:
            _check_members(archive)
            archive.extractall(work, filter="data")
        member = work / manifest["database"]["member"]
        if not member.is_file() or file_sha256(member) != manifest["database"]["sha256"]:
            raise BackupError("The database in the archive is missing or damaged (checksum).")
        if manifest["dialect"] == "sqlite":
            _restore_sqlite(member)
        else:
            _restore_postgres(member)
        restored_files = 0
        for tree, store in _stores().items():
            source = work / tree
            for path in _files(source):
                key = path.relative_to(source).as_posix()
                try:
                    store.save(key, path.read_bytes())
                except StorageUnavailable as exc:
                    raise BackupError(
                        f"The file store does not answer ({exc.detail}); the database is "
                        "restored, run the restore again into a new place once it answers."
                    ) from None
                restored_files += 1
    counts = table_counts()
    wrong = {
        name: (expected, counts.get(name))
        for name, expected in manifest["tables"].items()
        if counts.get(name) != expected
    }
    if wrong:
        raise BackupError(f"Row counts differ after the restore (expected, found): {wrong}")
    change_write_stamp()  # written without SQLAlchemy: pages cached before are not served
    return RestoreResult(manifest=manifest, tables=counts, files=restored_files)


def _sqlite(connection) -> sqlite3.Connection:
    """The DB-API connection under SQLAlchemy's pool wrapper (SQLite here)."""
    if not isinstance(connection, sqlite3.Connection):  # pragma: no cover - guarded by callers
        raise TypeError("an SQLite connection was expected")
    return connection
