"""The command line, through click's CliRunner and (for signals and locks) subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from newssite import NewsSite, story
from nobody import as_nobody  # tests/ is on sys.path (no __init__.py)
from webserver import WebServer

from scraper import __version__, open_archive
from scraper.cli import EX_TEMPFAIL, cli
from scraper.cli.report import run_summary, stats_lines
from scraper.extract import COMPILED
from scraper.models import Article, Page, RunReport

FAST = ["--delay", "0", "--timeout", "5"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def site(server: WebServer) -> NewsSite:
    news = NewsSite(server)
    for n in range(4):
        news.add(f"/news/{n}.html", story(n))
    return news


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "archive.db")


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_starts_without_the_archive_or_the_fetcher() -> None:
    """`scraper extract`, `--help` and each extraction worker (which imports the CLI's
    module again, being spawned) must not pay for sqlite-utils or httpx."""
    code = "import sys, scraper.cli; print(sorted({'sqlite_utils', 'httpx'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


def test_version_says_whether_the_extractor_is_compiled(runner: CliRunner) -> None:
    # Pure Python from the source tree, compiled from a wheel (hatch_build.py).
    code, out, _ = invoke(runner, "--version")
    build = "compiled with mypyc" if COMPILED else "in pure Python"
    assert code == 0 and out == f"scraper, version {__version__} (extractor {build})\n"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    code, out, _ = invoke(runner, command, "--help")
    assert code == 0
    assert "Usage:" in out


def test_add_run_search_show_export_log_stats(runner: CliRunner, site: NewsSite, db: str) -> None:
    code, out, _ = invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    assert code == 0 and "feed" in out

    code, out, _ = invoke(runner, "run", "--db", db, "--json", *FAST)
    assert code == 0
    report = json.loads(out)
    assert report["archived"] == 4 and report["failed"] == 0

    code, out, _ = invoke(runner, "search", "harbour", "--db", db, "--json")
    hits = json.loads(out)
    assert code == 0 and hits and hits[0]["title"].startswith("Town debates the harbour plan")
    assert invoke(runner, "search", "harbour", "--site", "127.0.0.1", "--db", db)[1]
    assert invoke(runner, "search", "harbour", "--site", "a.example", "--db", db)[1] == ""
    assert invoke(runner, "search", "harbour", "--since", "10m", "--db", db)[1]  # just run
    assert invoke(runner, "search", "harbour", "--since", "2099-01-01", "--db", db)[1] == ""
    code, _, err = invoke(runner, "search", "harbour", "--since", "last week", "--db", db)
    assert code == 2 and "Invalid value for '--since': not a time: 'last week'" in err

    code, out, _ = invoke(
        runner, "show", site.server.url("/news/1.html"), "--db", db, "--format", "json"
    )
    shown = json.loads(out)
    assert shown["title"] == "Town debates the school plan, part 1"
    assert shown["authors"] == ["Ann Writer"]

    code, out, _ = invoke(runner, "export", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4 and {"fetched_at", "text", "canonical_url"} <= set(rows[0])
    assert invoke(runner, "export", "--site", "127.0.0.1", "--db", db)[1] == out
    assert invoke(runner, "export", "--since", "1h", "--db", db)[1] == out
    assert invoke(runner, "export", "--since", "2099-01-01T00:00+05:00", "--db", db)[1] == ""
    assert invoke(runner, "export", "--site", "elsewhere.example", "--db", db)[1] == ""
    code, _, err = invoke(runner, "export", "--site", "http://127.0.0.1/", "--db", db)
    assert code == 2 and "Invalid value for '--site': not a host name: 'http://127.0.0.1/'" in err

    code, out, _ = invoke(runner, "log", "--db", db, "--json")
    assert code == 0 and len(json.loads(out)) >= 4

    code, out, _ = invoke(runner, "stats", "--db", db, "--json")
    assert json.loads(out)["articles"] == 4
    code, out, _ = invoke(runner, "stats", "--db", db)
    assert code == 0 and "\narticles      4 in 4 versions" in out
    assert "; archived 4 new, 0 changed," in out.splitlines()[-1]  # the last run, as run told it

    code, out, _ = invoke(runner, "sources", "--db", db, "--json")
    assert json.loads(out)[0]["last_outcome"]

    code, out, _ = invoke(runner, "reextract", "--db", db)  # (the run read them already)
    assert code == 0 and "re-extracted 0 pages, 0 changed; 4 read by this extractor" in out
    code, out, _ = invoke(runner, "reextract", "--db", db, "--all")
    assert code == 0 and "re-extracted 4 pages, 0 changed" in out
    assert invoke(runner, "reextract", "--db", db, "--quiet", "--processes", "0") == (0, "", "")


def test_remove_stops_polling_a_source_and_add_brings_it_back(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    sitemap = site.server.url("/sitemap.xml")
    for url in (sitemap, site.feed_url):  # (what add read is queued: the sitemap's first)
        assert invoke(runner, "add", url, "--db", db, *FAST)[0] == 0
    polls = len(site.server.requested("/feed.xml"))

    code, out, err = invoke(runner, "remove", site.feed_url, "--db", db)
    assert (code, err) == (0, "")
    assert out == f"removed {site.feed_url}  (0 queued URLs dropped)\n"
    code, out, _ = invoke(runner, "run", "--db", db, "--json", *FAST)
    assert code == 0 and json.loads(out)["archived"] == 4  # found through the sitemap
    assert len(site.server.requested("/feed.xml")) == polls  # the feed was not polled

    code, out, _ = invoke(runner, "sources", "--db", db)
    assert sitemap in out and site.feed_url not in out
    assert "4 found, 4 archived, newest " in out  # (the sitemap found them first)
    code, out, _ = invoke(runner, "sources", "--all", "--db", db, "--json")
    listed = {s["url"]: s for s in json.loads(out)}
    assert listed[sitemap]["removed_at"] is None and listed[site.feed_url]["removed_at"]
    assert (listed[sitemap]["found"], listed[site.feed_url]["found"]) == (4, 0)

    code, out, err = invoke(runner, "remove", "1", "99", "--stop-revisits", "--db", db)
    assert code == 1  # one was not a source
    assert out == f"removed {sitemap}  (0 queued URLs dropped, 4 revisits stopped)\n"
    assert err == "scraper: not an active source: 99\n"

    assert invoke(runner, "add", site.feed_url, "--db", db, *FAST)[0] == 0
    code, out, _ = invoke(runner, "sources", "--db", db, "--json")
    assert [s["url"] for s in json.loads(out)] == [site.feed_url]


def test_a_run_without_sources_still_fetches_the_queue_and_revisits(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    for command in ("run", "reextract", "remove", "sites --clear"):  # a mistyped --db
        code, _, err = invoke(runner, *command.split(), *(["1"] if command == "remove" else []),
                              "--db", db)  # fmt: skip
        assert code == 1 and err.startswith(f"scraper: no archive at {db}")
    assert not Path(db).exists()  # none made
    open_archive(db).close()
    code, _, err = invoke(runner, "run", "--db", db)
    assert (code, err) == (1, "scraper: no sources: add some with `scraper add URL`\n")
    story = site.server.url("/news/0.html")
    assert invoke(runner, "fetch", story, "--db", db, *FAST)[0] == 0
    code, out, _ = invoke(runner, "run", "--db", db, "--json", *FAST)
    assert code == 0 and json.loads(out)["sources_polled"] == 0  # nothing due yet: no error
    with sqlite3.connect(db) as conn:  # an hour on: its first revisit is due
        conn.execute("UPDATE urls SET next_visit_at = '2000-01-01T00:00:00+00:00'")
    code, out, _ = invoke(runner, "run", "--db", db, "--json", *FAST)
    report = json.loads(out)
    assert code == 0 and report["failed"] == 0 and report["fetched"] + report["not_modified"] == 1


def test_fetch_exits_1_when_nothing_could_be_archived(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    story, missing = site.server.url("/news/0.html"), site.server.url("/news/missing.html")
    why = f"scraper: not archived: {missing}: HTTP 404 Not Found\n"  # (each URL, on stderr)
    code, out, err = invoke(runner, "fetch", missing, "--db", db, *FAST)
    assert code == 1 and "1 gone" in out and err == why
    code, out, err = invoke(runner, "fetch", missing, "--db", db, "-q", *FAST)
    assert (code, out, err) == (1, "", why)
    code, _, err = invoke(runner, "fetch", story, missing, "--db", db, *FAST)
    assert (code, err) == (0, why)
    assert invoke(runner, "fetch", story, missing, "--db", db, "-q", *FAST)[1:] == ("", "")
    code, out, _ = invoke(runner, "fetch", story, "--db", db, "-q", "--json", *FAST)
    assert code == 0 and json.loads(out)["unchanged"] == 1  # (--json wins over -q)
    code, out, _ = invoke(runner, "fetch", story, "--db", db, "--json", *FAST)
    assert code == 0 and json.loads(out)["unchanged"] == 1  # fetched again: the same story


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_run_stopped_by_a_signal_says_so_and_exits_128_plus_it(
    runner: CliRunner, site: NewsSite, db: str, signum: int
) -> None:
    for page in site.stories.values():
        page.delay = 1.0
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    command = [sys.executable, "-m", "scraper", "run", "--db", db, *FAST]
    running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not site.server.requested("/news/0.html") and time.monotonic() < deadline:
        time.sleep(0.05)  # (fetching: past its start and the feed's poll)
    running.send_signal(signum)
    out, err = running.communicate(timeout=60)
    assert running.returncode == 128 + signum and out == b""
    assert err.decode().strip() == (
        "scraper: interrupted: what was fetched is archived; the rest waits for the next run"
    )
    assert invoke(runner, "run", "--db", db, "--json", *FAST)[0] == 0  # it resumes


def test_verify_says_intact_or_lists_the_damage(runner: CliRunner, site: NewsSite, db: str) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    invoke(runner, "run", "--db", db, "--quiet", *FAST)
    code, out, _ = invoke(runner, "verify", "--db", db)
    assert (code, out) == (0, "checked the file, its indexes and 4 pages: intact\n")

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE pages SET body = X'00' WHERE id = 2")
    code, out, _ = invoke(runner, "verify", "--db", db, "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"] and report["pages"] == 3
    assert [p["where"] for p in report["problems"]] == ["page 2"]


@pytest.mark.parametrize("quiet", [["run", "--quiet"], ["run", "-q"], ["-q", "run"]])
def test_run_quiet_prints_nothing_on_success(
    runner: CliRunner, site: NewsSite, db: str, quiet: list[str]
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    code, out, err = invoke(runner, *quiet, "--db", db, *FAST)
    assert (code, out, err) == (0, "", "")


def test_db_from_environment(runner: CliRunner, site: NewsSite, db: str) -> None:
    result = runner.invoke(cli, ["add", site.feed_url, *FAST], env={"SCRAPER_DB": db})
    assert result.exit_code == 0
    assert Path(db).exists()


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert invoke(runner, "run", "--concurrency", "0")[0] == 2
    assert invoke(runner, "export", "--format", "pdf")[0] == 2


def test_unusable_archive_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("this is not a database\n" * 100)
    code, _, err = invoke(runner, "stats", "--db", str(not_a_db))
    assert code == 1 and "archive" in err


def test_every_source_failed_exits_1(runner: CliRunner, server: WebServer, db: str) -> None:
    server.page(
        "/feed.xml",
        "<rss version='2.0'><channel></channel></rss>",
        content_type="application/rss+xml",
    )
    invoke(runner, "add", server.url("/feed.xml"), "--db", db, *FAST)
    server.page("/feed.xml", "oops", status=500)
    code, _, err = invoke(runner, "run", "--db", db, "--quiet", *FAST)
    assert code == 1 and "every source failed" in err


def test_a_source_whose_host_asks_us_to_wait_is_no_failure(
    runner: CliRunner, server: WebServer, db: str
) -> None:
    # A long Retry-After leaves the host for the run (webmaster28 QA F05): polite, not a
    # failed source, so cron mails nothing for it.
    server.page(
        "/feed.xml",
        "<rss version='2.0'><channel></channel></rss>",
        content_type="application/rss+xml",
    )
    invoke(runner, "add", server.url("/feed.xml"), "--db", db, *FAST)
    server.page("/feed.xml", "busy", status=429, headers=[("Retry-After", "3600")])
    code, _, err = invoke(runner, "run", "--db", db, "--quiet", *FAST)
    assert (code, err) == (0, "")
    _, out, _ = invoke(runner, "sources", "--db", db)
    assert "asked to wait 3600 s (Retry-After)" in out


def test_second_run_exits_75_while_the_lock_is_held(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    with open_archive(db) as archive, archive.lock():
        code, out, err = invoke(runner, "run", "--db", db, *FAST)
        # `remove` too: the run would still fetch the URLs it drops.
        removed = invoke(runner, "remove", site.feed_url, "--db", db)
        quietly = invoke(runner, "run", "--db", db, "-q", *FAST)
    assert quietly == (EX_TEMPFAIL, "", "")  # cron tries again: no mail for an overlap
    assert code == EX_TEMPFAIL
    assert out == "" and len(err.strip().splitlines()) == 1
    assert removed[0] == EX_TEMPFAIL
    assert invoke(runner, "remove", site.feed_url, "--db", db)[0] == 0  # once it is over


def test_extract_file_stdin_and_formats(runner: CliRunner, tmp_path: Path) -> None:
    page = story(2).render("https://example.org/news/2.html")
    path = tmp_path / "page.html"
    path.write_bytes(page)
    code, out, _ = invoke(runner, "extract", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["title"] == "Town debates the bridge plan, part 2"
    assert data["canonical_url"] == "https://example.org/news/2.html"
    result = runner.invoke(cli, ["extract", "-", "--format", "markdown"], input=page)
    assert result.exit_code == 0 and result.stdout.startswith("# Town debates the bridge plan")
    code, _, err = invoke(runner, "extract", str(tmp_path / "missing.html"))
    assert code == 2 and "cannot read" in err


def test_markdown_output_escapes_the_title_as_the_text(runner: CliRunner) -> None:
    page = (
        "<html><head><title>Court rules on &lt;script&gt;alert(1)&lt;/script&gt; case</title>"
        "</head><body><article><p>The court ruled on Monday that the law was void and sent"
        " it back to parliament.</p></article></body></html>"
    )
    code, out, _ = invoke(runner, "extract", "-", "--format", "markdown", input=page)
    assert code == 0 and out.startswith("# Court rules on \\<script\\>alert(1)\\</script\\> case\n")


def test_a_reader_that_stops_reading_is_no_failure(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    invoke(runner, "run", "--db", db, "--quiet", *FAST)
    command = [sys.executable, "-m", "scraper", "export", "--db", db]
    export = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert export.stdout is not None and export.stdout.readline()  # as `| head -1` does
    export.stdout.close()
    _, err = export.communicate()
    assert (export.returncode, err) == (0, b"")


def test_a_terminal_that_cannot_show_a_character_gets_a_stand_in(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<article><h1>Ferry — the plan</h1><p>The council approved the plan on Tuesday"
        " after a debate that lasted all afternoon… and then some.</p></article>"
    )
    command = [sys.executable, "-m", "scraper", "extract", str(page)]
    done = subprocess.run(
        command, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"}
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert "afternoon? and then some".encode("latin-1") in done.stdout


def test_extract_of_nothing_says_so(runner: CliRunner, tmp_path: Path) -> None:
    assert invoke(runner, "extract", "-", input="") == (
        1, "", "scraper: nothing to extract: stdin is empty\n"
    )  # fmt: skip
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert invoke(runner, "extract", str(pdf)) == (1, "", f"scraper: not HTML: {pdf} is a PDF\n")
    empty = tmp_path / "blank.html"
    empty.write_text("<html><body><nav></nav></body></html>")
    code, _, err = invoke(runner, "extract", str(empty))
    assert code == 1 and err == f"scraper: nothing to extract: no article in {empty}\n"


def test_extract_with_site_rules(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(story(2).render("https://example.org/news/2.html"))
    last = story(2).paragraphs[-1]
    rules = tmp_path / "sites.toml"
    rules.write_text('[[site]]\nhosts = ["example.org"]\ndrop = ["article > p:last-child"]\n')
    url = ["--url", "https://www.example.org/news/2.html"]
    code, out, err = invoke(runner, "extract", str(page), *url, "--sites", str(rules), "--explain")
    assert code == 0 and last not in out and story(2).paragraphs[0] in out
    assert f"removed [site: article > p:last-child] {last}" in err
    assert last in invoke(runner, "extract", str(page), *url)[1]
    rules.write_text('[[site]]\nhosts = ["example.org"]\nbody = "div["\n')
    code, _, err = invoke(runner, "extract", str(page), "--sites", str(rules))
    assert code == 2 and "sites.toml: site 1 (example.org): `body`: 'div[' is not a CSS" in err


def test_sites_puts_rules_in_force_shows_and_clears_them(
    runner: CliRunner, site: NewsSite, db: str, tmp_path: Path
) -> None:
    rules = tmp_path / "sites.toml"
    rules.write_text(
        '# the test site\n[[site]]\nhosts = ["127.0.0.1"]\ndrop = ["article > p:last-child"]\n'
    )
    code, out, _ = invoke(runner, "sites", str(rules), "--db", db)
    assert code == 0 and out.startswith("1 site rule for 1 host in force; pages archived")
    assert invoke(runner, "sites", "--db", db)[1] == rules.read_text()
    again = invoke(runner, "sites", str(rules), "--db", db)[1]
    assert again == "unchanged: 1 site rule for 1 host in force\n"
    shown = json.loads(invoke(runner, "sites", "--json", "--db", db)[1])
    assert shown == [
        {"hosts": ["127.0.0.1"], "paths": [], "title": None, "authors": None, "published": None,
         "tags": None, "body": None, "drop": ["article > p:last-child"]}
    ]  # fmt: skip

    # A file with a mistake is refused, and the rules in force stay.
    bad = tmp_path / "bad.toml"
    bad.write_text('[[site]]\nhosts = ["127.0.0.1"]\ntitel = "h1"\n')
    code, _, err = invoke(runner, "sites", str(bad), "--db", db)
    assert code == 1 and "bad.toml: site 1 (127.0.0.1): unknown key 'titel'" in err
    assert invoke(runner, "sites", "--db", db)[1] == rules.read_text()
    assert invoke(runner, "sites", str(rules), "--clear", "--db", db)[0] == 2

    # A run applies them.
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    assert invoke(runner, "run", "--db", db, "--quiet", *FAST)[0] == 0
    with open_archive(db) as archive:
        stored = archive.article(site.server.url("/news/0.html"))
        assert stored is not None
    first, *_, last = story(0).paragraphs
    assert first in stored.article.text and last not in stored.article.text

    code, out, _ = invoke(runner, "sites", "--clear", "--db", db)
    assert code == 0 and out.startswith("site rules cleared;")
    assert invoke(runner, "sites", "--db", db)[1] == "# no site rules\n"
    with open_archive(db) as archive:  # every edit is on record
        assert archive.db.execute("SELECT count(*) FROM site_rules").fetchone()[0] == 2


def test_sites_try_shows_what_rules_would_change_and_puts_nothing_in_force(
    runner: CliRunner, site: NewsSite, db: str, tmp_path: Path
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    assert invoke(runner, "run", "--db", db, "--quiet", *FAST)[0] == 0
    rules = tmp_path / "sites.toml"
    rules.write_text(
        '[[site]]\nhosts = ["127.0.0.1"]\ntitle = "p.byline"\nbody = "div.story"\n'
        'drop = ["article > p:last-child"]\n'
        '[[site]]\nhosts = ["elsewhere.example"]\ndrop = ["aside"]\n'
        '[[site]]\nhosts = ["127.0.0.1"]\npaths = ["/sport/", "/live/"]\ndrop = ["aside"]\n'
    )
    code, out, _ = invoke(runner, "sites", str(rules), "--try", "3", "--db", db)
    assert code == 0
    assert out == (
        "127.0.0.1: 3 pages tried; it would change title on 3, authors on 0, published on 0,"
        " tags on 0, text on 3\n"
        "  matched nothing: div.story\n"
        "elsewhere.example: no archived pages to try the rule on\n"
        "127.0.0.1 /sport/ /live/: no archived pages to try the rule on\n"
    )
    data = json.loads(invoke(runner, "sites", str(rules), "--try", "9", "--json", "--db", db)[1])
    assert data[0]["pages"] == 4 and data[0]["changed"]["text"] == 4
    assert invoke(runner, "sites", "--db", db)[1] == "# no site rules\n"  # none in force
    assert invoke(runner, "sites", "--try", "3", "--db", db)[0] == 2  # nothing to try


def test_rules_in_the_archive_that_this_release_refuses_stop_a_run_with_one_line(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    requests = len(site.server.requests)
    with open_archive(db) as archive:  # (as a newer release might write them)
        archive.set_site_rules('[[site]]\nhosts = ["127.0.0.1"]\nlanguage = "de"\n')
    code, _, err = invoke(runner, "run", "--db", db, *FAST)
    assert code == 1 and err.startswith(f"scraper: archive {db}: the archive's site rules:")
    assert "unknown key 'language'" in err and "`scraper sites FILE`" in err
    with open_archive(db) as archive:  # stopped before it started: no run, no request
        assert archive.db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    assert len(site.server.requests) == requests


def test_sites_history_lists_every_setting_and_show_puts_one_back(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    open_archive(db).close()
    assert invoke(runner, "sites", "--clear", "--db", db)[1] == "unchanged: no site rules\n"
    assert invoke(runner, "sites", "--history", "--db", db)[1] == (
        "# no site rules were ever set\n"
    )
    one = '[[site]]\nhosts = ["a.example"]\ndrop = ["aside"]\n'
    two = one + '[[site]]\nhosts = ["b.example", "c.example"]\ntitle = "og:title"\n'
    for text in (one, two):
        invoke(runner, "sites", "-", "--db", db, input=text)
    invoke(runner, "sites", "--clear", "--db", db)
    with open_archive(db) as archive:  # (as a newer release might write them)
        archive.set_site_rules('[[site]]\nhosts = ["d.example"]\nlanguage = "de"\n')
    code, out, _ = invoke(runner, "sites", "--history", "--db", db)
    lines = out.splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == ["4", "3", "2", "1"]
    assert " in force  not readable by this release: site 1 (d.example): unknown key" in lines[0]
    assert lines[1].endswith("          site rules cleared")  # (not in force)
    assert lines[2].endswith("          2 site rules for 3 hosts")
    assert lines[3].endswith("          1 site rule for 1 host")

    # Setting 2 goes back in force through stdin, and is a fifth setting.
    code, text, _ = invoke(runner, "sites", "--show", "2", "--db", db)
    assert code == 0 and text == two
    assert invoke(runner, "sites", "-", "--db", db, input=text)[0] == 0
    assert invoke(runner, "sites", "--db", db)[1] == two
    rows = json.loads(invoke(runner, "sites", "--history", "--json", "--db", db)[1])
    assert [(r["number"], r["in_force"]) for r in rows] == [
        (5, True), (4, False), (3, False), (2, False), (1, False)
    ]  # fmt: skip
    assert rows[0]["rules"] == two and rows[0]["summary"] == "2 site rules for 3 hosts"
    assert invoke(runner, "sites", "--show", "3", "--db", db)[1] == "# no site rules\n"

    code, _, err = invoke(runner, "sites", "--show", "9", "--db", db)
    assert code == 1 and "no setting 9 in the history of site rules (5 settings)" in err
    for wrong in (["--history", "--show", "1"], ["--history", "--clear"], ["--show", "1", "-"]):
        assert invoke(runner, "sites", *wrong, "--db", db)[0] == 2


def test_stats_in_words() -> None:
    numbers = {
        "sources": 3, "removed_sources": 1,
        "urls": {"done": 1200, "new": 40, "failed": 2, "skipped": 5},
        "articles": 1100, "versions": 1530, "aliases": 1210, "pages": 1530,
        "dictionaries": 4, "runs": 17,
        "raw_bytes": 1_234_567_890, "stored_bytes": 45_600_000, "db_bytes": 999,
        "last_run": {"id": 17, "started_at": "2026-11-29T03:00:00+00:00", "finished_at": None,
                     "report": None},
    }  # fmt: skip
    assert stats_lines(numbers) == [
        "sources       3 polled, 1 removed",
        "URLs          1200 archived, 40 queued, 2 failed, 5 not HTML",
        "articles      1100 in 1530 versions (named by 1210 URLs)",
        "raw pages     1530, 1.2 GB as fetched, 45.6 MB stored (27× smaller)",
        "archive file  999 bytes",
        "runs          17",
        "last run      started 2026-11-29T03:00:00+00:00, never finished"
        " (stopped, or still running)",
    ]


def test_export_never_writes_over_the_archive_and_writes_whole_files(
    runner: CliRunner, site: NewsSite, db: str, tmp_path: Path
) -> None:
    assert invoke(runner, "add", site.feed_url, "--db", db, "--delay", "0")[0] == 0
    assert invoke(runner, "run", "--db", db, "--delay", "0")[0] == 0
    link = tmp_path / "link.db"
    link.symlink_to(db)
    for target, archive in ((db, db), (str(link), db), (db, str(link)), (db + "-wal", db)):
        code, _, err = invoke(runner, "export", "-o", target, "--db", archive)
        assert code == 2 and "the archive's own file" in err
    assert len(cli_json_lines(runner, "export", "--db", db)) == 4  # intact

    code, _, err = invoke(runner, "export", "-o", str(tmp_path / "no" / "x.jsonl"), "--db", db)
    assert code == 1 and "cannot write" in err and "No such file or directory" in err
    out = tmp_path / "articles.csv"
    assert invoke(runner, "export", "--format", "csv", "-o", str(out), "--db", db)[0] == 0
    assert out.read_text("utf-8").count("\n") >= 5
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_export_filters_and_stats_by_site(runner: CliRunner, site: NewsSite, db: str) -> None:
    assert invoke(runner, "add", site.feed_url, "--db", db, "--delay", "0")[0] == 0
    assert invoke(runner, "run", "--db", db, "--delay", "0")[0] == 0
    assert cli_json_lines(runner, "export", "--until", "1m", "--db", db) == []  # (all newer)
    window = ("--since", "1h", "--until", "2999-01-01")
    assert len(cli_json_lines(runner, "export", *window, "--db", db)) == 4
    assert cli_json_lines(runner, "export", "--language", "xx", "--removed", "--db", db) == []
    assert cli_json_lines(runner, "export", "--changed", "--all-versions", "--db", db) == []
    code, out, _ = invoke(runner, "export", "--format", "csv", "--no-formula-guard", "--db", db)
    assert code == 0 and out.count("\n") >= 5
    code, _, err = invoke(runner, "export", "--format", "warc", "--removed", "--db", db)
    assert code == 2 and "are for JSONL and CSV" in err
    code, _, err = invoke(runner, "export", "--language", "English", "--db", db)
    assert code == 2 and "not a language code" in err
    code, out, _ = invoke(runner, "stats", "--top-sites", "5", "--json", "--db", db)
    assert code == 0
    host = urlsplit(site.feed_url).hostname
    assert json.loads(out)["sites"] == [
        {"host": host, "articles": 4, "versions": 4, "removed": 0}
    ]  # fmt: skip
    code, out, _ = invoke(runner, "stats", "--top-sites", "5", "--db", db)
    assert f"site          {host}: 4 articles in 4 versions, 0 taken down" in out


def cli_json_lines(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    code, out, err = invoke(runner, *args)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("command", ["show", "history", "diff"])
def test_an_id_beyond_any_article_is_no_article(runner: CliRunner, db: str, command: str) -> None:
    assert invoke(runner, "stats", "--db", db)[0] == 1  # (no archive yet: nothing made)
    open_archive(db).close()
    code, _, err = invoke(runner, command, "9" * 30, "--db", db)
    assert code == 1 and "no article" in err


@pytest.mark.usefixtures("read_only_mount")
def test_reading_commands_fall_back_to_read_only_whatever_sqlite_says(
    runner: CliRunner, db: str
) -> None:
    # On a read-only mount SQLite says "unable to open database file", not "read-only".
    open_archive(db).close()
    code, out, err = invoke(runner, "stats", "--db", db)
    assert (code, err) == (0, "") and "articles      0 in 0 versions" in out
    code, _, err = invoke(runner, "run", "--db", db)  # a writing command says why it cannot
    assert code == 1 and "unable to open database file" in err


def test_a_run_on_a_damaged_archive_says_so_in_one_line(
    runner: CliRunner, site: NewsSite, db: str
) -> None:
    invoke(runner, "add", site.feed_url, "--db", db, *FAST)
    invoke(runner, "run", "--db", db, "--quiet", *FAST)
    open_archive(db).close()  # checkpointed: all in the file
    data = bytearray(Path(db).read_bytes())
    data[20 * 4096 : 21 * 4096] = b"\x55" * 4096  # one bad sector, in the queue's table
    Path(db).write_bytes(bytes(data))
    code, _, err = invoke(runner, "run", "--db", db, *FAST)
    assert code == 1 and "Traceback" not in err and len(err.splitlines()) == 1
    assert "damaged" in err or "malformed" in err or "not an archive" in err


def _as_another_user(args: list[str]) -> list[str]:
    """`args` run as a user who owns nothing here: nobody, when we are root."""
    return [*as_nobody(), *args]


@pytest.mark.parametrize("folder_writable", [False, True])
def test_reading_commands_work_on_another_users_archive(
    runner: CliRunner, site: NewsSite, folder_writable: bool
) -> None:
    # A folder outside pytest's (root-only) temporary directory, that others can enter.
    folder = Path(tempfile.mkdtemp(prefix="scraper-ro-"))
    try:
        db = str(folder / "archive.db")
        assert invoke(runner, "add", site.feed_url, "--db", db, "--delay", "0")[0] == 0
        assert invoke(runner, "run", "--db", db, "--delay", "0")[0] == 0
        open_archive(db).close()  # checkpointed: no -wal or -shm left beside it
        Path(db).chmod(0o444)
        folder.chmod(0o1777 if folder_writable else 0o555)
        for command in (["stats"], ["search", "council"], ["show", "1"], ["verify"]):
            done = subprocess.run(
                _as_another_user([sys.executable, "-m", "scraper", *command, "--db", db]),
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert done.returncode == 0, (command, done.stderr)
            if command == ["verify"]:
                # (its indexes too: checked on copies, in SQLite's temporary files)
                assert done.stdout == "checked the file, its indexes and 4 pages: intact\n"
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("wrong", ["ftp://news.example/a.html", "not a url at all"])
def test_fetch_of_what_is_no_web_address_is_a_usage_error(
    runner: CliRunner, db: str, wrong: str
) -> None:
    code, _, err = invoke(runner, "fetch", "https://news.example/a.html", wrong, "--db", db)
    assert code == 2 and f"not an http(s) URL: {wrong}" in err


def test_fetch_of_a_url_too_long_says_so(runner: CliRunner, db: str) -> None:
    long = "https://news.example/" + "a" * 5000
    code, _, err = invoke(runner, "fetch", long, "--db", db)
    assert code == 2 and "URL too long (5021 characters; at most 4096): https://" in err
    assert len(err) < 300  # not the whole of it echoed back


def test_site_rules_that_are_no_text_or_no_rules_are_usage_errors(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\nhosts = ["news.example"]\ntitle = "og:title"\n')
    assert invoke(runner, "sites", str(rules), "--db", db)[0] == 0
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe[[site]]\n")
    code, _, err = invoke(runner, "sites", str(binary), "--db", db)
    assert code == 2 and "not UTF-8 text" in err
    code, _, err = invoke(runner, "sites", "-", "--db", db, input="")  # an empty pipe
    assert code == 2 and "holds no site rules; `scraper sites --clear` removes them" in err
    assert "news.example" in invoke(runner, "sites", "--db", db)[1]  # still in force


def test_a_reading_command_on_an_empty_file_makes_no_archive_of_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    empty = tmp_path / "typo.db"
    empty.touch()
    code, _, err = invoke(runner, "stats", "--db", str(empty))
    assert code == 1 and "no archive at" in err and empty.stat().st_size == 0


def test_run_summary_says_what_waits_for_the_next_run() -> None:
    report = RunReport(run_id=1, started_at="", finished_at="", archived=4, failed=3,
                       deferred=7, sources_polled=2).to_dict()  # fmt: skip
    assert run_summary(report) == (
        "archived 4 new, 0 changed, 0 unchanged, 3 failed, 0 skipped, 0 gone"
        " (2 sources polled); 7 left for the next run (their host was skipped)"
    )
    del report["deferred"]  # a report stored before deferrals were counted
    assert run_summary(report).endswith("(2 sources polled)")
    report["sources_failed"] = 1  # said, not only in --json
    assert run_summary(report).endswith("(2 sources polled, 1 failed: see `scraper sources`)")
    report["copies"] = 2  # AMP or print pages of archived stories, filed under them
    assert "0 skipped, 2 copies of archived stories, 0 gone" in run_summary(report)


def test_extract_url(runner: CliRunner, site: NewsSite) -> None:
    code, out, _ = invoke(runner, "extract", site.server.url("/news/0.html"))
    assert code == 0 and "council met on day 0.0" in out


def run_cli(db: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", *args, "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_and_duplicates_nothing(server: WebServer, db: str) -> None:
    site = NewsSite(server)
    for n in range(30):
        slow = story(n)
        slow.delay = 0.03
        site.add(f"/news/{n}.html", slow)
    assert run_cli(db, "add", site.feed_url, *FAST).wait() == 0
    for kill_after in (0.3, 0.5, 0.7, 0.9, 1.1, 1.3):
        proc = run_cli(db, "run", "--quiet", "--concurrency", "4", *FAST)
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    final = run_cli(db, "run", "--json", "--concurrency", "4", *FAST)
    _out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_archive(db) as archive:
        assert archive.stats()["articles"] == 30
        for n in range(30):
            stored = archive.article(site.server.url(f"/news/{n}.html"))
            assert stored is not None and stored.versions == 1


def test_concurrent_runs_in_two_processes(server: WebServer, db: str) -> None:
    site = NewsSite(server)
    for n in range(10):
        slow = story(n)
        slow.delay = 0.2
        site.add(f"/news/{n}.html", slow)
    assert run_cli(db, "add", site.feed_url, *FAST).wait() == 0
    first = run_cli(db, "run", "--quiet", *FAST)
    time.sleep(0.5)
    second = run_cli(db, "run", *FAST)
    _, err = second.communicate(timeout=60)
    assert second.returncode == EX_TEMPFAIL
    assert b"holds" in err or b"lock" in err
    assert first.wait(timeout=60) == 0


def test_show_html_is_the_page_as_fetched(runner: CliRunner, server: WebServer, db: str) -> None:
    """A page in windows-1251 that says so comes out in its own bytes: transcoded to UTF-8
    under its own charset declaration, a browser would show it as mojibake."""
    headline = "Дума Твери одобрила бюджет"
    words = "Депутаты городской думы Твери во вторник одобрили бюджет на будущий год. " * 4
    page = (
        '<html lang="ru"><head><meta http-equiv="Content-Type" content="text/html;'
        f' charset=windows-1251"><title>{headline}</title></head><body><article>'
        f"<h1>{headline}</h1><p>{words}</p><p>{words}</p></article></body></html>"
    ).encode("cp1251")
    server.page("/news/1", page, content_type="text/html; charset=windows-1251")
    assert invoke(runner, "fetch", server.url("/news/1"), "--db", db, *FAST)[0] == 0
    result = runner.invoke(cli, ["show", server.url("/news/1"), "--db", db, "--format", "html"])
    assert result.exit_code == 0 and result.stdout_bytes == page


def test_show_finds_a_url_cited_with_the_other_scheme_or_slash(runner: CliRunner, db: str) -> None:
    """Papers and datasets cite a story with http for https, or without its trailing
    slash: one article under those forms is it; two are named, neither chosen."""
    cold = "https://news.example/2024/03/01/cold-snap/"
    texts = {
        cold: "Temperatures will drop to five below tonight across the coast, forecasters said.",
        "https://news.example/a": "The ferry will run every hour from March, the operator said.",
        "http://news.example/a/": "Gritters will be out on the main roads from six this evening.",
    }
    with open_archive(db) as archive:
        run = archive.start_run("2024-03-01T08:00:00+00:00")
        for url, text in texts.items():
            page = Page(url, url, 200, (), b"<p>story</p>", "2024-03-01T08:00:00+00:00")
            article = Article(url=url, title=text[:20], text=text, markdown=text)
            archive.save_page(run, page, article, next_visit_at=None)
    for ref in (
        cold,
        cold.rstrip("/"),
        cold.replace("https", "http"),
        "http://news.example/2024/03/01/cold-snap",
    ):
        code, out, err = invoke(runner, "show", ref, "--db", db, "--format", "json")
        assert code == 0 and json.loads(out)["id"] == 1, (ref, err)
    assert invoke(runner, "history", cold.rstrip("/"), "--db", db)[0] == 0
    code, _, err = invoke(runner, "show", "https://news.example/a/", "--db", db)
    assert code == 1 and "its other forms name articles 2, 3" in err
    assert invoke(runner, "show", "https://news.example/b", "--db", db)[0] == 1


def test_sources_says_how_a_source_has_fared(runner: CliRunner, db: str) -> None:
    with open_archive(db) as archive:
        feed = archive.add_source("https://news.example/feed.xml", "feed")
        assert feed.id is not None
        moved, at = "https://new.example/feed.xml", "2024-03-01T08:00:00+00:00"
        archive.record_poll(
            feed.id, outcome="5 links, 5 new", etag=None, last_modified=None, at=at,
            listed=5, moved_to=moved,
        )  # fmt: skip
        for hour in (9, 10):
            archive.record_poll(
                feed.id, outcome="HTTP 503", etag=None, last_modified=None,
                at=f"2024-03-01T{hour}:00:00+00:00", failed=True,
            )  # fmt: skip
    code, out, _ = invoke(runner, "sources", "--db", db)
    assert code == 0 and f"failing: the last 2 polls failed; last good poll {at}" in out
    assert f"moved: redirects to {moved} (since {at})" in out and "empty" not in out
    (shown,) = json.loads(invoke(runner, "sources", "--db", db, "--json")[1])
    assert (shown["failures"], shown["listed"], shown["moved_to"]) == (2, 5, moved)


def test_sources_says_where_a_source_moved_from(runner: CliRunner, db: str) -> None:
    old, new = "https://news.example/feed.xml", "https://new.example/feed.xml"
    with open_archive(db) as archive:
        feed = archive.add_source(old, "feed")
        assert feed.id is not None
        for at in (
            "2024-03-01T08:00:00+00:00",
            "2024-03-01T20:00:00+00:00",
            "2024-03-02T08:00:00+00:00",
        ):
            archive.record_poll(
                feed.id, outcome="not modified", etag=None, last_modified=None, at=at,
                moved_to=new, for_good=True,
            )  # fmt: skip
    code, out, _ = invoke(runner, "sources", "--db", db)
    assert code == 0 and f"{new}  [" in out
    assert f"moved from {old} (since 2024-03-02T08:00:00+00:00)" in out and "redirects" not in out
    (shown,) = json.loads(invoke(runner, "sources", "--db", db, "--json")[1])
    assert (shown["id"], shown["url"], shown["moved_from"]) == (feed.id, new, old)
