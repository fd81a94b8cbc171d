"""Opening an archive's SQLite file, and SQLite's errors put in words for a person.

Kept apart from `store` because none of it is about what the archive holds: the
connection runs without implicit transactions (`Archive._write` opens each one), in WAL
mode with `synchronous=NORMAL`, waiting up to `BUSY_TIMEOUT` for another writer. A
read-only open migrates nothing: it refuses a schema that is not the current one.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from ..clock import utc_now
from ..errors import ArchiveError
from .schema import SCHEMA_VERSION, migrate, schema_version

__all__ = ["BUSY_TIMEOUT", "explain", "open_database"]

BUSY_TIMEOUT = 30.0  # seconds a write waits for another writer (e.g. a CLI command)


def open_database(path: Path, *, read_only: bool) -> Database:
    """The archive file at `path`, set up, and created or migrated unless `read_only`.

    Read-only, an archive in a directory we cannot write (another user's, a read-only
    mount) is opened as immutable: WAL mode needs a `-shm` file beside it, which we
    cannot create there. It then reads as of its last checkpoint."""
    try:
        return _open(path, read_only, immutable=False)
    except ArchiveError:
        if not read_only or os.access(path.parent, os.W_OK):
            raise
        return _open(path, read_only, immutable=True)


def _open(path: Path, read_only: bool, *, immutable: bool) -> Database:
    connection = _connect(path, read_only, immutable)
    try:
        db = Database(connection, execute_plugins=False)
        _prepare(db, path, read_only)
    except BaseException:
        connection.close()
        raise
    return db


def explain(path: Path, error: sqlite3.Error, *, opening: bool = False) -> str:
    """A sentence for a person from SQLite's terse message; `opening`: the file could
    not be opened at all, so no command (`verify` included) can read it."""
    message = str(error)
    if "not a database" in message:
        return f"{path} is not an archive (not an SQLite database)"
    if "readonly" in message or "read-only" in message:
        return f"cannot write to {path}: it is read-only ({message})"
    if "unable to open" in message:
        return f"cannot open {path}: {message} (check the directory's permissions)"
    if "locked" in message or "busy" in message:
        return f"{path} stayed locked by another process for {BUSY_TIMEOUT:.0f} s ({message})"
    if ("malformed" in message or "corrupt" in message) and opening:
        return (
            f"{path} is damaged beyond opening ({message}): restore it from a backup, "
            f"or save what is left with `sqlite3 {path} .recover`"
        )
    if "malformed" in message or "corrupt" in message:
        return f"{path} is damaged ({message}): `scraper verify` says where"
    if "disk" in message or "full" in message:
        return f"cannot write to {path}: {message}"
    return f"archive {path}: {message}"


def _prepare(db: Database, path: Path, read_only: bool) -> None:
    """Set the connection up and bring the schema up to date."""
    try:
        db.execute("PRAGMA foreign_keys = ON")
        if read_only:
            current = schema_version(db)
            if current != SCHEMA_VERSION:
                raise ArchiveError(
                    f"it has schema version {current}, not {SCHEMA_VERSION}: "
                    "open it once without read-only to migrate it"
                )
            return
        _switch_to_wal(db.conn)
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db, utc_now())
    except sqlite3.DatabaseError as error:
        raise ArchiveError(explain(path, error, opening=True)) from error
    except ArchiveError as error:
        raise ArchiveError(f"cannot open {path}: {error}") from error


def _switch_to_wal(connection: sqlite3.Connection, attempts: int = 50) -> None:
    """WAL mode; retried because SQLite answers "locked" at once, without waiting, while
    another connection is creating the same new archive."""
    for attempt in range(attempts):
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def _connect(path: Path, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if path.is_dir():
        raise ArchiveError(f"cannot open {path}: it is a directory")
    if read_only:
        if not path.exists():
            raise ArchiveError(f"cannot open {path}: no such file")
        mode = "immutable=1" if immutable else "mode=ro"
        target, uri = f"file:{quote(str(path.resolve()))}?{mode}", True
    else:
        if not path.parent.is_dir():
            raise ArchiveError(f"cannot create {path}: directory {path.parent} does not exist")
        target, uri = str(path), False
    try:
        # isolation_level=None: no implicit transactions; `Archive._write` opens each one.
        return sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as error:
        raise ArchiveError(explain(path, error)) from error
