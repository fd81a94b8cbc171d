"""Opening an archive when the machine misbehaves (QA round ops28): a full disk, a full
temporary directory, an older schema on a read-only copy, an upgrade under way, files
left unwritable beside the archive, and a `--db` that names no archive."""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from nobody import as_nobody
from sqlite_utils import Database
from test_archive import _fill  # tests/ is on sys.path (no __init__.py)

from scraper.archive import connection, open_archive
from scraper.archive.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from scraper.cli import cli

READERS = (["stats"], ["search", "harbour"], ["verify"], ["export"], ["show", "1"])


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "archive.db"
    with open_archive(path) as archive:
        _fill(archive, 3)
    return str(path)  # (closed: no -wal or -shm beside it, as between two cron runs)


def test_readers_read_an_archive_on_a_full_disk_and_writers_say_it_is_full(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite cannot make the -shm file WAL mode reads through (here: a link in its way).
    Path(f"{db}-shm").symlink_to("nowhere")
    monkeypatch.setattr(connection, "disk_full", lambda path: True, raising=False)
    for command in READERS:
        code, out, err = invoke(*command, "--db", db)
        assert code == 0 and out, (command, err)
    code, _, err = invoke("sites", "--clear", "--db", db)
    assert code == 1 and f"cannot write to {db}: the disk is full" in err


def test_on_a_real_full_disk_the_readers_read(db: str, tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        full = mount / "archive.db"
        shutil.copy(db, full)
        with open(mount / "filler", "wb") as filler:
            try:
                while filler.write(b"\0" * 65536):
                    filler.flush()
            except OSError:
                pass
        for command in READERS:
            code, out, err = invoke(*command, "--db", str(full))
            assert code == 0 and out, (command, err)
        code, _, err = invoke("sites", "--clear", "--db", str(full))
        assert code == 1 and "the disk is full" in err
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_verify_with_no_room_to_write_its_temporary_copies_skips_them(tmp_path: Path) -> None:
    # A temporary file's failed write ends SQLite's whole transaction (a real full disk;
    # `max_page_count` ends only the statement): here, a file size limit.
    with open_archive(tmp_path / "a.db", read_only=False) as archive:
        _fill(archive, 60, repeat=40)
        archive.db.execute("PRAGMA temp.cache_size = 4")  # (written out early)
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)
        handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32768, limit[1]))
        try:
            found = archive.verify()
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, limit)
            signal.signal(signal.SIGXFSZ, handler)
    assert (found.pages, found.problems) == (60, ())
    assert found.skipped and "no room for its temporary copy" in found.skipped[0]


def _older(path: Path, version: int = SCHEMA_VERSION - 1) -> None:
    """An archive made by an older release (with no stories): by default the one before
    this one."""
    db = Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db, "2026-01-01T00:00:00+00:00", MIGRATIONS[:version])
    db.close()


@pytest.mark.usefixtures("read_only_mount")
def test_an_older_archive_read_only_is_read_as_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.db"
    _older(path)
    for command in (["stats"], ["search", "harbour"], ["export"]):
        with caplog.at_level(logging.WARNING):
            code, _, err = invoke(*command, "--db", str(path))
        assert (code, err) == (0, ""), command
    old = f"made by an older release (schema version {SCHEMA_VERSION - 1}"
    assert f"{old}, this one's is {SCHEMA_VERSION}), and is read as it is" in caplog.text
    # What schemas 16 and 17 added (hosts' state, ratings, addresses) no read needs.
    code, _, err = invoke("sources", "--db", str(path))
    assert (code, err) == (0, "")
    _older(older := tmp_path / "older.db", 14)
    code, _, err = invoke("sources", "--db", str(older))  # (the columns 15 added)
    assert code == 1 and "no such column" in err and "copy it where you can write" in err


def test_a_command_waits_for_another_process_upgrading_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.db"
    _older(path)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 1.0)  # (an upgrade outlasts it)
    upgrader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    upgrader.execute("BEGIN IMMEDIATE")

    def upgrade() -> None:
        time.sleep(3)
        upgrader.execute("ROLLBACK")
        with open_archive(path):
            pass

    thread = threading.Thread(target=upgrade)
    thread.start()
    with caplog.at_level(logging.WARNING):
        code, _, err = invoke("search", "harbour", "--db", str(path))
    thread.join()
    upgrader.close()
    assert (code, err) == (0, "")
    assert f"being upgraded (or written) by another process: at schema {SCHEMA_VERSION - 1}" in (
        caplog.text
    )


@pytest.fixture
def as_a_user() -> Iterator[tuple[Path, list[str]]]:
    """A folder that a user who owns it and has no privilege works in, and how to run a
    command as that user: nobody, when we are root."""
    folder = Path(tempfile.mkdtemp(prefix="scraper-shm-"))
    prefix = as_nobody()
    if prefix:
        os.chown(folder, 65534, 65534)
    try:
        yield folder, prefix
    finally:
        shutil.rmtree(folder)


def test_a_read_only_shm_left_beside_a_writable_archive_is_named(
    as_a_user: tuple[Path, list[str]],
) -> None:
    folder, prefix = as_a_user
    db = folder / "a.db"
    python = [*prefix, sys.executable, "-c"]
    made = "from scraper import open_archive; open_archive(__import__('sys').argv[1]).close()"
    subprocess.run([*python, made, str(db)], check=True)
    db.chmod(0o444)
    # The user's read while the archive was read-only leaves its -wal and -shm, 444 too.
    left = "import sqlite3, sys; sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)"
    subprocess.run([*python, left + ".execute('SELECT 1 FROM migrations').close()", str(db)])
    db.chmod(0o644)
    assert Path(f"{db}-shm").exists()
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "scraper", "sites", "--clear", "--db", str(db)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"cannot write to {db}-shm: it is read-only, though the archive is not" in done.stderr
    assert "remove it while no process has the archive open" in done.stderr


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    with sqlite3.connect(notes) as made:
        made.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    before = _digest(notes)
    for command in (["stats"], ["sites", "--clear"], ["sites", "-"]):
        code, _, err = invoke(*command, "--db", str(notes))
        assert code == 1 and "has tables but is not a scraper archive" in err, command
    assert _digest(notes) == before and sorted(os.listdir(tmp_path)) == ["notes.db"]
    with sqlite3.connect(notes) as after:
        assert after.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_an_empty_sqlite_file_becomes_an_archive_only_for_a_command_that_makes_one(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(_empty_database())
    before = _digest(empty)
    for command in (["stats"], ["search", "harbour"], ["sites", "--clear"]):
        code, _, err = invoke(*command, "--db", str(empty))
        assert code == 1 and "empty SQLite database, not an archive" in err, command
    assert _digest(empty) == before
    rules = '[[site]]\nhosts = ["news.example"]\ntitle = "og:title"\n'
    assert invoke("sites", "-", "--db", str(empty), input=rules)[0] == 0  # (as `add` would)
    assert invoke("stats", "--db", str(empty))[0] == 0


def _empty_database() -> bytes:
    """The bytes of an SQLite database with no tables (a header page, no schema)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.db"
        made = sqlite3.connect(path)
        made.execute("CREATE TABLE t (x)")
        made.execute("DROP TABLE t")
        made.commit()
        made.close()
        return path.read_bytes()
