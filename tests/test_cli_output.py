"""A command whose output cannot be written (stdout on a full disk, or closed): one line
on stderr and an exit status that tells the truth, never a traceback. Real processes:
the real stdout matters here."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from warcs import HTML, T1, html, run_import, url, write_warc

from scraper import open_archive


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("db")
    records = [(url(n), T1, 200, HTML, html(n)) for n in range(3)]
    warc = write_warc(folder / "a.warc.gz", records)  # type: ignore[arg-type]
    with open_archive(folder / "archive.db") as archive:
        run_import(archive, warc)
    return str(folder / "archive.db")


def scraper(*args: str, **popen: Any) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "scraper", *args]
    done: subprocess.CompletedProcess[bytes] = subprocess.run(command, timeout=120, **popen)
    return done


@pytest.mark.parametrize(
    "command", ["stats", "verify", "export", "search harbour", "--help", "--version"]
)
def test_stdout_on_a_full_disk_is_one_line_and_exit_74(db: str, command: str) -> None:
    archive = [] if command.startswith("--") else ["--db", db]
    with open("/dev/full", "wb") as full:
        done = scraper(*command.split(), *archive, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 74  # (not 1: for verify, "damage found")
    assert done.stderr.decode() == "scraper: cannot write the output: No space left on device\n"


def test_a_closed_stdout_reads_as_dev_null(db: str) -> None:
    for command in ("verify", "stats", "export"):
        done = scraper(command, "--db", db, stdout=None, stderr=subprocess.PIPE,
                       preexec_fn=lambda: os.close(1))  # fmt: skip
        assert (done.returncode, done.stderr) == (0, b"")
