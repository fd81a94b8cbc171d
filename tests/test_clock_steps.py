"""A system clock that steps (NTP; a board booting on a saved time until it syncs): a
story's versions keep the order they were captured in, through `history` and a WARC
round trip, and a clock left behind the archive is said, its revisits not put off.

The clock is stepped by replacing `scraper.clock.now`, the one every stored time reads.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from newssite import NewsSite, story
from webserver import WebServer

from scraper import clock, open_archive
from scraper.cli import cli

FAST = ["--delay", "0", "--timeout", "5"]
FIRST, SECOND = "The ferry will run every hour from March.", "The council will vote again in May."


def step(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    """The system clock `by` off from now on (fast; behind with a negative one)."""
    monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC) + by)


def cli_ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def history(db: str, ref: str) -> list[dict[str, Any]]:
    versions: list[dict[str, Any]] = json.loads(cli_ok("history", ref, "--db", db, "--json"))[
        "versions"
    ]
    return versions


def current_text(db: str, ref: str) -> str:
    with open_archive(db) as archive:
        stored = archive.article(ref)
        assert stored is not None
        return stored.article.text


def _captured_with_the_clock_stepped_back(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """A story fetched three times: now, with the clock 2 h fast (an edit), then with it
    stepped back to 1 h fast (another edit: the site's latest)."""
    db, item = str(tmp_path / "a.db"), story(1)
    address = NewsSite(server).add("/news/1.html", item)
    cli_ok("fetch", address, "--db", db, *FAST)
    for edit, fast in ((FIRST, 2), (SECOND, 1)):
        item.paragraphs.append(edit)
        step(monkeypatch, timedelta(hours=fast))
        cli_ok("fetch", address, "--db", db, *FAST)
    return db, address


def test_a_capture_after_the_clock_stepped_back_is_still_the_latest_version(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, address = _captured_with_the_clock_stepped_back(server, tmp_path, monkeypatch)
    versions = history(db, address)
    assert [v["version"] for v in versions] == [1, 2, 3]
    times = [v["seen_at"] for v in versions]
    assert times == sorted(times) and len(set(times)) == 3  # never dated before v2
    assert current_text(db, address).endswith(SECOND)
    listed = cli_ok("history", address, "--db", db).split("\n")[1:]
    assert [line.split()[0] for line in listed if line] == ["v1", "v2", "v3"]

    exported = tmp_path / "a.warc.gz"
    cli_ok("export", "--db", db, "--format", "warc", "-o", str(exported))
    copy = str(tmp_path / "b.db")
    cli_ok("import-warc", str(exported), "--db", copy)
    assert [v["version"] for v in history(copy, address)] == [1, 2, 3]
    assert current_text(copy, address).endswith(SECOND)


def test_history_lists_versions_by_number_where_an_archive_dated_one_earlier(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive made before captures were kept in order holds v3 dated before v2."""
    db, address = _captured_with_the_clock_stepped_back(server, tmp_path, monkeypatch)
    with open_archive(db) as archive:
        archive.db.execute(
            "UPDATE versions SET seen_at = ? WHERE number = 3",
            [clock.to_iso(datetime.now(UTC) + timedelta(minutes=30))],
        )
    listed = cli_ok("history", address, "--db", db).split("\n")[1:]
    assert [line.split()[0] for line in listed if line] == ["v1", "v2", "v3"]


def test_a_run_behind_the_last_one_says_so_and_revisits_what_a_fast_clock_put_off(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    """One run with the clock a day fast, then the clock set right: the story that run
    revisited keeps its 3 h slot, and the one it found gets its 1 h slot an hour after
    that run (as if it had been now), not a day late; said once."""
    db, site, old, new = str(tmp_path / "a.db"), NewsSite(server), story(1), story(2)
    addresses = [site.add("/news/1.html", old)]
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    cli_ok("run", "--db", db, *FAST)
    addresses.append(site.add("/news/2.html", new))
    step(monkeypatch, timedelta(days=1))
    cli_ok("run", "--db", db, *FAST)  # (revisits story 1, as its 1 h slot has passed)
    behind = "the clock is behind the archive by"
    assert behind not in caplog.text
    step(monkeypatch, timedelta(hours=1))  # (set right, an hour later)
    cli_ok("run", "--db", db, *FAST)
    assert caplog.text.count(behind) == 1 and f"{behind} 22:59:" in caplog.text
    for item in (old, new):
        item.paragraphs.append(FIRST)
    step(monkeypatch, timedelta(hours=3, minutes=1))
    report = json.loads(cli_ok("run", "--db", db, *FAST, "--json"))
    assert report["new_versions"] == 2
    assert caplog.text.count(behind) == 1  # (said once)
    with open_archive(db) as archive:
        due = [archive.tracked(address).next_visit_at for address in addresses]  # type: ignore[union-attr]
    assert max(clock.parse_iso(d or "") for d in due) < clock.now() + timedelta(hours=10)
