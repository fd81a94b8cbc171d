"""Long commands stopped by a signal: one line on stderr, exit 128 + the signal, nothing
left half-done; and an export's bytes, whatever the locale. Real processes: the real
stdout and signals matter here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from newssite import NewsSite, story
from warcs import HTML, T1, html, run_import, url, write_warc
from webserver import WebServer

from scraper import open_archive

TITLE = "Zürich café – ☕ naïve"
STORIES = 40


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WARC of `STORIES` stories, the first titled in characters Latin-1 lacks."""
    first = replace(story(0), title=TITLE)
    records = [(url(n), T1, 200, HTML, html(n, first if n == 0 else None)) for n in range(STORIES)]
    return write_warc(tmp_path_factory.mktemp("warc") / "a.warc.gz", records)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def db(warc: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("db") / "archive.db"
    with open_archive(path) as archive:
        run_import(archive, warc)
    return str(path)


def scraper(*args: str, **popen: Any) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "scraper", *args]
    done: subprocess.CompletedProcess[bytes] = subprocess.run(command, timeout=120, **popen)
    return done


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_to_stdout_is_utf8_whatever_the_locale(db: str, fmt: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}  # (as LANG=de_DE.ISO-8859-1 gives)
    done = scraper("export", "--format", fmt, "--db", db, env=env, capture_output=True)
    assert done.returncode == 0 and TITLE in done.stdout.decode("utf-8")


# Runs the CLI with a command's work made to wait, once begun, until a signal ends it;
# the file at $SCRAPER_TEST_MARK says it has begun.
WAITING = """
import asyncio, os, pathlib, time
from scraper import export, warc_import
from scraper.cli import cli

def mark():
    pathlib.Path(os.environ["SCRAPER_TEST_MARK"]).touch()

def export_then_wait(archive, out, **options):
    out.write("{}\\n")
    out.flush()
    mark()
    time.sleep(600)

archive_page = warc_import._Import._archive

async def archive_then_wait(self, *args):
    joined = await archive_page(self, *args)
    mark()
    await asyncio.sleep(600)

export.export_jsonl = export_then_wait
warc_import._Import._archive = archive_then_wait
cli(prog_name="scraper")
"""


def stopped(tmp_path: Path, signum: int, *args: str) -> tuple[int, str]:
    """Run `scraper args`, send `signum` once its work has begun: exit status, stderr."""
    mark = tmp_path / f"began-{signum}"
    env = {**os.environ, "SCRAPER_TEST_MARK": str(mark)}
    command = [sys.executable, "-c", WAITING, *args]
    running = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120  # (no timing: a bound on a broken test)
    while not mark.exists() and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    running.send_signal(signum)
    _, err = running.communicate(timeout=120)
    return running.returncode, err.decode()


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@pytest.mark.parametrize("signum", SIGNALS)
def test_an_export_stopped_by_a_signal_leaves_no_partial_file(
    tmp_path: Path, db: str, signum: int
) -> None:
    out = tmp_path / "nightly.jsonl"
    status, err = stopped(tmp_path, signum, "export", "--db", db, "-o", str(out))
    assert (status, err) == (128 + signum, f"scraper: export interrupted: {out} not written\n")
    assert not list(tmp_path.glob("*nightly*"))


@pytest.mark.parametrize("signum", SIGNALS)
def test_an_import_stopped_by_a_signal_says_so_and_goes_on_when_run_again(
    tmp_path: Path, warc: Path, signum: int
) -> None:
    db = str(tmp_path / "archive.db")
    status, err = stopped(tmp_path, signum, "import-warc", str(warc), "--db", db,
                          "--processes", "1")  # fmt: skip
    assert status == 128 + signum
    assert err.startswith("scraper: import interrupted, ") and err.count("\n") == 1, err
    assert err.endswith(" of the files read: what was read is archived and kept; the same"
                        " `scraper import-warc` again passes over it and goes on\n")  # fmt: skip
    with open_archive(db) as archive:
        last = archive.stats()["last_run"]
        kept = archive.stats()["articles"]
    assert last["finished_at"] and last["report"]["stopped_early"]  # recorded as stopped
    assert 0 < kept < STORIES
    again = scraper("import-warc", str(warc), "--db", db, "--json", capture_output=True)
    report = json.loads(again.stdout)
    assert again.returncode == 0 and report["older"] >= kept
    assert report["archived"] + report["older"] == STORIES


def test_sighup_stops_a_run_as_ctrl_c_does(tmp_path: Path, server: WebServer) -> None:
    """An ssh session dropped under a run: its line, exit 129 (before: no word)."""
    site = NewsSite(server)
    for n in range(4):
        site.add(f"/news/{n}.html", replace(story(n), delay=1.0))
    db = str(tmp_path / "archive.db")
    assert scraper("add", site.feed_url, "--db", db, capture_output=True).returncode == 0
    command = [sys.executable, "-m", "scraper", "run", "--db", db, "--delay", "0"]
    running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120  # (no timing: a bound on a broken test)
    while not server.requested("/news/0.html") and time.monotonic() < deadline:
        time.sleep(0.05)  # (fetching: past its start and the feed's poll)
    running.send_signal(signal.SIGHUP)
    out, err = running.communicate(timeout=120)
    assert (running.returncode, out) == (128 + signal.SIGHUP, b"")
    assert err.decode() == (
        "scraper: interrupted: what was fetched is archived; the rest waits for the next run\n"
    )
