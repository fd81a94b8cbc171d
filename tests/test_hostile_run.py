"""Whole runs against the hostile web: `scraper run` must finish with exit status 0, archive
every good page with its text intact, log every bad one with a reason, and lose nothing.

The fetcher's own hostile cases (one URL at a time) are in tests/test_hostile_fetch.py; here
they all arrive at once, through sources, the queue, extraction and the archive
(tests/hostilesite.py). Two runs at once (exit 75) and `kill -9` in a loop are covered in
tests/test_cli.py (`test_concurrent_runs_in_two_processes`,
`test_kill_9_at_random_moments_loses_and_duplicates_nothing`).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hostilesite import CAFE, CASES, SOURCES, XXE_PROBE, Case, HostileSite, Source, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newssite import NewsSite, story
from webserver import Exchange, WebServer

from scraper import open_archive, pipeline
from scraper.archive import Archive, Saved
from scraper.cli import cli
from scraper.discover import parse_feed
from scraper.errors import ArchiveError, ExtractionError
from scraper.extract import extract
from scraper.fetch import FetchConfig, Fetcher
from scraper.models import FetchOutcome, RunReport
from scraper.pipeline import RunOptions, add_sources, run
from scraper.urls import normalize_url

CLI_FAST = ["--delay", "0", "--timeout", "1"]
# No pause between requests, but time enough for a good page on a loaded machine: a test
# whose page must time out stalls longer than `STALLED`'s timeout, never than this one.
FAST = FetchConfig(delay=0, timeout=30, retries=1, backoff=0.05, concurrency=4)
STALLED = replace(FAST, timeout=2)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")  # C0 controls (not \t \n) and U+FFFD


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def key(url: str) -> str:
    return normalize_url(url) or url


# --- one full `scraper run` over every case at once ------------------------------------


@dataclass(frozen=True)
class HostileRun:
    """What one `scraper add … && scraper run --json` left behind, read through the CLI."""

    site: HostileSite
    db: str
    exit_code: int
    stderr: str
    report: dict[str, Any]
    # The URLs it left for the next run (their host, failing URL after URL, was left
    # alone), fetched then (`scraper fetch`): their reports.
    later: list[dict[str, Any]]
    log: dict[str, dict[str, Any]]  # normalised URL -> its latest fetch-log entry
    failed: dict[str, dict[str, Any]]  # the same, from `scraper log --failed`
    sources: dict[str, str]  # source URL -> its recorded poll outcome
    first_request: int  # index in the server's request log where the run began
    last_request: int  # ... and where it ended

    def entry(self, case: Case) -> dict[str, Any]:
        return self.log[key(self.site.url(case.path))]

    def run_requests(self, path: str) -> int:
        requests = self.site.server.requests[self.first_request : self.last_request]
        return sum(r.path == path for r in requests)


def _by_url(rows: str) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for row in json.loads(rows):  # newest first: keep the first seen
        latest.setdefault(row["url"], row)
    return latest


def _deferred(db: str) -> set[str]:
    rows = json.loads(invoke("log", "--json", "--db", db)[1])
    return {r["url"] for r in rows if r["outcome"] == "deferred"}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    db = str(tmp_path_factory.mktemp("hostile") / "archive.db")
    with WebServer() as server:
        site = HostileSite(server)
        sources = [site.feed_url, site.sitemap_url, *(site.url(s.path) for s in SOURCES)]
        code, _, err = invoke("add", *sources, "--db", db, *CLI_FAST)
        assert code == 0, err
        site.turn_sources_bad()  # feeds that were fine when added, as real ones break
        first_request = len(server.requests)
        code, out, err = invoke("run", "--json", "--db", db, *CLI_FAST)
        report = json.loads(out) if out else {}
        last_request = len(server.requests)
        listed = json.loads(invoke("sources", "--json", "--db", db)[1])
        later: list[dict[str, Any]] = []
        if report.get("deferred"):  # fetched now, as the next run would
            waiting = sorted(_deferred(db))
            later.append(json.loads(invoke("fetch", *waiting, "--json", "--db", db, *CLI_FAST)[1]))
        log = _by_url(invoke("log", "--json", "--db", db)[1])
        failed = _by_url(invoke("log", "--failed", "--json", "--db", db)[1])
        yield HostileRun(
            site=site,
            db=db,
            exit_code=code,
            stderr=err,
            report=report,
            later=later,
            log=log,
            failed=failed,
            sources={s["url"]: s["last_outcome"] for s in listed},
            first_request=first_request,
            last_request=last_request,
        )


ARCHIVED = [c for c in CASES if c.expect == "archived"]


@pytest.mark.slow
def test_the_run_succeeds_though_most_of_the_site_is_hostile(hostile_run: HostileRun) -> None:
    assert hostile_run.exit_code == 0, hostile_run.stderr
    report, later = hostile_run.report, hostile_run.later
    extra = 2  # /good/relative.html (from the garbage-links feed) and the index's child
    archived_later = sum(r["archived"] for r in later)
    assert report["archived"] + archived_later == len(ARCHIVED) + extra
    # Each URL left for the next run was archived there, or failed as the others did.
    failed = sum(c.expect == "failed" for c in CASES)
    assert report["failed"] + report["deferred"] == failed + archived_later
    assert report["sources_polled"] == len(SOURCES) + 2
    assert not report["stopped_early"]


@pytest.mark.slow
@pytest.mark.parametrize("case", ARCHIVED, ids=lambda c: c.name)
def test_good_pages_are_archived_with_their_text_intact(
    hostile_run: HostileRun, case: Case
) -> None:
    url = hostile_run.site.url(case.path)
    code, out, err = invoke("show", url, "--format", "json", "--db", hostile_run.db)
    assert code == 0, err
    text = json.loads(out)["text"]
    assert case.words in text
    assert CAFE in text  # é and “curly quotes” decoded right, whatever the encoding said
    assert not CONTROL.findall(text)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.expect != "archived"], ids=lambda c: c.name)
def test_bad_pages_are_logged_with_a_reason_and_not_archived(
    hostile_run: HostileRun, case: Case
) -> None:
    url = hostile_run.site.url(case.path)
    entry = hostile_run.entry(case)
    if case.expect == "skipped":  # not a failure: the URL is simply not an article
        assert (entry["outcome"], entry["reason"]) == ("skipped", case.reason)
    else:
        assert hostile_run.failed[key(url)] == entry
        assert entry["reason"].startswith(case.reason)
    if case.expect == "gone":
        assert (entry["outcome"], entry["status"]) == ("gone", int(case.name))
    assert invoke("show", url, "--db", hostile_run.db)[0] == 1  # e.g. truncated: never archived


@pytest.mark.slow
def test_busy_pages_are_fetched_again_after_retry_after(hostile_run: HostileRun) -> None:
    for path in ("/good/busy-503.html", "/good/busy-429.html"):
        assert hostile_run.run_requests(path) == 2  # the refusal, then the page


@pytest.mark.slow
def test_refused_addresses_are_never_connected_to(hostile_run: HostileRun) -> None:
    # localhost is this very server: had the guard let it through, the server would have
    # seen a request with that Host. [::1] and 10.1.2.3 are refused by the same check.
    assert set(hostile_run.site.hosts_seen()) == {"127.0.0.1"}
    assert not hostile_run.site.server.requested(XXE_PROBE)  # an external entity, unread


def _source_param(source: Source) -> Any:
    return pytest.param(source, id=source.name)


@pytest.mark.slow
@pytest.mark.parametrize("source", [_source_param(s) for s in SOURCES])
def test_each_hostile_source_has_its_poll_outcome_recorded(
    hostile_run: HostileRun, source: Source
) -> None:
    outcome = hostile_run.sources[hostile_run.site.url(source.path)]
    assert outcome.startswith(source.reason)


@pytest.mark.slow
def test_a_sitemap_index_that_lists_itself_is_read_once(hostile_run: HostileRun) -> None:
    counts = {p: hostile_run.run_requests(p) for p in ("/bad/index.xml", "/bad/index-2.xml")}
    assert counts == {"/bad/index.xml": 1, "/bad/index-2.xml": 1}
    assert hostile_run.run_requests("/bad/child.xml") == 1
    assert hostile_run.log[key(hostile_run.site.url("/good/from-index.html"))]["outcome"] == "ok"


# --- later runs: nothing archived is lost, gone pages stay gone -------------------------

GOOD_CASES = tuple(c for c in ARCHIVED if c.path.startswith("/good/") and "busy" not in c.path)


def run_once(archive: Archive, **options: Any) -> RunReport:
    return asyncio.run(run(archive, RunOptions(fetch=FAST, **options)))


def _stall(exchange: Exchange) -> None:
    exchange.stall(60)  # (past STALLED's timeout, retried)


def _half(exchange: Exchange) -> None:
    exchange.start(200, [("Content-Type", "text/html"), ("Content-Length", "9000")])
    exchange.write(b"<html><body><p>Only the start of a new version")
    exchange.close()


TURNS_HOSTILE = (
    lambda ex: ex.send(b"<h1>Oops</h1>", status=500),
    _half,
    lambda ex: ex.send(b""),
    lambda ex: ex.send(b'<html><body><div id="root"></div><script src="/a.js"></script>'),
    lambda ex: ex.send(bytes(range(256)) * 8),
    lambda ex: ex.reset(),
    _stall,
    lambda ex: ex.send(b"<h1>Not found</h1>", status=404),
)


def test_nothing_archived_is_lost_when_its_pages_turn_hostile(
    server: WebServer, tmp_path: Path
) -> None:
    site = HostileSite(server, cases=GOOD_CASES)
    archive = open_archive(tmp_path / "archive.db")
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    schedule = (0.01, 0.02, 0.03)
    assert run_once(archive, schedule=schedule).archived == len(GOOD_CASES)
    before = {c.path: archive.article(site.url(c.path)) for c in GOOD_CASES}

    # (A story whose address redirects for good is revisited where it lives now.)
    lives_at = {"/good/moved/0": "/good/moved/3"}
    for case, hostile in zip(GOOD_CASES, TURNS_HOSTILE, strict=False):
        server.route(lives_at.get(case.path, case.path), hostile)
    time.sleep(0.05)  # every article is due again
    report = asyncio.run(run(archive, RunOptions(fetch=STALLED, schedule=schedule)))
    assert report.archived == report.new_versions == 0

    for case in GOOD_CASES:
        old, now = before[case.path], archive.article(site.url(case.path))
        assert old is not None and now is not None
        assert (now.id, now.versions, now.article) == (old.id, 1, old.article)
    removed = archive.article(site.url(GOOD_CASES[len(TURNS_HOSTILE) - 1].path))
    assert removed is not None and removed.removed_at is not None  # 404: marked, kept


def test_gone_pages_are_never_requested_again(server: WebServer, tmp_path: Path) -> None:
    cases = tuple(c for c in CASES if c.expect == "gone" or c.name == "plain")
    site = HostileSite(server, cases=cases)
    archive = open_archive(tmp_path / "archive.db")
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    schedule = (0.01, 0.02)
    first = run_once(archive, schedule=schedule)
    assert (first.archived, first.gone) == (1, 2)
    failed = {e.url: e.reason for e in archive.fetch_log(failed_only=True)}
    assert failed == {
        site.url("/bad/404.html"): "HTTP 404 Not Found",
        site.url("/bad/410.html"): "HTTP 410 Gone",
    }
    before = len(server.requests)
    time.sleep(0.05)
    run_once(archive, schedule=schedule)
    again = [r.path for r in server.requests[before:]]
    assert "/good/plain.html" in again  # due, so revisited
    assert not [p for p in again if p in ("/bad/404.html", "/bad/410.html")]


# --- the archive itself fails: exit status 1, a clear message, nothing lost -----------


def scraper(db: Path, *args: str, **popen: Any) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scraper", *args, "--db", str(db)]
    prefix = popen.pop("prefix", [])
    return subprocess.run([*prefix, *command], capture_output=True, text=True, **popen)


def news_archive(server: WebServer, db: Path, stories: int) -> None:
    """An archive at `db` with one source: a feed of `stories` articles, none fetched yet."""
    site = NewsSite(server)
    for n in range(stories):
        site.add(f"/news/{n}.html", story(n))
    with open_archive(db) as archive:
        asyncio.run(add_sources(archive, [site.feed_url], FAST))


def file_size_limit(limit: int) -> Any:
    """For `preexec_fn`: writes past `limit` bytes fail with EFBIG, as on a full disk.

    (Python ignores SIGXFSZ, so the write fails instead of the process being killed.)
    """
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_stops_the_run_with_exit_1_and_loses_nothing(
    server: WebServer, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    news_archive(server, db, stories=40)
    size = db.stat().st_size
    full = scraper(db, "run", *CLI_FAST, preexec_fn=file_size_limit(size + 100_000))
    assert full.returncode == 1
    last_line = full.stderr.strip().splitlines()[-1]  # the only one, once workers stop at once
    assert last_line.startswith(f"scraper: cannot write to {db}: ")  # (the file named once)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_archive(db) as archive:
        saved = archive.stats()["articles"]
        assert 0 < saved < 40
        assert run_once(archive).archived == 40 - saved  # space again: the rest is archived


def without_root_powers() -> list[str]:
    """A command prefix under which file permissions bind, even for root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to bind")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize("what", ["file", "directory"])
def test_a_read_only_archive_exits_1_with_a_clear_message(
    server: WebServer, tmp_path: Path, what: str
) -> None:
    db = tmp_path / "archive.db"
    news_archive(server, db, stories=2)
    locked = db if what == "file" else tmp_path
    mode = locked.stat().st_mode
    locked.chmod(0o444 if what == "file" else 0o555)
    try:
        result = scraper(db, "run", *CLI_FAST, prefix=without_root_powers())
    finally:
        locked.chmod(mode)
    assert result.returncode == 1
    assert result.stderr.startswith("scraper: ")
    assert f"cannot write to {db}: it is read-only" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with open_archive(db) as archive:  # untouched, and writable again
        assert archive.stats()["runs"] == 0
        assert run_once(archive).archived == 2


# --- the extractor on mangled versions of the same pages ----------------------------

SEEDS = (
    article("Plain").encode(),
    article("Windows-1252", charset="windows-1252").encode("cp1252"),
    ("\ufeff" + article("UTF-16", charset=None)).encode("utf-16-le"),
    article("Nested", extra="<div><section>" * 3000).encode(),
)
DAMAGE: tuple[bytes, ...] = (
    *(b"\x00", b"\x1b[31m", b"<div>" * 300, b"</p></article>", b"<!--", b"<script>"),
    *(b"\xff\xfe", b"\xe2\x80", b"&#0;&#x110000;&#xD800;", b'<meta charset="utf-16">'),
)
damage = st.tuples(st.floats(0, 1), st.sampled_from(DAMAGE), st.sampled_from(["insert", "cut"]))
content_types = st.sampled_from(
    [None, "text/html", "text/html; charset=utf-8", "text/html; charset=utf-16"]
)


def mangle(page: bytes, wounds: list[tuple[float, bytes, str]]) -> bytes:
    for where, piece, how in wounds:
        at = int(where * len(page))
        page = page[:at] + piece + page[at:] if how == "insert" else page[:at]
    return page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(damage, max_size=6), content_types)
def test_extract_never_crashes_on_mangled_pages(
    seed: bytes, wounds: list[tuple[float, bytes, str]], content_type: str | None
) -> None:
    try:
        result = extract(mangle(seed, wounds), "http://127.0.0.1/a", content_type=content_type)
    except ExtractionError:
        return
    assert isinstance(result.text, str) and isinstance(result.markdown, str)


# --- known bugs in modules this file does not own (see the report) --------------------


def test_a_reset_says_what_happened(server: WebServer) -> None:
    server.route("/a", lambda exchange: exchange.reset())

    async def fetch() -> FetchOutcome:
        async with Fetcher(FetchConfig(delay=0, retries=0, respect_robots=False)) as fetcher:
            return await fetcher.fetch(server.url("/a"), trusted=True)

    outcome = asyncio.run(fetch())
    assert outcome.reason.startswith("connection failed: ")
    assert outcome.reason.removeprefix("connection failed: ").strip()  # now: "" after it


@pytest.mark.parametrize("link", ["", "\x01 ", "http://[::1"])
def test_a_feed_item_with_a_broken_link_is_not_the_feed_itself(link: str) -> None:
    feed = (
        '<rss version="2.0"><channel><title>t</title>'
        f"<item><link>{link}</link><guid>https://news.example.com/a</guid></item>"
        "</channel></rss>"
    )
    found = parse_feed(feed.encode(), "https://news.example.com/feed.xml")
    assert [d.url for d in found] == ["https://news.example.com/a"]  # now: the feed's URL


class DiskFillsUp(Archive):
    """An archive whose every page write fails, as on a full disk."""

    def save_page(self, *args: Any, **kwargs: Any) -> Saved:
        raise ArchiveError(f"cannot write to {self.path}: database or disk is full")


@pytest.mark.parametrize("big", [False, True])
def test_an_archive_error_stops_every_worker(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    if big:  # a big run's path: extraction in a worker process
        monkeypatch.setattr(pipeline, "MIN_PAGES_FOR_WORKERS", 1)
    site = NewsSite(server)
    site.add("/news/0.html", story(0))
    for n in range(1, 4):
        slow = story(n)
        slow.delay = 0.3  # still in flight when the first page fails to be saved
        site.add(f"/news/{n}.html", slow)
    archive = DiskFillsUp(tmp_path / "archive.db")
    asyncio.run(add_sources(archive, [site.feed_url], FAST))

    async def run_until_the_disk_fills() -> set[asyncio.Task[Any]]:
        with pytest.raises(ArchiveError):
            await run(archive, RunOptions(fetch=FAST, extract_processes=int(big)))
        return asyncio.all_tasks() - {asyncio.current_task()}

    # Now the other workers go on fetching with a closed client, logging tracebacks.
    assert asyncio.run(run_until_the_disk_fills()) == set()


def test_character_references_do_not_smuggle_control_characters_into_the_text() -> None:
    page = article("Escapes", extra="<p>Alarm &#27;[2J&#27;]0;owned&#7; and a bell&#x1;.</p>")
    result = extract(page.encode(), "http://127.0.0.1/a")
    assert "Alarm" in result.text
    assert not CONTROL.findall(result.text)  # now: ESC and BEL reach `scraper show`'s terminal


def test_a_stray_nul_byte_does_not_make_a_page_binary(server: WebServer) -> None:
    page = b"<!doctype html><html><head><title>Caf\x00e</title></head><body>"
    server.page("/a", page + b"<p>The council met on Tuesday.</p>" * 40)

    async def fetch() -> FetchOutcome:
        async with Fetcher(FetchConfig(delay=0, retries=0, respect_robots=False)) as fetcher:
            return await fetcher.fetch(server.url("/a"), trusted=True)

    assert asyncio.run(fetch()).outcome == "ok"


def test_a_read_only_archive_can_still_be_searched_and_shown(
    server: WebServer, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    news_archive(server, db, stories=2)
    with open_archive(db) as archive:
        assert run_once(archive).archived == 2
    mode = db.stat().st_mode
    db.chmod(0o444)
    try:
        stats = scraper(db, "stats", "--json", prefix=without_root_powers())
        found = scraper(db, "search", "council", "--json", prefix=without_root_powers())
    finally:
        db.chmod(mode)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 2
    assert found.returncode == 0 and json.loads(found.stdout)


def test_a_read_command_on_a_missing_archive_says_so(tmp_path: Path) -> None:
    result = scraper(tmp_path / "nowhere.db", "stats")
    assert result.returncode == 1
    assert "no archive at" in result.stderr
    assert not (tmp_path / "nowhere.db").exists()
