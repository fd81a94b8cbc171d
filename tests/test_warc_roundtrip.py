"""The archive's own WARC export read back: every capture that made a version is in it,
so an import of it gives the same versions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from newssite import Story, story
from warcio.archiveiterator import ArchiveIterator
from warcs import HTML, T1, T2, T3, Again, html, run_import, url, write_warc

from scraper import open_archive
from scraper.archive import Archive
from scraper.cli import cli
from scraper.export import export_jsonl, export_warc


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "a.db") as archive:
        yield archive


def _flip_back(archive: Archive, tmp_path: Path) -> None:
    """A story whose text goes A, B, then A again (an edit withdrawn), in a second story's
    company; the flip back by response, and once more (at T4) by revisit."""
    first = story(1)
    edited = Story(first.title + " after a row", [*first.paragraphs, "The vote was delayed."])
    warc = write_warc(
        tmp_path / "in.warc.gz",
        [
            (url(1), T1, 200, HTML, html(1, first)),
            (url(2), T1, 200, HTML, html(2)),
            (url(1), T2, 200, HTML, html(1, edited)),
            (url(1), T3, 200, HTML, html(1, first)),
            (url(1), T4, 200, HTML, html(1, edited)),
            Again(url(1), T5, url(1), T1),
        ],
    )
    report = run_import(archive, warc)
    assert (report.archived, report.new_versions) == (2, 4)


T4, T5 = "2019-08-29T10:00:00Z", "2019-08-30T10:00:00Z"


def test_a_story_that_went_back_to_an_earlier_text_exports_every_version(
    archive: Archive, tmp_path: Path
) -> None:
    _flip_back(archive, tmp_path)
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        assert export_warc(archive, out) == 6  # 3 responses, then 3 revisits of them
    with exported.open("rb") as stream:
        captures = [
            (r.rec_type, r.rec_headers.get_header("WARC-Date")[:10])
            for r in ArchiveIterator(stream)
            if r.rec_type in ("response", "revisit")
        ]
    assert [day for kind, day in captures if kind == "revisit"] == [
        "2019-08-28", "2019-08-29", "2019-08-30"
    ]  # fmt: skip
    with open_archive(tmp_path / "b.db") as copy:
        report = run_import(copy, exported)
        assert (report.archived, report.new_versions, report.skipped) == (2, 4, 0)
        mine, theirs = archive.article(url(1)), copy.article(url(1))
        assert mine is not None and theirs is not None
        assert theirs.article == mine.article and "delayed" not in theirs.article.text
        assert [(v.seen_at, v.article) for v in copy.versions(theirs.id)] == [
            (v.seen_at, v.article) for v in archive.versions(mine.id)
        ]


def test_an_incremental_warc_export_has_the_flip_back(archive: Archive, tmp_path: Path) -> None:
    _flip_back(archive, tmp_path)
    since = "2019-08-28T00:00:00Z"  # after A and B, before A again
    rows = tmp_path / "rows.jsonl"
    with rows.open("w") as text:
        assert export_jsonl(archive, text, since=since, all_versions=True) == 3
    exported = tmp_path / "since.warc.gz"
    with exported.open("wb") as out:
        assert export_warc(archive, out, since=since) == 3  # A's and B's pages are older
    with exported.open("rb") as stream:
        kinds = [r.rec_type for r in ArchiveIterator(stream) if r.rec_type != "metadata"]
    assert kinds == ["warcinfo", "response", "response", "response"]


def test_an_older_crawl_imported_after_a_newer_one_gives_earlier_versions(
    archive: Archive, tmp_path: Path
) -> None:
    texts = [story(3), Story(story(3).title, [*story(3).paragraphs, "Shops stay shut."])]
    texts.append(Story(texts[1].title + " as rain goes on", texts[1].paragraphs))
    february = write_warc(tmp_path / "feb.warc.gz", [(url(3), T3, 200, HTML, html(3, texts[2]))])
    january = write_warc(
        tmp_path / "jan.warc.gz",
        [(url(3), T1, 200, HTML, html(3, texts[0])), (url(3), T2, 200, HTML, html(3, texts[1]))],
    )
    assert run_import(archive, february).archived == 1
    report = run_import(archive, january)
    assert (report.new_versions, report.older) == (2, 0)
    stored = archive.article(url(3))
    assert stored is not None and stored.versions == 3
    assert stored.first_seen_at == "2019-08-26T10:00:00+00:00"
    assert stored.article.title is not None and "rain" in stored.article.title  # still current
    versions = archive.versions(stored.id)
    assert [(v.number, v.seen_at[:10]) for v in versions] == [
        (1, "2019-08-26"), (2, "2019-08-27"), (3, "2019-08-28")
    ]  # fmt: skip
    assert "Shops stay shut." not in versions[0].article.text
    assert "Shops stay shut." in versions[1].article.text
    assert versions[2].summary is not None and "title" in versions[2].summary  # vs v2 now
    assert archive.search("Shops", all_versions=True)  # the inserted text is indexed
    again = run_import(archive, january, february)
    assert (again.older, again.new_versions, again.unchanged) == (3, 0, 0)


def test_an_older_capture_of_the_same_text_moves_its_first_sighting_back(
    archive: Archive, tmp_path: Path
) -> None:
    run_import(archive, write_warc(tmp_path / "b.warc.gz", [(url(5), T2, 200, HTML, html(5))]))
    report = run_import(
        archive, write_warc(tmp_path / "a.warc.gz", [(url(5), T1, 200, HTML, html(5))])
    )
    assert (report.unchanged, report.new_versions) == (1, 0)
    stored = archive.article(url(5))
    assert stored is not None and stored.versions == 1
    assert (
        stored.first_seen_at
        == archive.versions(stored.id)[0].seen_at
        == ("2019-08-26T10:00:00+00:00")
    )


def test_an_older_capture_between_two_sightings_of_the_latest_text_is_a_version(
    archive: Archive, tmp_path: Path
) -> None:
    # A, then C (only in the older crawl), then A again: C was up between two sightings
    # of the latest version's text, so both it and A's return are versions.
    first, edit = story(7), Story(story(7).title, [*story(7).paragraphs, "The dam held."])
    newer = [(url(7), T1, 200, HTML, html(7, first)), (url(7), T3, 200, HTML, html(7, first))]
    run_import(archive, write_warc(tmp_path / "new.warc.gz", newer))
    older = write_warc(tmp_path / "old.warc.gz", [(url(7), T2, 200, HTML, html(7, edit))])
    assert (run_import(archive, older).new_versions, run_import(archive, older).older) == (1, 1)
    stored = archive.article(url(7))
    assert stored is not None and stored.versions == 3 and "dam" not in stored.article.text
    versions = archive.versions(stored.id)
    assert [(v.number, v.seen_at[:10], "dam" in v.article.text) for v in versions] == [
        (1, "2019-08-26", False), (2, "2019-08-27", True), (3, "2019-08-28", False)
    ]  # fmt: skip
    assert versions[2].article.text == versions[0].article.text == stored.article.text
    assert archive.search("dam", all_versions=True)  # the inserted text is indexed
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    with open_archive(tmp_path / "b.db") as copy:
        assert run_import(copy, exported).new_versions == 2
        again = copy.article(url(7))
        assert again is not None
        assert [(v.seen_at, v.article) for v in copy.versions(again.id)] == [
            (v.seen_at, v.article) for v in versions
        ]


def _exported_after_a_takedown(archive: Archive, tmp_path: Path, stories: int) -> tuple[Path, str]:
    """`stories` imported, the first then taken down (410), all exported: the export's
    path, and when the story went."""
    pages = [(url(n), T1, 200, HTML, html(n)) for n in range(1, stories + 1)]
    run_import(archive, write_warc(tmp_path / "in.warc.gz", pages))
    gone_at = "2019-08-27T10:00:00+00:00"
    archive.record_gone(archive.start_run(gone_at), url(1), status=410, at=gone_at)
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    return exported, gone_at


def test_a_story_taken_down_stays_down_through_export_and_import(
    archive: Archive, tmp_path: Path
) -> None:
    # The archive knew the story went (a 404, a notice): the WARC holds no capture of
    # that, so the export says it in a metadata record, which the import reads back.
    exported, gone_at = _exported_after_a_takedown(archive, tmp_path, stories=2)
    with open_archive(tmp_path / "b.db") as again:
        report = run_import(again, exported)
        assert report.removed == 1
        removed = {stored.article.url: stored.removed_at for stored in again.iter_articles()}
        assert removed == {url(1): gone_at, url(2): None}
    with exported.open("wb") as out:  # (since the takedown: it alone)
        export_warc(archive, out, since="2019-08-27T00:00:00Z")
    with open_archive(tmp_path / "c.db") as third:
        assert run_import(third, exported).removed == 0  # (nothing of it archived there)


def test_an_imports_summary_counts_the_takedowns_it_read(archive: Archive, tmp_path: Path) -> None:
    exported, _ = _exported_after_a_takedown(archive, tmp_path, stories=1)

    result = CliRunner().invoke(cli, ["import-warc", str(exported), "--db", str(archive.path)])

    # (Both seen already: the takedown counts among those no newer, and in the total.)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported 1 responses and 1 takedown: 0 new articles")
    assert "2 no newer than the archive's" in result.stdout


def _with_meta(modified: str, description: str) -> bytes:
    meta = (
        f'<meta property="article:modified_time" content="{modified}">'
        f'<meta name="description" content="{description}">'
    )
    return html(1).replace(b"</head>", meta.encode() + b"</head>", 1)


def test_what_an_unchanged_capture_brought_up_to_date_survives_a_round_trip(
    archive: Archive, tmp_path: Path
) -> None:
    # The second capture has the same text: no version, no page kept, but a later
    # modified time and a new description, which the article row takes.
    warc = write_warc(
        tmp_path / "in.warc.gz",
        [
            (url(1), T1, 200, HTML, _with_meta("2024-01-16T12:00:00+00:00", "Old summary")),
            (url(1), T2, 200, HTML, _with_meta("2024-01-17T09:00:00+00:00", "New summary")),
        ],
    )
    run_import(archive, warc)
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)

    with open_archive(tmp_path / "b.db") as again:
        report = run_import(again, exported)
        assert (report.archived, report.revisits, report.unchanged) == (1, 1, 1)
        assert again.article(url(1)) == archive.article(url(1))
        stored = again.article(url(1))
        assert stored is not None and stored.fetched_at == "2019-08-27T10:00:00+00:00"
        assert stored.article.description == "New summary"
        assert stored.article.modified == "2024-01-17T09:00:00+00:00"
        assert again.versions(1)[0].article.description == "Old summary"  # as first seen
        assert run_import(again, exported).older == 2  # (seen already)


def _round_trip(archive: Archive, tmp_path: Path, name: str) -> Archive:
    exported = tmp_path / f"{name}.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    again = open_archive(tmp_path / f"{name}.db")
    run_import(again, exported)
    return again


def test_every_takedown_and_return_survives_a_round_trip(archive: Archive, tmp_path: Path) -> None:
    # Down, back (a 304: no capture), down again: the WARC says each, the import reads
    # them back, and importing it again adds nothing.
    run_import(archive, write_warc(tmp_path / "in.warc.gz", [(url(1), T1, 200, HTML, html(1))]))
    down, back, again = (f"2019-08-2{day}T10:00:00+00:00" for day in (7, 8, 9))
    run = archive.start_run(down)
    archive.record_gone(run, url(1), status=404, at=down)
    archive.record_not_modified(run, url(1), status=304, at=back, next_visit_at=None)
    archive.record_gone(run, url(1), status=410, at=again)
    history = archive.takedown_history()
    assert [(t.removed_at, t.back_at) for t in history[1]] == [(down, back), (again, None)]

    with _round_trip(archive, tmp_path, "b") as copy:
        assert copy.takedown_history() == history
        theirs, mine = copy.article(url(1)), archive.article(url(1))
        assert theirs is not None and mine is not None
        assert theirs.removed_at == mine.removed_at == again
        exported = tmp_path / "b.warc.gz"
        report = run_import(copy, exported)
        assert (report.takedowns, report.older, report.removed) == (3, 4, 0)
        assert copy.takedown_history() == history


def test_a_return_in_the_second_of_its_takedown_survives_a_round_trip(
    archive: Archive, tmp_path: Path
) -> None:
    # Found gone, then back with the same text (a capture kept without a page: "seen
    # again") within one second: the records keep the order the archive saw them in.
    run_import(archive, write_warc(tmp_path / "in.warc.gz", [(url(1), T1, 200, HTML, html(1))]))
    at, run = "2019-08-27T10:00:00+00:00", archive.start_run(T2)
    archive.record_gone(run, url(1), status=404, at=at)
    page, stored = archive.page_at(url(1)), archive.article(url(1))
    assert page is not None and stored is not None
    archive.save_page(run, replace(page, fetched_at=at), stored.article, next_visit_at=None)
    history = archive.takedown_history()
    assert [(t.removed_at, t.back_at) for t in history[1]] == [(at, at)]
    with _round_trip(archive, tmp_path, "b") as copy:
        assert copy.takedown_history() == history
        stored = copy.article(url(1))
        assert stored is not None and stored.removed_at is None


def test_a_rating_an_unchanged_capture_brought_survives_a_round_trip(
    archive: Archive, tmp_path: Path
) -> None:
    # The second capture (the same text: no version) rates the review: the import of an
    # export brings the rating back, as its "seen again" record states it.
    review = (
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "Review", "reviewRating": {"@type": "Rating", "ratingValue": 4}}</script>'
    )
    rated = html(1).replace(b"</head>", review.encode() + b"</head>", 1)
    warc = write_warc(
        tmp_path / "in.warc.gz", [(url(1), T1, 200, HTML, html(1)), (url(1), T2, 200, HTML, rated)]
    )
    run_import(archive, warc)
    stored = archive.article(url(1))
    assert stored is not None and (stored.versions, stored.article.rating) == (1, "4/5")
    again = _round_trip(archive, tmp_path, "rated")
    assert again.article(url(1)) == stored  # (its rating was lost: None)
    again.close()
