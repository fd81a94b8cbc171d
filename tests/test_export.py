"""Exports: JSON Lines, CSV and WARC, read back with their own readers."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.archive import Archive, open_archive
from scraper.archive.records import digests
from scraper.errors import UsageError
from scraper.export import export_csv, export_jsonl, export_warc
from scraper.models import Article, Page

T0 = "2024-03-01T08:00:00+00:00"
T1 = "2024-03-02T09:30:00+00:00"
BRIDGE = "The council approved the harbour bridge on Tuesday after a long debate. " * 4
FLOOD = "Heavy rain flooded the valley overnight and closed two railway lines. " * 4
HTML = '<html><head><title>Bridge</title></head><body><p>Café "Zur Brücke"</p></body></html>'


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "a.db") as archive:
        run = archive.start_run(T0)
        bridge = "https://news.example/bridge"
        headers = (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),  # httpx decoded the body: the WARC must say so
            ("ETag", '"b1"'),
        )
        first = Page(bridge, bridge + "/", 200, headers, HTML.encode(), T0)
        article = Article(
            url=bridge, title="Harbour bridge approved", authors=["Ana Ruiz", "Li Wei"],
            tags=["city", "transport"], published="2024-03-01", text=BRIDGE, markdown=BRIDGE,
        )  # fmt: skip
        archive.save_page(
            run, first, article, next_visit_at=None,
            digests=digests(first.body, article, "rev-1"),
        )  # fmt: skip
        edited = Article(**{**article.to_dict(), "text": BRIDGE + "The vote was close."})
        second = Page(bridge, bridge + "/", 200, headers, HTML.encode() + b"<!-- v2 -->", T1)
        archive.save_page(run, second, edited, next_visit_at=None)
        flood = "https://news.example/flood"
        archive.save_page(
            run,
            Page(flood, flood, 200, (), b"<html><p>flood</p></html>", T1),
            Article(url=flood, title="Flood", text=FLOOD, markdown=FLOOD),
            next_visit_at=None,
        )
        yield archive


def test_jsonl_has_every_article_field_plus_id_and_fetched_at(archive: Archive) -> None:
    out = io.StringIO()
    assert export_jsonl(archive, out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    more = {"id", "fetched_at", "extractor", "first_seen_at", "versions", "removed_at"}
    assert [set(row) for row in rows] == [{*Article.FIELDS, *more, "takedowns"}] * 2
    bridge, flood = rows
    assert bridge["authors"] == ["Ana Ruiz", "Li Wei"] and bridge["fetched_at"] == T1
    assert (bridge["first_seen_at"], bridge["versions"], bridge["removed_at"]) == (T0, 2, None)
    assert bridge["takedowns"] == []
    assert bridge["extractor"] is None  # its current version was saved with no revision
    assert bridge["text"].endswith("The vote was close.")
    assert flood["title"] == "Flood"


def test_jsonl_since_gives_new_and_changed_articles(archive: Archive) -> None:
    out = io.StringIO()
    assert export_jsonl(archive, out, since="2024-03-02T00:00:00+00:00") == 2
    out = io.StringIO()
    assert export_jsonl(archive, out, since="2024-03-03T00:00:00+00:00") == 0
    # A time with another offset is the same instant (09:00 UTC: before T1, 09:30 UTC),
    # not a string that sorts after "2024-03-02T09:30…".
    assert export_jsonl(archive, io.StringIO(), since="2024-03-02T10:00:00+01:00") == 2
    assert export_jsonl(archive, io.StringIO(), since="2024-03-02T11:00+01:00") == 0
    assert export_warc(archive, io.BytesIO(), since="2024-03-02T10:00+01:00") == 2
    with pytest.raises(UsageError, match="not a time: '2024-3-2'"):
        export_jsonl(archive, io.StringIO(), since="2024-3-2")


def test_jsonl_all_versions_numbers_them(archive: Archive) -> None:
    out = io.StringIO()
    assert export_jsonl(archive, out, all_versions=True) == 3
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["url"], r["version"], r["fetched_at"], r["extractor"]) for r in rows] == [
        ("https://news.example/bridge", 1, T0, "rev-1"),
        ("https://news.example/bridge", 2, T1, None),
        ("https://news.example/flood", 1, T1, None),
    ]
    assert rows[0]["text"] == BRIDGE


def test_a_story_taken_down_says_when_in_every_row(archive: Archive) -> None:
    gone = "2024-03-05T07:00:00+00:00"
    archive.record_gone(archive.start_run(gone), "https://news.example/bridge", status=410, at=gone)
    out = io.StringIO()
    export_jsonl(archive, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["url"], r["removed_at"]) for r in rows] == [
        ("https://news.example/bridge", gone), ("https://news.example/flood", None)
    ]  # fmt: skip
    out = io.StringIO()
    export_jsonl(archive, out, all_versions=True)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["removed_at"] for r in rows] == [gone, gone, None]
    out = io.StringIO(newline="")
    export_csv(archive, out, all_versions=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["removed_at"] for r in rows] == [gone, gone, ""]


def test_csv_cells_that_a_spreadsheet_would_run_are_inert(archive: Archive) -> None:
    url = "https://news.example/formula"
    title = '=HYPERLINK("http://evil.example","Click")'
    page = Page(url, url, 200, (), b"<html></html>", T1)
    archive.save_page(
        archive.start_run(T1), page, Article(url=url, title=title, text=FLOOD + "x"),
        next_visit_at=None,
    )  # fmt: skip
    out = io.StringIO(newline="")
    export_csv(archive, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert rows[-1]["title"] == "'" + title and rows[0]["title"] == "Harbour bridge approved"
    jsonl = io.StringIO()
    export_jsonl(archive, jsonl)  # (JSON is read by programs: as published)
    assert json.loads(jsonl.getvalue().splitlines()[-1])["title"] == title


def test_csv_guards_what_a_spreadsheet_runs_and_no_guard_writes_as_stored(
    archive: Archive,
) -> None:
    titles = ["-5°C tonight", "+++ Eilmeldung +++", "@mayor", "-5", "+3.5", "- a list", "Quiet"]
    for n, title in enumerate(titles):
        url = f"https://news.example/t{n}"
        page = Page(url, url, 200, (), b"<html></html>", T1)
        article = Article(url=url, title=title, text=f"{FLOOD} {n}")
        archive.save_page(archive.start_run(T1), page, article, next_visit_at=None)

    def csv_titles(**kw: Any) -> list[str]:
        out = io.StringIO(newline="")
        export_csv(archive, out, **kw)
        rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
        return [row["title"] for row in rows[2:]]

    # Excel runs "-5°C" and "+++ …" as formulas; a plain number is read as that number.
    assert csv_titles() == [
        "'-5°C tonight", "'+++ Eilmeldung +++", "'@mayor", "-5", "+3.5", "'- a list", "Quiet"
    ]  # fmt: skip
    assert csv_titles(formula_guard=False) == titles  # (as JSONL has them: for pandas, R)


def _exported(archive: Archive, **kw: Any) -> list[tuple[str, int]]:
    out = io.StringIO()
    export_jsonl(archive, out, **kw)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    return [(row["url"].rsplit("/", 1)[1], row.get("version") or row["versions"]) for row in rows]


def test_exports_filter_by_until_language_takedown_and_change(archive: Archive) -> None:
    t2 = "2024-03-03T08:00:00+00:00"
    ferry = "https://news.example/faehre"
    page = Page(ferry, ferry, 200, (), b"<html></html>", t2)
    article = Article(url=ferry, title="Fähre", language="de-AT", text=FLOOD + " Fähre")
    archive.save_page(archive.start_run(t2), page, article, next_visit_at=None)
    gone = "2024-03-04T08:00:00+00:00"
    archive.record_gone(archive.start_run(gone), "https://news.example/flood", status=410, at=gone)

    assert _exported(archive, languages=["de"]) == [("faehre", 1)]  # (de takes de-AT)
    assert _exported(archive, languages=["DE-at", "fr"]) == [("faehre", 1)]
    assert _exported(archive, languages=["en"]) == []
    # `until` bounds the time `since` compares: the current version's, or each version's.
    assert _exported(archive, until=T1) == []
    assert _exported(archive, until="2024-03-02T10:00:00+00:00") == [("bridge", 2), ("flood", 1)]
    assert _exported(archive, until=T1, all_versions=True) == [("bridge", 1)]
    week = {"since": "2024-03-02", "until": "2024-03-03"}
    assert _exported(archive, **week, all_versions=True) == [("bridge", 2), ("flood", 1)]
    assert _exported(archive, until="2d") == _exported(archive)  # (a duration, as --since)
    assert _exported(archive, removed=True) == [("flood", 1)]
    assert _exported(archive, changed=True) == [("bridge", 2)]
    assert _exported(archive, changed=True, all_versions=True) == [("bridge", 1), ("bridge", 2)]
    assert _exported(archive, changed=True, removed=True) == []
    with pytest.raises(UsageError, match="not a language code: 'German'"):
        _exported(archive, languages=["German"])
    with pytest.raises(UsageError, match="not a time"):
        _exported(archive, until="yesterday")


def test_csv_reads_back_with_lists_as_json(archive: Archive) -> None:
    out = io.StringIO(newline="")
    assert export_csv(archive, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert list(rows[0]) == [
        "id", "fetched_at", *Article.FIELDS, "extractor", "first_seen_at", "versions", "removed_at",
        "takedowns",
    ]  # fmt: skip
    assert json.loads(rows[0]["tags"]) == ["city", "transport"]
    assert rows[1]["text"] == FLOOD
    versions = io.StringIO(newline="")
    assert export_csv(archive, versions, all_versions=True) == 3


def test_warc_round_trips_through_warcio(archive: Archive) -> None:
    out = io.BytesIO()
    assert export_warc(archive, out) == 3
    out.seek(0)
    records = list(_records(out))
    assert [r["type"] for r in records] == [
        "warcinfo", "response", "metadata", "response", "metadata", "response", "metadata",
    ]  # fmt: skip
    response, metadata = records[1], records[2]
    assert response["uri"] == "https://news.example/bridge/"
    assert response["date"] == "2024-03-01T08:00:00Z"
    assert response["status"] == "200" and response["body"] == HTML.encode()
    assert response["headers"]["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in response["headers"]
    extracted = json.loads(metadata["body"])
    assert (extracted["title"], extracted["version"]) == ("Harbour bridge approved", 1)
    assert extracted["extractor"] == "rev-1"
    assert metadata["refers_to"] == response["id"]
    assert records[3]["date"] == "2024-03-02T09:30:00Z"


def test_warc_since_keeps_later_pages(archive: Archive) -> None:
    out = io.BytesIO()
    assert export_warc(archive, out, since="2024-03-02T00:00:00+00:00") == 2


def test_sites_keep_their_hosts_and_subdomains_only(archive: Archive) -> None:
    run = archive.start_run(T1)
    for url in (
        "https://regional.news.example/rain",  # a subdomain: kept
        "https://news.example.org/rain",  # another site, though it starts alike
        "https://xn--bcher-kva.example/rain",  # bücher.example, as the archive spells it
    ):
        text = f"{url} reports rain over the valley for the third day running. " * 3
        page = Page(url, url, 200, (), f"<p>{text}</p>".encode(), T1)
        archive.save_page(run, page, Article(url=url, text=text), next_visit_at=None)

    def urls(sites: list[str], *, all_versions: bool = False) -> list[str]:
        out = io.StringIO()
        export_jsonl(archive, out, sites=sites, all_versions=all_versions)
        return [json.loads(line)["url"] for line in out.getvalue().splitlines()]

    assert urls(["news.example"]) == [
        "https://news.example/bridge", "https://news.example/flood",
        "https://regional.news.example/rain",
    ]  # fmt: skip
    assert len(urls(["News.Example."], all_versions=True)) == 4  # (the bridge twice)
    assert urls(["regional.news.example", "bücher.example"]) == [
        "https://regional.news.example/rain", "https://xn--bcher-kva.example/rain",
    ]  # fmt: skip
    assert export_csv(archive, io.StringIO(), sites=["news.example.org"]) == 1
    out = io.BytesIO()
    assert export_warc(archive, out, sites=["xn--bcher-kva.example"]) == 1
    out.seek(0)
    assert [r["uri"] for r in _records(out)][1] == "https://xn--bcher-kva.example/rain"
    assert len(urls([])) == 5 and len(urls(["example"])) == 4  # no sites: all; a TLD: its
    # Time and site together: what both keep (the bridge's first version is older).
    out = io.StringIO()
    export_jsonl(archive, out, sites=["news.example"], since=T1, all_versions=True)
    assert [json.loads(line)["version"] for line in out.getvalue().splitlines()] == [2, 1, 1]
    with pytest.raises(UsageError, match=re.escape("not a host name: 'https://news.example/'")):
        urls(["https://news.example/"])


def _records(stream: io.BytesIO) -> Iterator[dict[str, Any]]:
    for record in ArchiveIterator(stream):
        headers = record.http_headers
        yield {
            "type": record.rec_type,
            "uri": record.rec_headers.get_header("WARC-Target-URI"),
            "date": record.rec_headers.get_header("WARC-Date"),
            "id": record.rec_headers.get_header("WARC-Record-ID"),
            "refers_to": record.rec_headers.get_header("WARC-Refers-To"),
            "status": headers.get_statuscode() if headers else None,
            "headers": dict(headers.headers) if headers else {},
            "body": record.content_stream().read(),
        }


def test_articles_are_set_members_and_dict_keys_as_they_compare() -> None:
    one = Article(url="https://a.example/1", title="T", authors=["Ana"], tags=["x"], text="t")
    same = Article(**{**one.to_dict(), "authors": ["Ana"]})  # equal, another list
    other = Article(**{**one.to_dict(), "tags": ["y"]})
    assert one == same and hash(one) == hash(same) and one != other
    assert len({one, same, other}) == 2
    assert {one: 1}[same] == 1
    assert isinstance(one.authors, list) and one.to_dict()["tags"] == ["x"]
