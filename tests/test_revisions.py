"""Tracking how articles change, end to end: a news site on 127.0.0.1 whose pages change
between runs → `scraper run` revisits them → versions → `history`, `diff`, `search`, `export`.

Revisit times are stored to the second, so schedules here are whole seconds and tests wait
(by polling `Archive.due`) for a revisit to come due instead of assuming when it will.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from newssite import LiveStory, NewsSite, Story, story
from webserver import WebServer

from scraper import open_archive
from scraper.cli import cli
from scraper.clock import parse_iso, utc_now

FAST = ["--delay", "0", "--timeout", "5"]
SCHEDULE = ["--revisit", "1s,2s,3s,4s,5s,6s"]

OLD_TITLE = "Harbur plan approved by the council"  # the typo a correction fixes
NEW_TITLE = "Harbour plan approved by the council"
ADDED = "Late on Tuesday the mayor confirmed that the ferry will run every hour from March."
RETRACTED = "A spokesman for Quillfeather Holdings said the firm had bought the quay in 2019."

CONSENT_WALL = (
    "<html><head><title>Before you continue</title></head><body><main><h1>Before you"
    " continue</h1><p>We and our 812 partners use cookies and other technologies to store"
    " and access information on your device, to show you personalised advertising and"
    " content, and to measure the performance of ads and content.</p><p>With your consent"
    " we and our partners may use precise location data. Some partners process your data"
    " on the basis of legitimate interest, which you can object to in the privacy"
    " settings.</p><p>Select Accept all to agree, or Reject all to decline; you can change"
    " your choice at any time in the privacy center.</p><button>Accept all</button>"
    "<button>Reject all</button></main></body></html>"
)
SOFT_404 = (
    "<html><head><title>Page not found</title></head><body><main><h1>Page not found</h1>"
    "<p>The page you were looking for may have been moved or deleted. Please check the"
    " address, or use the search box to find what you were looking for.</p></main>"
    "</body></html>"
)


def cli_json(*args: str) -> Any:
    return json.loads(cli_ok(*args, "--json"))


def cli_ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def run(db: str, *extra: str) -> dict[str, Any]:
    report: dict[str, Any] = cli_json("run", "--db", db, *FAST, *extra)
    return report


def wait_until_due(db: str, *urls: str, timeout: float = 10.0) -> None:
    """Sleep until every URL is due for a revisit."""
    deadline = time.monotonic() + timeout
    with open_archive(db) as archive:
        while not set(urls) <= {r.url for r in archive.due(utc_now())}:
            assert time.monotonic() < deadline, f"{urls} never came due"
            time.sleep(0.05)


def article_requests(server: WebServer, since: int = 0) -> list[str]:
    return [r.path for r in server.requests[since:] if r.path.startswith("/news/")]


def history(db: str, url: str) -> dict[str, Any]:
    found: dict[str, Any] = cli_json("history", url, "--db", db)
    return found


def diff_json(db: str, url: str, *extra: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(cli_ok("diff", url, "--db", db, "--format", "json", *extra))
    return found


def ops(diff: dict[str, Any], part: str, kind: str) -> list[str]:
    return [op["text"] for op in diff[part] if op["op"] == kind]


# --- one site, archived, changed, revisited once ------------------------------------------


@dataclass(frozen=True)
class Revisited:
    """The archive after a first run and one revisit of every article, with what changed."""

    db: str
    server: WebServer
    first: dict[str, Any]  # the run reports
    second: dict[str, Any]

    def url(self, name: str) -> str:
        return self.server.url(f"/news/{name}.html")


@pytest.fixture(scope="module")
def revisited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Revisited]:
    db = str(tmp_path_factory.mktemp("revisions") / "archive.db")
    with WebServer() as server:
        site = NewsSite(server)
        headline, paragraph, retracted, gone, same = (story(n) for n in (1, 2, 7, 3, 6))
        stamp, views = _live(4), _live(5)
        headline.title = OLD_TITLE
        retracted.paragraphs.insert(1, RETRACTED)
        for name, item in [
            ("headline", headline),
            ("paragraph", paragraph),
            ("retracted", retracted),
            ("gone", gone),
            ("stamp", stamp),
            ("views", views),
            ("same", same),
        ]:
            site.add(f"/news/{name}.html", item)
        cli_ok("add", site.feed_url, "--db", db, *FAST)
        first = run(db, *SCHEDULE)

        headline.title = NEW_TITLE
        paragraph.paragraphs.insert(2, ADDED)
        retracted.paragraphs.remove(RETRACTED)
        gone.status = 410
        stamp.stamp, stamp.modified = "Updated 1 minute ago", "2024-01-16T11:41:00Z"
        views.views += 173
        wait_until_due(db, *(server.url(path) for path in site.stories))
        second = run(db, *SCHEDULE)
        yield Revisited(db, server, first, second)


def _live(n: int) -> LiveStory:
    base = story(n)
    return LiveStory(base.title, base.paragraphs)


def test_a_revisit_makes_versions_only_for_real_changes(revisited: Revisited) -> None:
    assert revisited.first["archived"] == 7
    second = revisited.second
    assert (second["new_versions"], second["not_modified"], second["gone"]) == (3, 1, 1)
    assert second["failed"] == 0
    counts = {
        name: len(history(revisited.db, revisited.url(name))["versions"])
        for name in ("headline", "paragraph", "retracted", "gone", "stamp", "views", "same")
    }
    assert counts == {
        "headline": 2,
        "paragraph": 2,
        "retracted": 2,
        "gone": 1,
        "stamp": 1,  # a new "updated" time is not an edit
        "views": 1,  # nor is a view counter, though it is in the article's text
        "same": 1,
    }


def test_an_unchanged_page_is_revisited_conditionally_and_nothing_is_stored(
    revisited: Revisited,
) -> None:
    requests = revisited.server.requested("/news/same.html")
    assert len(requests) == 2
    assert requests[0].header("if-none-match") is None
    assert requests[1].header("if-none-match")  # answered 304 by NewsSite
    url = revisited.url("same")
    with open_archive(revisited.db) as archive:
        assert [p.url for _, p in archive.iter_pages()].count(url) == 1
        outcomes = [e.outcome for e in archive.fetch_log() if e.url == url]
    assert outcomes == ["not_modified", "ok"]  # newest first


def test_history_lists_versions_with_time_and_summary(revisited: Revisited) -> None:
    found = history(revisited.db, revisited.url("headline"))
    assert found["url"] == revisited.url("headline")
    assert found["removed_at"] is None
    v1, v2 = found["versions"]
    assert (v1["version"], v1["title"], v1["summary"]) == (1, OLD_TITLE, "first version")
    assert (v2["version"], v2["title"]) == (2, NEW_TITLE)
    assert v2["summary"] == "title changed; +1/−1 words"
    assert parse_iso(v1["seen_at"]) <= parse_iso(v2["seen_at"])

    added = history(revisited.db, revisited.url("paragraph"))["versions"][1]
    assert added["summary"] == f"text: +{len(ADDED.split())}/−0 words"
    removed = history(revisited.db, revisited.url("retracted"))["versions"][1]
    assert removed["summary"] == f"text: +0/−{len(RETRACTED.split())} words"


def test_changes_lists_the_revisits_new_versions(revisited: Revisited) -> None:
    found = cli_json("changes", "--db", revisited.db)  # (the last day: the default)
    assert sorted((c["url"], c["version"]) for c in found) == sorted(
        [*((revisited.url(name), 2) for name in ("headline", "paragraph", "retracted")),
         (revisited.url("gone"), 1)]  # taken down: a change too
    )  # fmt: skip
    by_url = {c["url"]: c for c in found}
    assert by_url[revisited.url("gone")]["summary"] == "removed from the site"
    assert by_url[revisited.url("headline")]["title"] == NEW_TITLE
    assert by_url[revisited.url("headline")]["summary"] == "title changed; +1/−1 words"
    seen = [parse_iso(c["seen_at"]) for c in found]
    assert seen == sorted(seen, reverse=True)  # newest first
    text = cli_ok("changes", "--db", revisited.db, "--limit", "1")
    assert text.count("\n") == 3 and " v2] " in text  # one change: its line, URL, summary
    assert cli_json("changes", "--db", revisited.db, "--since", "2099-01-01") == []
    assert cli_json("changes", "--db", revisited.db, "--site", "elsewhere.example") == []


def test_show_version_prints_the_article_as_it_read_then(revisited: Revisited) -> None:
    url = revisited.url("headline")
    as_json = ("--db", revisited.db, "--format", "json")
    old = json.loads(cli_ok("show", url, "--version", "1", *as_json))
    new = json.loads(cli_ok("show", url, *as_json))
    assert (old["title"], old["version"], new["title"], new["version"]) == (
        OLD_TITLE, 1, NEW_TITLE, 2,
    )  # fmt: skip
    assert old["seen_at"] < new["seen_at"] and old["versions"] == new["versions"] == 2
    assert cli_ok("show", url, "--version", "1", "--db", revisited.db).startswith(OLD_TITLE)
    first_page = cli_ok("show", url, "--version", "1", "--format", "html", "--db", revisited.db)
    assert OLD_TITLE in first_page and NEW_TITLE not in first_page  # the raw page of then
    result = CliRunner().invoke(cli, ["show", url, "--version", "3", "--db", revisited.db])
    assert result.exit_code == 2 and "has no version 3 (it has 1–2)" in result.stderr


def test_diff_json_shows_a_corrected_headline_as_delete_and_insert(
    revisited: Revisited,
) -> None:
    diff = diff_json(revisited.db, revisited.url("headline"))
    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    assert [t.strip() for t in ops(diff, "title", "delete")] == ["Harbur"]
    assert [t.strip() for t in ops(diff, "title", "insert")] == ["Harbour"]
    assert ops(diff, "text", "delete") == ops(diff, "text", "insert") == []
    assert (diff["added_words"], diff["removed_words"]) == (1, 1)


def test_diff_json_shows_an_added_paragraph_as_inserted_words(revisited: Revisited) -> None:
    diff = diff_json(revisited.db, revisited.url("paragraph"))
    inserted = " ".join(ops(diff, "text", "insert")).split()
    assert inserted == ADDED.split()
    assert ops(diff, "text", "delete") == []
    assert all(op["op"] == "equal" for op in diff["title"])


def test_diff_json_shows_a_removed_paragraph_as_deleted_words(revisited: Revisited) -> None:
    diff = diff_json(revisited.db, revisited.url("retracted"))
    assert " ".join(ops(diff, "text", "delete")).split() == RETRACTED.split()
    assert ops(diff, "text", "insert") == []


def test_diff_text_and_html(revisited: Revisited) -> None:
    headline, paragraph = revisited.url("headline"), revisited.url("paragraph")
    text = cli_ok("diff", headline, "--db", revisited.db, "--format", "text")
    assert "[-Harbur-]" in text and "{+Harbour+}" in text
    text = cli_ok("diff", paragraph, "--db", revisited.db)  # text is the default
    assert "{+" + ADDED + "+}" in text
    assert "[-" not in text

    page = cli_ok("diff", headline, "--db", revisited.db, "--format", "html")
    assert "<del>Harbur</del>" in page and "<ins>Harbour</ins>" in page
    page = cli_ok("diff", paragraph, "--db", revisited.db, "--format", "html")
    assert f"<ins>{ADDED}</ins>" in page
    assert "<del>" not in page


def test_diff_of_an_article_with_one_version_says_there_is_nothing_to_compare(
    revisited: Revisited,
) -> None:
    text = cli_ok("diff", revisited.url("same"), "--db", revisited.db)
    assert "has one version" in text and "nothing to compare" in text and "→" not in text
    diff = diff_json(revisited.db, revisited.url("same"))  # (a machine gets the empty diff)
    assert (diff["from_version"], diff["to_version"]) == (1, 1)


def test_diff_of_an_unknown_version_is_a_usage_error(revisited: Revisited) -> None:
    args = ["diff", revisited.url("headline"), "--db", revisited.db, "--from", "1", "--to", "7"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "no version 7" in result.stderr
    result = CliRunner().invoke(cli, [*args[:4], "--to", "9"])  # (not the 8th it implies)
    assert result.exit_code == 2 and "no version 9" in result.stderr


def test_search_all_versions_finds_words_only_an_old_version_had(
    revisited: Revisited,
) -> None:
    db = revisited.db
    assert cli_json("search", "Harbur", "--db", db) == []
    old = cli_json("search", "Harbur", "--db", db, "--all-versions")
    assert [(h["url"], h["version"]) for h in old] == [(revisited.url("headline"), 1)]
    current = cli_json("search", "Harbour", "--db", db)
    assert [(h["url"], h["version"]) for h in current] == [(revisited.url("headline"), 2)]

    assert cli_json("search", "Quillfeather", "--db", db) == []  # a word of the text, this time
    old = cli_json("search", "Quillfeather", "--db", db, "--all-versions")
    assert [(h["url"], h["version"]) for h in old] == [(revisited.url("retracted"), 1)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_all_versions_has_one_row_per_version(revisited: Revisited, fmt: str) -> None:
    rows = exported(revisited.db, fmt, "--all-versions")
    assert len(rows) == 10  # seven articles, three of them changed once
    assert len({(str(r["id"]), str(r["version"])) for r in rows}) == 10
    titles = [(str(r["version"]), r["title"]) for r in rows if r["url"].endswith("/headline.html")]
    assert titles == [("1", OLD_TITLE), ("2", NEW_TITLE)]
    assert len(exported(revisited.db, fmt)) == 7


def exported(db: str, fmt: str, *extra: str) -> list[dict[str, Any]]:
    out = cli_ok("export", "--format", fmt, "--db", db, *extra)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out)))
    return [json.loads(line) for line in out.splitlines()]


def test_a_gone_page_is_marked_removed_and_keeps_its_last_version(
    revisited: Revisited,
) -> None:
    url = revisited.url("gone")
    found = history(revisited.db, url)
    assert found["removed_at"] is not None
    assert [v["title"] for v in found["versions"]] == [story(3).title]
    log = cli_json("log", "--db", revisited.db)
    (gone,) = [e for e in log if e["url"] == url and e["outcome"] == "gone"]
    assert (gone["status"], gone["at"]) == (410, found["removed_at"])
    shown = json.loads(cli_ok("show", url, "--db", revisited.db, "--format", "json"))
    assert shown["removed_at"] == found["removed_at"]
    assert "council met on day 3.0" in shown["text"]
    text = cli_ok("show", url, "--db", revisited.db)
    assert text.endswith(f"(removed from the site: gone when visited at {found['removed_at']})\n")


# --- runs over time ---------------------------------------------------------------------


def test_a_gone_page_is_rechecked_slowly_and_is_back_when_it_answers(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    gone_url = site.add("/news/gone.html", story(1))
    kept_url = site.add("/news/kept.html", story(2))
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    site.stories["/news/gone.html"].status = 404  # (a bad deploy, say)
    wait_until_due(db, gone_url, kept_url)
    assert run(db, *SCHEDULE)["gone"] == 1
    removed = history(db, gone_url)["removed_at"]
    assert removed is not None

    wait_until_due(db, kept_url)  # the next revisit of the article still there
    before = len(server.requests)
    report = run(db, *SCHEDULE)
    assert article_requests(server, before) == ["/news/kept.html"]
    assert report["not_modified"] == 1
    with open_archive(db) as archive:  # not at its next slot: a day on
        tracked = archive.tracked(gone_url)
        assert tracked is not None and tracked.next_visit_at is not None
        assert parse_iso(tracked.next_visit_at) - parse_iso(removed) == timedelta(days=1)
        assert gone_url not in archive.pending()  # still in the feed, never queued again
        archive.db.execute("UPDATE urls SET next_visit_at = ? WHERE url = ?", [utc_now(), gone_url])

    site.stories["/news/gone.html"].status = 200  # fixed: the story answers again
    before = len(server.requests)
    run(db, *SCHEDULE)
    assert "/news/gone.html" in article_requests(server, before)
    found = history(db, gone_url)
    assert found["removed_at"] is None
    ((takedown),) = found["takedowns"]
    assert takedown["removed_at"] == removed and takedown["back_at"] > removed
    lines = cli_ok("history", gone_url, "--db", db).splitlines()
    assert lines[2:] == [
        f"  --  {removed}  removed from the site", f"  --  {takedown['back_at']}  back on the site"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("page", "content_type", "outcome"),
    [
        # A consent wall or an app shell: a 200 with no article in it.
        (
            "<html><body><div id='consent'><button>Accept all</button></div></body></html>",
            "text/html",
            "failed",
        ),
        ("Service temporarily unavailable", "text/plain", "skipped"),
        # Walls with prose: no new version of the story (and no fake revert after it).
        (CONSENT_WALL, "text/html", "failed"),
        (
            "<html><head><title>You've read your 5 free articles</title></head><body><main>"
            "<p>Thank you for reading. You have reached your limit of 5 free articles this"
            " month. Subscribe today for unlimited access to local journalism.</p>"
            "</main></body></html>",
            "text/html",
            "failed",
        ),
    ],
)
def test_a_revisit_that_finds_no_article_does_not_end_the_revisits(
    server: WebServer, tmp_path: Path, page: str, content_type: str, outcome: str
) -> None:
    db, site, item, url = _archive_misspelt_story(server, tmp_path)
    server.page("/news/harbur-plan.html", page, content_type=content_type)
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)[outcome] == 1

    site.add("/news/harbur-plan.html", item)  # the story is back, corrected
    _correct_title(item)
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["new_versions"] == 1
    assert [v["title"] for v in history(db, url)["versions"]] == [OLD_TITLE, NEW_TITLE]


@pytest.mark.parametrize("front", ["/", "/local"])
def test_a_story_redirected_to_a_front_page_is_taken_down_not_changed(
    server: WebServer, tmp_path: Path, front: str
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    path = "/news/2024/03/01/harbour-plan-approved-by-the-council.html"
    url = site.add(path, story(1))
    server.page(front, "<html><body><h1>Town Herald</h1><p>Today's top stories.</p></body></html>")
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    server.redirect(path, front, status=301)
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["gone"] == 1
    found = history(db, url)
    assert [v["title"] for v in found["versions"]] == [story(1).title]  # no "front" version
    assert found["removed_at"] is not None
    (gone,) = [e for e in cli_json("log", "--db", db) if e["outcome"] == "gone"]
    assert gone["reason"] == (  # (a one-word address is judged by the page there)
        f"redirected to a front page, {server.url(front)}"
        if front == "/"
        else f"the page is a front page, not the article ({server.url(front)})"
    )


def test_a_story_that_now_says_not_found_is_taken_down_not_changed(
    server: WebServer, tmp_path: Path
) -> None:
    db, _, _, url = _archive_misspelt_story(server, tmp_path)
    server.page("/news/harbur-plan.html", SOFT_404)  # a "404" served with 200
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["gone"] == 1
    found = history(db, url)
    assert [v["title"] for v in found["versions"]] == [OLD_TITLE] and found["removed_at"]


def test_fetching_an_archived_story_that_now_says_not_found_takes_it_down(
    server: WebServer, tmp_path: Path
) -> None:
    db, _, _, url = _archive_misspelt_story(server, tmp_path)
    server.page("/news/harbur-plan.html", SOFT_404)
    report = json.loads(CliRunner().invoke(cli, ["fetch", url, "--db", db, *FAST, "--json"]).stdout)
    assert (report["gone"], report["failed"]) == (1, 0)  # as a run's revisit, or a 404
    assert history(db, url)["removed_at"]


def test_a_first_fetch_of_a_wall_or_a_notice_archives_nothing(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    server.page("/news/wall.html", CONSENT_WALL)
    server.page("/news/missing.html", SOFT_404)
    urls = [server.url("/news/wall.html"), server.url("/news/missing.html")]
    result = CliRunner().invoke(cli, ["fetch", *urls, "--db", db, *FAST, "--json"])
    report = json.loads(result.stdout)
    # (Failures, not takedowns: a URL never archived keeps its page for `reextract`.)
    assert (report["archived"], report["failed"], report["gone"]) == (0, 2, 0)
    reasons = {e["url"]: e["reason"] for e in cli_json("log", "--db", db, "--failed")}
    assert reasons == {
        urls[0]: "a consent wall stands in front of the article",
        urls[1]: "the page says it is not found (a soft 404)",
    }


def test_a_rerun_with_nothing_due_requests_no_article(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    for n in range(3):
        site.add(f"/news/{n}.html", story(n))
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    assert run(db)["archived"] == 3  # the default schedule: first revisit in an hour

    before = len(server.requests)
    report = run(db)
    assert article_requests(server, before) == []
    assert (report["fetched"], report["not_modified"], report["sources_polled"]) == (0, 0, 1)


def test_no_article_is_requested_once_its_schedule_is_done(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    url = site.add("/news/1.html", story(1))
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, "--revisit", "1s")
    wait_until_due(db, url)
    assert run(db, "--revisit", "1s")["not_modified"] == 1

    with open_archive(db) as archive:
        assert url not in {r.url for r in archive.due("9999-01-01T00:00:00+00:00")}
    before = len(server.requests)
    run(db, "--revisit", "1s")
    assert article_requests(server, before) == []


def test_successive_edits_make_successive_versions(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    item.title = OLD_TITLE
    url = site.add("/news/1.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    for edit in (_correct_title, _add_paragraph):
        edit(item)
        wait_until_due(db, url)
        assert run(db, *SCHEDULE)["new_versions"] == 1

    versions = history(db, url)["versions"]
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert [v["title"] for v in versions] == [OLD_TITLE, NEW_TITLE, NEW_TITLE]
    assert versions[2]["summary"] == f"text: +{len(ADDED.split())}/−0 words"
    whole = diff_json(db, url, "--from", "1", "--to", "3")
    assert [t.strip() for t in ops(whole, "title", "insert")] == ["Harbour"]
    assert " ".join(ops(whole, "text", "insert")).split() == ADDED.split()
    assert cli_json("search", "Harbur", "--db", db) == []
    assert len(cli_json("search", "Harbur", "--db", db, "--all-versions")) == 1


def test_a_headline_rewritten_only_in_the_h1_is_a_version(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)  # its <title> stays as first written, as a CMS's SEO field does
    item.headline = "Council set to approve harbour bridge tonight"
    url = site.add("/news/1.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    item.headline = "Harbour bridge vote delayed to March after marathon hearing"
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["new_versions"] == 1

    versions = history(db, url)["versions"]
    assert [v["summary"] for v in versions] == ["first version", "headline changed"]
    (change,) = [m for m in diff_json(db, url)["metadata"] if m["field"] == "headline"]
    assert change["to"] == "Harbour bridge vote delayed to March after marathon hearing"


def test_a_metered_paywall_that_cuts_a_story_off_is_no_version(
    server: WebServer, tmp_path: Path
) -> None:
    # The meter ran out for the crawler: one revisit shows the opening above a prompt;
    # the next shows the story whole again. Neither is an edit.
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    whole = list(item.paragraphs)
    url = site.add("/news/1.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    item.paragraphs = [whole[0], "You have reached your limit of free articles. Subscribe now."]
    wait_until_due(db, url)
    report = run(db, *SCHEDULE)
    assert (report["new_versions"], report["failed"]) == (0, 1)
    assert "a paywall cut the story off" in cli_ok("log", "--db", db)
    item.paragraphs = whole
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["new_versions"] == 0
    assert [v["summary"] for v in history(db, url)["versions"]] == ["first version"]


def test_a_story_shortened_by_its_editors_is_a_version(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    url = site.add("/news/1.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    item.paragraphs = item.paragraphs[:1]  # (no paywall in sight: the editors cut it)
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["new_versions"] == 1


def _archive_misspelt_story(server: WebServer, tmp_path: Path) -> tuple[str, NewsSite, Story, str]:
    """An archive holding one story under its first, misspelt headline and slug."""
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    item.title = OLD_TITLE
    old_url = site.add("/news/harbur-plan.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    return db, site, item, old_url


def test_a_correction_that_moves_the_article_is_a_new_version_of_it(
    server: WebServer, tmp_path: Path
) -> None:
    db, site, item, old_url = _archive_misspelt_story(server, tmp_path)

    # The site fixes the headline and its slug; the old address redirects to the new one,
    # which the feed now lists instead.
    item.title = NEW_TITLE
    del site.stories["/news/harbur-plan.html"]
    new_url = site.add("/news/harbour-plan.html", item)
    server.redirect("/news/harbur-plan.html", new_url, status=301)
    wait_until_due(db, old_url)
    report = run(db, *SCHEDULE)
    assert (report["new_versions"], report["archived"], report["failed"]) == (1, 0, 0)

    by_old, by_new = history(db, old_url), history(db, new_url)
    assert by_old == by_new
    assert [v["title"] for v in by_new["versions"]] == [OLD_TITLE, NEW_TITLE]
    assert len(exported(db, "jsonl")) == 1


def _correct_title(item: Story) -> None:
    item.title = NEW_TITLE


def _add_paragraph(item: Story) -> None:
    item.paragraphs.append(ADDED)


# --- regressions: schedule slots, moved articles, view counters ------------------------


def _next_visit_at(db: str, url: str) -> str | None:
    with open_archive(db) as archive:
        row = archive.db.execute("SELECT next_visit_at FROM urls WHERE url = ?", [url]).fetchone()
    return None if row[0] is None else str(row[0])


def test_every_slot_of_the_schedule_is_a_revisit(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    url = site.add("/news/1.html", story(1))
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, "--revisit", "1s,2s,3s")
    with open_archive(db) as archive:
        stored = archive.article(url)
        assert stored is not None
        first_seen = parse_iso(stored.first_seen_at)
    offsets: list[float] = []
    while (due := _next_visit_at(db, url)) is not None and len(offsets) < 4:
        offsets.append((parse_iso(due) - first_seen).total_seconds())
        wait_until_due(db, url)
        run(db, "--revisit", "1s,2s,3s")
    assert offsets == [1, 2, 3]


def test_a_late_revisit_skips_the_slots_it_missed(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    late = ["--revisit", "0.01s,0.02s,0.03s,1h"]  # the three first slots are already past
    run(db, *late)
    assert run(db, *late)["not_modified"] == 1
    before = len(server.requests)
    run(db, *late)
    assert article_requests(server, before) == []  # next revisit: in an hour


def test_a_correction_that_moves_the_article_without_a_redirect(
    server: WebServer, tmp_path: Path
) -> None:
    db, site, item, old_url = _archive_misspelt_story(server, tmp_path)

    # The headline is fixed, the article moves to a new slug, the old address is a 404.
    moved = story(1)
    moved.title = NEW_TITLE
    new_url = site.add("/news/harbour-plan.html", moved)
    item.status = 404
    wait_until_due(db, old_url)
    run(db, *SCHEDULE)

    found = history(db, new_url)
    assert found["removed_at"] is None
    assert [v["title"] for v in found["versions"]] == [OLD_TITLE, NEW_TITLE]


@pytest.mark.parametrize(
    ("before", "after"),
    [("Hits: 1204", "Hits: 1377"), ("Read 1,204 times", "Read 1,377 times")],
)
def test_other_view_counters_make_no_version(
    server: WebServer, tmp_path: Path, before: str, after: str
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    item.paragraphs.append(before)
    url = site.add("/news/1.html", item)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    run(db, *SCHEDULE)
    item.paragraphs[-1] = after
    wait_until_due(db, url)
    assert run(db, *SCHEDULE)["fetched"] == 1
    assert len(history(db, url)["versions"]) == 1
