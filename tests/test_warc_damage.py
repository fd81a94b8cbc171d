"""WARC files as they come: a record with a wrong length, one the crawler cut
(`WARC-Truncated`), a file gzipped whole, a later capture that finds the story taken down;
and the library's filter for what is a page to archive."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcs import HTML, T1, T2, T3, html, run_import, url, write_warc

from scraper import open_archive
from scraper.archive import Archive
from scraper.models import Page
from scraper.warc_import import Damaged, not_archivable, read_captures, read_responses


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "a.db") as archive:
        yield archive


def record(n: int, *, off: int = 0, extra: str = "", date: str = T1) -> bytes:
    """A response record for story `n`, its Content-Length `off` bytes wrong."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {HTML}\r\n\r\n".encode() + html(n)
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url(n)}\r\n"
        f"WARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{n:08d}-0000-0000-0000-000000000000>\r\n"
        f"Content-Type: application/http; msgtype=response\r\n{extra}"
        f"Content-Length: {len(http) + off}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


@pytest.mark.parametrize("off", [-300, 300])
def test_a_record_with_a_wrong_length_is_skipped_and_reading_goes_on(
    archive: Archive, tmp_path: Path, off: int
) -> None:
    members = tmp_path / "members.warc.gz"  # one gzip member per record, as CC-NEWS
    members.write_bytes(
        b"".join(gzip.compress(record(n, off=off if n == 1 else 0)) for n in range(6))
    )
    report = run_import(archive, members)
    assert (report.archived, report.failed) == (5, 1)
    assert report.failures[0][0] == url(1) and "Content-Length" in report.failures[0][1]
    assert archive.article(url(1)) is None  # not archived cut short, nor run on
    assert [path for path, _ in report.bad_files] == [str(members)]
    assert report.bad_files[0][1].startswith("1 damaged record skipped: record at offset ")


def test_a_plain_file_goes_on_at_the_next_record(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"  # too long: the next record's header is in its body
    plain.write_bytes(b"".join(record(n, off=200 if n == 1 else 0) for n in range(4)))
    with plain.open("rb") as stream:
        captures = list(read_captures(stream, max_bytes=1 << 20))
    assert [c.url for c in captures] == [url(0), url(1), url(2), url(3)]
    assert isinstance(captures[1], Damaged) and not captures[1].truncated
    with plain.open("rb") as stream:
        assert [p.url for p in read_responses(stream, max_bytes=1 << 20)] == [
            url(0),
            url(2),
            url(3),
        ]


def test_a_record_the_crawler_truncated_is_no_version(archive: Archive, tmp_path: Path) -> None:
    cut = record(1, extra="WARC-Truncated: length\r\n")
    warc = tmp_path / "cut.warc.gz"
    warc.write_bytes(gzip.compress(cut) + gzip.compress(record(1, date=T2)))
    report = run_import(archive, warc)
    assert (report.responses, report.archived, report.new_versions, report.failed) == (2, 1, 0, 1)
    assert report.failures == ((url(1), "truncated in the WARC: length"),)
    assert report.bad_files == ()  # the file is sound
    stored = archive.article(url(1))
    assert (
        stored is not None
        and stored.versions == 1
        and stored.first_seen_at.startswith("2019-08-27")
    )


def test_a_file_gzipped_whole_is_read(archive: Archive, tmp_path: Path) -> None:
    members = write_warc(
        tmp_path / "m.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in range(3)]
    )
    whole = tmp_path / "whole.warc.gz"  # what `gzip file.warc` makes
    whole.write_bytes(gzip.compress(gzip.decompress(members.read_bytes())))
    report = run_import(archive, whole)
    assert (report.responses, report.archived, report.bad_files) == (3, 3, ())


def test_a_later_404_or_410_capture_takes_the_story_down(archive: Archive, tmp_path: Path) -> None:
    gone = b"<html><title>Not found</title><p>No such page.</p></html>"
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [
            (url(1), T1, 200, HTML, html(1)),
            (url(1), T2, 410, HTML, gone),
            (url(2), T1, 200, HTML, html(2)),
            (url(2), T3, 200, HTML, html(2)),
            (url(3), T1, 404, HTML, gone),  # never archived: passed over
        ],
    )
    first = write_warc(tmp_path / "b.warc.gz", [(url(2), T2, 404, HTML, gone)])
    report = run_import(archive, warc, first)  # url(2)'s 404 is older than its last capture
    assert (report.removed, report.older, report.skipped) == (1, 1, 1)
    taken, kept = archive.article(url(1)), archive.article(url(2))
    assert taken is not None and taken.removed_at == "2019-08-27T10:00:00+00:00"
    assert kept is not None and kept.removed_at is None
    assert archive.tracked(url(3)) is None


def test_not_archivable_says_why_a_response_is_no_page_to_extract() -> None:
    def page(status: int, content_type: str, body: bytes, *extra: tuple[str, str]) -> Page:
        headers = (("Content-Type", content_type), *extra)
        return Page(url(1), url(1), status, headers, body, T1)

    article = html(1)
    assert not_archivable(page(200, HTML, article), max_bytes=1 << 20) is None
    assert not_archivable(page(404, HTML, article), max_bytes=1 << 20) == "HTTP 404"
    assert not_archivable(page(200, HTML, article), max_bytes=100) == "larger than 100 bytes"
    for refused in (
        page(200, "application/pdf", b"%PDF-1.7 %\xe2\xe3"),
        page(200, "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        page(200, "application/json", b'{"title": "x"}'),
        page(200, HTML, b"\x1b\x8f\x02\x00\xff\xfe", ("Content-Encoding", "br")),
    ):
        assert not_archivable(refused, max_bytes=1 << 20), refused.content_type
