"""Opening an archive's SQLite file, and SQLite's errors put in words for a person.

Kept apart from `store` because none of it is about what the archive holds: the
connection runs without implicit transactions (`Archive._write` opens each one), in WAL
mode with `synchronous=NORMAL`, waiting up to `BUSY_TIMEOUT` for another writer. Nothing
is changed before the file is known to be an archive (or an empty database that `create`
makes one): another application's database is refused untouched. A read-only open writes
nothing and migrates nothing: an older archive is read as it is, as far as it can be.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from ..clock import utc_now
from ..errors import ArchiveError
from .schema import SCHEMA_VERSION, check_known, migrate, schema_version

__all__ = ["BUSY_TIMEOUT", "disk_full", "explain", "open_database"]

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 30.0  # seconds a write waits for another writer (e.g. a CLI command)
_OLDER = (
    "%s was made by an older release (schema version %d, this one's is %d), and is read"
    " as it is, not upgraded: what needs the upgrade fails, saying so"
)
_ROOM = 1 << 20  # bytes free under which a file system counts as full (a -shm takes 32 KB)


def open_database(path: Path, *, read_only: bool, create: bool = True) -> Database:
    """The archive file at `path`, set up, and migrated unless `read_only`; an empty one
    (a new file) is made an archive only if `create`.

    Read-only, an archive that SQLite cannot make its `-shm` file beside (WAL mode needs
    one), in a directory we cannot write (another user's, a read-only mount) or on a full
    disk, is opened as immutable. It then reads as of its last checkpoint."""
    try:
        return _open(path, read_only, create, immutable=False)
    except ArchiveError:
        full = disk_full(path)
        if not read_only or not (full or not os.access(path.parent, os.W_OK)):
            raise
        if full:
            log.warning("the disk holding %s is full: read as of its last checkpoint", path)
        return _open(path, read_only, create, immutable=True)


def disk_full(path: Path) -> bool:
    """Whether the file system holding the file `path` has no room left to speak of (one
    we cannot write, a read-only mount, shows none free either: it is not full)."""
    try:
        room = os.statvfs(path.parent)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < _ROOM and os.access(path.parent, os.W_OK)


def _open(path: Path, read_only: bool, create: bool, *, immutable: bool) -> Database:
    connection = _connect(path, read_only, immutable)
    try:
        db = Database(connection, execute_plugins=False)
        _prepare(db, path, read_only, create)
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
    if "no such column" in message or "no such table" in message:
        return (
            f"archive {path}: {message}: an archive made by an older release lacks it until"
            " it is upgraded, which writes to it (copy it where you can write, and read the copy)"
        )
    if "readonly" in message or "read-only" in message:
        return _read_only(path, message)
    if ("disk" in message or "full" in message or "unable to open" in message) and disk_full(path):
        return f"cannot write to {path}: the disk is full ({message})"
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


def _read_only(path: Path, message: str) -> str:
    """Which file is read-only: a `-shm` or `-wal` left unwritable beside a writable
    archive (by a read when it was not, or by another user) keeps every write out."""
    if os.access(path, os.W_OK):
        for side in (Path(f"{path}-shm"), Path(f"{path}-wal")):
            if side.exists() and not os.access(side, os.W_OK):
                return (
                    f"cannot write to {side}: it is read-only, though the archive is not"
                    " (left by a read of it when it was read-only, or by another user):"
                    " remove it while no process has the archive open"
                )
    return f"cannot write to {path}: it is read-only ({message})"


def _prepare(db: Database, path: Path, read_only: bool, create: bool) -> None:
    """Set the connection up and bring the schema up to date."""
    try:
        db.execute("PRAGMA foreign_keys = ON")
        current = schema_version(db)  # (refuses another application's database, unchanged)
        if current == 0 and (read_only or not create):
            raise ArchiveError("it is an empty SQLite database, not an archive")
        if read_only:
            check_known(current)
            if current < SCHEMA_VERSION:  # (a backup, a read-only copy: read as it is)
                log.warning(_OLDER, path, current, SCHEMA_VERSION)
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
    another connection is creating the same new archive. An archive in WAL mode already
    is left as it is: the switch would wait on a writer (an upgrade of minutes)."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
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
