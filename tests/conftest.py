"""Shared fixtures: a real HTTP server on 127.0.0.1 (see tests/webserver.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webserver import WebServer  # tests/ is on sys.path (no __init__.py)

import scraper
from scraper.extract import COMPILED


def pytest_report_header() -> str:
    # CI runs the extraction tests twice: on the source tree and on the compiled wheel.
    build = "compiled with mypyc" if COMPILED else "pure Python"
    return f"scraper from {scraper.__file__} (extractor {build})"


@pytest.fixture
def server() -> Iterator[WebServer]:
    """A fresh server per test, so its request log holds only that test's requests."""
    with WebServer() as web:
        yield web
