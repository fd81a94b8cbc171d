"""The extractor's revision covers what decides its output beyond its own sources: the
URL rules (`scraper/urls.py`), the versions of the libraries whose code or bundled data
shape it (the public-suffix list ships in publicsuffixlist's releases), and the
time-zone database a naive time is read in. A fleet of workers built at different
times, or a `pip install -U`, makes another revision, not other Articles under one."""

from __future__ import annotations

import sys
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import scraper.extract  # noqa: F401  (the module: `scraper.extract` is the function)

EXTRACT: ModuleType = sys.modules["scraper.extract"]


@pytest.fixture
def fresh() -> Iterator[str]:
    """The revision as computed now; recomputed after each change, and after the test."""
    EXTRACT._code_revision.cache_clear()
    yield EXTRACT.revision()
    EXTRACT._code_revision.cache_clear()


def again() -> str:
    EXTRACT._code_revision.cache_clear()
    return str(EXTRACT.revision())


def test_an_edit_of_the_url_rules_makes_another_revision(
    fresh: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (urls,) = EXTRACT._OUTSIDE
    assert urls.name == "urls.py" and urls.is_file()
    edited = tmp_path / "urls.py"
    edited.write_bytes(urls.read_bytes() + b"\n# one more rule\n")
    monkeypatch.setattr(EXTRACT, "_OUTSIDE", (edited,))
    assert again() != fresh


@pytest.mark.parametrize("library", ["publicsuffixlist", "pycld2", "charset-normalizer"])
def test_another_version_of_a_library_makes_another_revision(
    fresh: str, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    real = EXTRACT._version
    monkeypatch.setattr(EXTRACT, "_version", lambda name: "9.9" if name == library else real(name))
    assert again() != fresh


def test_the_time_zone_database_read_is_in_the_revision(
    fresh: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "UTC").write_bytes(b"TZif")
    (tmp_path / "tzdata.zi").write_text("# version 2099z\nR ...\n")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))
    assert EXTRACT._tz_database() == f"{tmp_path} # version 2099z"
    system = again()
    assert system != fresh
    monkeypatch.setattr(zoneinfo, "TZPATH", ())  # none on the system: the tzdata wheel's
    assert EXTRACT._tz_database().startswith("tzdata 20")
    assert again() not in (fresh, system)
