"""The run lock: one run at a time per archive, released by the OS if the run dies.

An `fcntl.flock` on `<archive>.lock` belongs to the open file, so the kernel drops it when
the process exits for any reason, `kill -9` included: there is never a stale lock to clean
up by hand. The file keeps the holder's pid and start time, only to say who holds it; it is
never deleted, because deleting a lock file races with the next process opening it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ArchiveError, LockHeld

__all__ = ["lock_path", "run_lock"]


@contextmanager
def run_lock(archive_path: Path) -> Iterator[None]:
    """Hold the run lock of the archive at `archive_path`, or raise `LockHeld` at once."""
    path = lock_path(archive_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise ArchiveError(f"cannot create the lock file {path}: {error.strerror}") from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(
                f"another run ({_holder(fd)}) holds {path}; "
                "it is released when that run ends, even if it is killed"
            ) from None
        started = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        except OSError as error:  # a full disk: the run could write nothing either
            raise ArchiveError(f"cannot write to {path}: {error.strerror}") from error
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # unlocked by close, below
    finally:
        os.close(fd)


def lock_path(archive_path: Path) -> Path:
    """The lock file: beside the file itself, so that a run through a symlink to the
    archive takes the same lock."""
    return Path(f"{os.path.realpath(archive_path)}.lock")


def _holder(fd: int) -> str:
    """Who holds the lock, as the holder wrote it (it may be mid-write: then "unknown")."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "pid unknown"
