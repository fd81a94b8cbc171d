"""Re-extraction and a story's history: what later captures refreshed stays, versions the
extractor alone made are folded, and a pass stopped half-way goes on where it stopped."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper import extract
from scraper.archive import Archive, open_archive
from scraper.cli import cli
from scraper.extract_pool import ExtractorPool
from scraper.models import Article, Page
from scraper.reextract import ReextractReport, reextract

URL = "https://example.com/2026/11/20/harbour-vote/"
TIMES = ("2026-11-20T08:00:00+00:00", "2026-11-20T12:00:00+00:00", "2026-11-20T16:00:00+00:00")
PARAGRAPHS = (
    "The council voted on Tuesday to approve the harbour bridge plan after months of debate.",
    "Residents said the ferry service had been unreliable since the storm in September.",
    "Officials expect construction to begin next spring, pending a final environmental review.",
)


def html(
    *, modified: str = "07:30", description: str = "Old", box: str = "", more: str = ""
) -> bytes:
    meta = (
        '<meta property="article:published_time" content="2026-11-20T07:30:00+00:00">'
        f'<meta property="article:modified_time" content="2026-11-20T{modified}:00+00:00">'
        f'<meta name="description" content="{description} description of the vote">'
    )
    body = "".join(f"<p>{p}</p>" for p in (*PARAGRAPHS, *([more] if more else [])))
    aside = f'<div class="c-block-42"><p>{box}</p></div>' if box else ""
    return (
        f"<html lang='en'><head><title>Harbour bridge plan approved</title>{meta}</head><body>"
        f"<article><h1>Harbour bridge plan approved</h1>{body}{aside}</article></body></html>"
    ).encode()


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def capture(archive: Archive, body: bytes, at: str) -> None:
    page = Page(URL, URL, 200, (("Content-Type", "text/html; charset=utf-8"),), body, at)
    archive.save_page(archive.start_run(at), page, extract(body, URL), next_visit_at=None)


def summaries(archive: Archive) -> list[str | None]:
    return [version.summary for version in archive.versions(1)]


def test_metadata_a_later_capture_refreshed_survives_reextraction(archive: Archive) -> None:
    capture(archive, html(), TIMES[0])
    capture(archive, html(modified="11:30", description="New"), TIMES[1])  # same text

    report = reextract(archive, processes=0, everything=True)

    assert (report.pages, report.changed) == (1, 0)  # nothing but the revision changed
    stored = archive.article(1)
    assert stored is not None and stored.fetched_at == TIMES[1]
    assert stored.article.modified == "2026-11-20T11:30:00+00:00"
    assert stored.article.description == "New description of the vote"
    assert archive.versions(1)[0].article.modified == "2026-11-20T07:30:00+00:00"  # as seen


def test_a_new_reading_keeps_the_refresh_of_what_it_reads_as_before(archive: Archive) -> None:
    capture(archive, html(), TIMES[0])
    capture(archive, html(modified="11:30", description="New"), TIMES[1])

    def retitled(body: bytes, url: str, *, content_type: str | None) -> Article:
        article = extract(body, url, content_type=content_type)
        return Article(**{**article.to_dict(), "title": "Harbour bridge: plan approved"})

    report = reextract(archive, processes=0, extractor=retitled)

    stored = archive.article(1)
    assert report.changed == 1 and stored is not None
    assert stored.article.title == "Harbour bridge: plan approved"
    assert stored.article.modified == "2026-11-20T11:30:00+00:00"
    assert stored.article.description == "New description of the vote"


def test_versions_only_the_extractor_told_apart_are_folded(archive: Archive) -> None:
    # The site changed a reader poll beside the story, then the story itself.
    capture(archive, html(box="Most readers backed the bridge plan."), TIMES[0])
    capture(archive, html(box="Most readers opposed the bridge plan."), TIMES[1])
    more = "The mayor said the budget would not rise above the agreed ceiling."
    capture(archive, html(box="Most readers opposed the bridge plan.", more=more), TIMES[2])
    assert summaries(archive) == ["first version", "text: +1/−1 words", "text: +12/−0 words"]
    archive.set_site_rules('[[site]]\nhosts = ["example.com"]\ndrop = [".c-block-42"]')

    report = reextract(archive, processes=0)

    assert (report.pages, report.changed, report.folded) == (3, 3, 1)
    versions = archive.versions(1)
    assert [(v.number, v.seen_at) for v in versions] == [(1, TIMES[0]), (2, TIMES[2])]
    assert summaries(archive) == ["first version", "text: +12/−0 words"]
    stored = archive.article(1)
    assert stored is not None and stored.versions == 2 and more in stored.article.text
    assert archive.page_count() == 3  # the folded version's page is a capture still
    assert archive.verify().ok
    # (The folded capture's page, of no version, is read again: it might be an article.)
    assert reextract(archive, processes=0) == ReextractReport(pages=1, current=2)


def test_a_current_version_the_same_as_the_one_before_is_folded(archive: Archive) -> None:
    capture(archive, html(box="Most readers backed the bridge plan."), TIMES[0])
    capture(archive, html(box="Most readers opposed the bridge plan."), TIMES[1])
    archive.set_site_rules('[[site]]\nhosts = ["example.com"]\ndrop = [".c-block-42"]')

    assert reextract(archive, processes=0).folded == 1

    stored = archive.article(1)
    assert stored is not None and stored.versions == 1 and stored.fetched_at == TIMES[1]
    assert "readers" not in stored.article.text and summaries(archive) == ["first version"]
    # The one version left is current: its text lives in the article row only.
    assert archive.db.execute("SELECT text FROM versions").fetchall() == [(None,)]
    assert [hit.article_id for hit in archive.search("ferry", all_versions=True)] == [1]
    assert archive.verify().ok  # (the full-text indexes agree with the versions left)


def test_a_pass_stopped_half_way_goes_on_where_it_stopped(archive: Archive) -> None:
    for n, at in enumerate(TIMES):
        url = f"https://example.com/news/{n}.html"
        page = Page(url, url, 200, (), html(box=f"poll {n}"), at)
        archive.save_page(
            archive.start_run(at), page, Article(url=url, title="Old"), next_visit_at=None
        )

    def stop_after_two(phase: str, done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reextract(archive, processes=0, progress=stop_after_two)
    again = reextract(archive, processes=0)
    assert (again.current, again.pages, again.changed) == (2, 1, 1)
    assert reextract(archive, processes=0, everything=True).pages == 3


def test_an_interrupted_reextract_says_how_far_it_got(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(archive: Archive, **options: object) -> ReextractReport:
        progress = options["progress"]
        assert callable(progress)
        progress("reextract", 1924, 5216)
        raise KeyboardInterrupt

    monkeypatch.setattr("scraper.reextract.reextract", interrupted)
    result = CliRunner().invoke(cli, ["reextract", "--db", str(archive.path)])
    assert result.exit_code == 130
    assert result.output.strip() == (
        "scraper: reextract interrupted: 1924 of 5216 pages done and kept;"
        " `scraper reextract` again goes on from there"
    )
    # A pass over every page has nowhere to go on from (docs27 QA F03).
    result = CliRunner().invoke(cli, ["reextract", "--all", "--db", str(archive.path)])
    assert result.output.strip().endswith("kept; `scraper reextract --all` starts over")


def sigint_handler(body: bytes, url: str, *, content_type: str | None) -> Article:
    """What a worker does on Ctrl-C, as its title. (Module level: a worker imports it.)"""
    return Article(url=url, title=str(signal.getsignal(signal.SIGINT)))


def test_workers_leave_ctrl_c_to_the_process_that_started_them() -> None:
    page = Page(URL, URL, 200, (), b"<p>x</p>", TIMES[0])
    with ExtractorPool(1, extractor=sigint_handler) as pool:
        assert pool.submit(page).result(timeout=60).title == str(signal.SIG_IGN)


def test_what_a_version_changed_is_said_anew(archive: Archive) -> None:
    more = "The mayor said the budget would not rise above the agreed ceiling."
    capture(archive, html(box="Most readers backed the bridge plan."), TIMES[0])
    capture(archive, html(box="Most readers opposed the bridge plan.", more=more), TIMES[1])
    assert summaries(archive)[1] == "text: +18/−6 words"  # (the poll's words too)
    archive.set_site_rules('[[site]]\nhosts = ["example.com"]\ndrop = [".c-block-42"]')

    assert reextract(archive, processes=0).folded == 0
    assert summaries(archive) == ["first version", "text: +12/−0 words"]
