"""Shared fixtures: a real HTTP server on 127.0.0.1 (see tests/webserver.py), and
archives as on a read-only mount."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from webserver import WebServer  # tests/ is on sys.path (no __init__.py)

import scraper
import scraper.archive
from scraper.archive import Archive
from scraper.errors import ArchiveError
from scraper.extract import COMPILED

# A test run started as a background job (`pytest &` in a script) ignores SIGINT, and so
# would every command it starts: the tests that stop one as Ctrl-C does would find it
# deaf. Handled here, SIGINT is back to its default in each command run.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_report_header() -> str:
    # CI runs the extraction tests twice: on the source tree and on the compiled wheel.
    build = "compiled with mypyc" if COMPILED else "pure Python"
    return f"scraper from {scraper.__file__} (extractor {build})"


@pytest.fixture
def server() -> Iterator[WebServer]:
    """A fresh server per test, so its request log holds only that test's requests."""
    with WebServer() as web:
        yield web


@pytest.fixture
def read_only_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every archive as on a read-only mount: an open for writing fails as SQLite says
    there ("unable to open database file", not "read-only"); a read-only open works."""
    real = scraper.archive.open_archive

    def mounted(path: str, *, read_only: bool = False, create: bool = True) -> Archive:
        if not read_only:
            raise ArchiveError(f"cannot open {path}: unable to open database file")
        return real(path, read_only=True)

    monkeypatch.setattr(scraper.archive, "open_archive", mounted)
