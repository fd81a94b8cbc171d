"""Export the archive as JSON Lines, CSV or WARC, streaming through the archive's API.

Nothing here loads the archive into memory: each writer takes one row (or one page) at a
time from `Archive.iter_articles` / `iter_versions` / `iter_pages` and writes it out.
Every writer returns how many articles (or pages) it wrote. `sites` keeps only the pages
of those hosts and their subdomains (`--site bbc.co.uk`: a corpus of one outlet).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from http import HTTPStatus
from io import BytesIO
from typing import IO, Any, Unpack

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import __version__
from .archive import Archive, StoredArticle, Version
from .archive.filters import Filters
from .clock import parse_since
from .models import TRANSFER_HEADERS, Article, Page
from .urls import on_hosts, site_hosts
from .warc_read import BACK, SEEN_AGAIN, TAKEDOWN

__all__ = ["export_csv", "export_jsonl", "export_warc"]

_LIST_FIELDS = ("authors", "tags", "takedowns")


def export_jsonl(
    archive: Archive,
    out: IO[str],
    *,
    since: str | None = None,
    all_versions: bool = False,
    sites: Iterable[str] = (),
    **filters: Unpack[Filters],
) -> int:
    """One JSON object per line: every `Article` field plus `id`, `fetched_at`,
    `extractor` (the revision of the extractor that made the text, null if not recorded),
    `first_seen_at`, `versions` (how many), `removed_at` (when a visit found the story
    taken down from its site; null while it is up) and `takedowns` (each time it was:
    `removed_at`, and `back_at` when a visit found it back, else null).

    With `all_versions`, one line per version, with `version` (its number), `fetched_at`
    the time that version was first seen, and the article's `removed_at` and `takedowns`.
    With `since`, the articles (the versions) new since then, and those taken down or
    found back since then (with their current version); `filters` as `iter_articles`
    (`iter_versions`) takes them: `until`, `languages`, `removed`, `changed`.
    """
    hosts, count = site_hosts(sites), 0
    for row in _rows(archive, since, all_versions, hosts, filters):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_csv(
    archive: Archive,
    out: IO[str],
    *,
    since: str | None = None,
    all_versions: bool = False,
    sites: Iterable[str] = (),
    formula_guard: bool = True,
    **filters: Unpack[Filters],
) -> int:
    """The JSONL rows as CSV (RFC 4180); `authors` and `tags` are JSON arrays. With
    `formula_guard`, a cell a spreadsheet would run as a formula gets a leading "'"
    (`_inert`); without, every cell is as stored (for pandas, R, csvkit).

    Open `out` with `newline=""`, as the `csv` module asks.
    """
    hosts = site_hosts(sites)  # (a mistake is told before the header is written)
    head = [
        "id", *(["version"] if all_versions else []), "fetched_at", *Article.FIELDS, "extractor",
        *([] if all_versions else ["first_seen_at", "versions"]), "removed_at", "takedowns",
    ]  # fmt: skip
    writer = csv.DictWriter(out, fieldnames=head, extrasaction="ignore")
    writer.writeheader()
    count = 0
    cell = _inert if formula_guard else _as_stored
    for row in _rows(archive, since, all_versions, hosts, filters):
        for name in _LIST_FIELDS:
            row[name] = json.dumps(row[name], ensure_ascii=False)
        writer.writerow({name: cell(value) for name, value in row.items()})
        count += 1
    return count


def _inert(value: Any) -> Any:
    """A text a spreadsheet would run as a formula ("=HYPERLINK(…)" in a headline), with
    a leading apostrophe, as OWASP advises: spreadsheets show it as text. Any start of
    one counts ("-5°C", "+++ Eilmeldung": Excel reads both as formulas); a plain number
    ("-5", "+3.5") is read as that number, and kept."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _as_stored(value: Any) -> Any:
    return value


_FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _rows(
    archive: Archive,
    since: str | None,
    all_versions: bool,
    sites: Collection[str],
    filters: Filters,
) -> Iterator[dict[str, Any]]:
    history = archive.takedown_history()  # (an article's takedowns, told on each of its rows)
    if all_versions:
        removed = {article_id: at for article_id, _, at in archive.takedowns(sites=sites)}
        for article_id, version in archive.iter_versions(since=since, sites=sites, **filters):
            yield {
                "id": article_id,
                "version": version.number,
                "fetched_at": version.seen_at,
                **version.article.to_dict(),
                "extractor": version.extractor,
                "removed_at": removed.get(article_id),
                "takedowns": [asdict(t) for t in history.get(article_id, [])],
            }
    else:
        for stored in archive.iter_articles(since=since, sites=sites, **filters):
            yield {
                "id": stored.id,
                "fetched_at": stored.fetched_at,
                **stored.article.to_dict(),
                "extractor": stored.extractor,
                "first_seen_at": stored.first_seen_at,
                "versions": stored.versions,
                "removed_at": stored.removed_at,
                "takedowns": [asdict(t) for t in history.get(stored.id, [])],
            }


def export_warc(
    archive: Archive, out: IO[bytes], *, since: str | None = None, sites: Iterable[str] = ()
) -> int:
    """A gzipped WARC with a record per capture that made a version, in the order seen:
    a `response` per raw page fetched at or after `since`, a `revisit` (referring to that
    response, dated when seen) where a later version was read from the same page (its
    text went A, B, A), each followed by a `metadata` record (JSON, referring to it) per
    article version extracted from it. Importing it gives the same versions. Returns
    how many captures were written."""
    hosts = site_hosts(sites)
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            "scraper-export.warc.gz",
            {"software": f"scraper/{__version__}", "format": "WARC File Format 1.1"},
        )
    )
    later = archive.recaptures(since=since, sites=hosts)
    exporter = _WarcExport(archive, writer, {version.page_id for _, _, version in later})
    # Each URL's records in the order seen (an importer passes an older one over).
    waiting: dict[str, list[_Due]] = {}
    for url, article_id, version in later:
        waiting.setdefault(url, []).append(
            _Due(version.seen_at, 0, partial(exporter.recapture, article_id, version))
        )
    for url, events in _events(archive, exporter, since, hosts).items():
        waiting[url] = sorted([*waiting.get(url, []), *events])
    for page_id, page in archive.iter_pages(since=since, sites=hosts):
        queue = waiting.get(page.url, [])
        while queue and queue[0].at < page.fetched_at:
            queue.pop(0).write()
        exporter.response(page_id, page)
    for due in sorted(due for queue in waiting.values() for due in queue):
        due.write()  # (of pages the export leaves out, or after the newest)
    for stored in archive.iter_articles(sites=hosts):
        exporter.seen_again(stored)
    return exporter.count


@dataclass(frozen=True, order=True)
class _Due:
    """A record to write at `at` among its URL's (`rank` orders those of one second: a
    capture, the capture seen again, a takedown, a return)."""

    at: str
    rank: int
    write: Callable[[], None] = field(compare=False)


def _events(
    archive: Archive, exporter: _WarcExport, since: str | None, hosts: Collection[str]
) -> dict[str, list[_Due]]:
    """Per URL, each takedown and return of its story (at or after `since`), and the
    story seen again, which a return at its time must follow (the import would take
    that capture for one it knows)."""
    found: dict[str, list[_Due]] = {}
    after = parse_since(since) if since else ""  # (as stored times are written)
    for article_id, spells in archive.takedown_history().items():
        stored = archive.article(article_id)
        url = stored.article.url if stored else None
        if stored is None or not url or (hosts and not on_hosts(url, hosts)):
            continue
        found[url] = [
            _Due(at, rank, partial(exporter.event, article_id, url, event, at))
            for spell in spells
            for rank, event, at in ((2, TAKEDOWN, spell.removed_at), (3, BACK, spell.back_at))
            if at is not None and at >= after
        ]
        found[url].append(_Due(stored.fetched_at, 1, partial(exporter.seen_again, stored)))
    return found


_TEXTS = ("text", "markdown")


class _WarcExport:
    """Writes captures and their extractions; knows the records of the pages it wrote
    that a later capture refers to."""

    def __init__(self, archive: Archive, writer: WARCWriter, referred: set[int | None]) -> None:
        self.archive = archive
        self.writer = writer
        self.referred = referred
        self.written: dict[int, tuple[str, Page]] = {}  # page id: (record id, page)
        self.latest: dict[int, tuple[int, str]] = {}  # article id: (version, seen at)
        self.again: set[int] = set()  # articles whose `seen_again` is written
        self.count = 0

    def response(self, page_id: int, page: Page) -> None:
        record_id = self._write(_response_record(self.writer, page))
        if page_id in self.referred:
            self.written[page_id] = (record_id, page)
        for article_id, version in self.archive.page_versions(page_id):
            if version.seen_at <= page.fetched_at:  # (later ones are recaptures)
                self._metadata(page.url, record_id, article_id, version)

    def recapture(self, article_id: int, version: Version) -> None:
        """A later capture of a page: a revisit of its response, or, when the export
        left that out (`since`), a response of its own dated when seen."""
        assert version.page_id is not None  # (a recapture's page is known)
        if version.page_id in self.written:
            record_id, page = self.written[version.page_id]
            digest = "sha1:" + base64.b32encode(hashlib.sha1(page.body).digest()).decode()
            record = self.writer.create_revisit_record(
                page.final_url, digest, page.final_url, _warc_date(page.fetched_at),
                warc_headers_dict={"WARC-Date": _warc_date(version.seen_at),
                                   "WARC-Refers-To": record_id},
            )  # fmt: skip
        else:
            page = replace(self.archive.raw_page(version.page_id), fetched_at=version.seen_at)
            record = _response_record(self.writer, page)
        self._metadata(page.url, self._write(record), article_id, version)

    def seen_again(self, stored: StoredArticle) -> None:
        """A metadata record of the story's captures after the latest version it wrote,
        which kept no page (the same text), with what they brought up to date (not the
        text), dated the last: `import-warc` reads it back. Written once."""
        number, seen_at = self.latest.get(stored.id, (0, ""))
        if number != stored.versions or stored.fetched_at <= seen_at or stored.id in self.again:
            return
        self.again.add(stored.id)
        fields = {k: v for k, v in stored.article.to_dict().items() if k not in _TEXTS}
        data = {"id": stored.id, "event": SEEN_AGAIN, "version": number, **fields}
        self._json(stored.article.url or "", data, stored.fetched_at)

    def event(self, article_id: int, url: str, event: str, at: str) -> None:
        """A metadata record of the story's takedown or return (the WARC holds no
        capture of it: a 404, a notice, a redirect or a 304), which `import-warc` reads
        back."""
        self._json(url, {"id": article_id, "event": event, "at": at}, at)

    def _write(self, record: Any) -> str:
        self.writer.write_record(record)
        self.count += 1
        return str(record.rec_headers.get_header("WARC-Record-ID"))

    def _metadata(self, url: str, refers_to: str, article_id: int, version: Version) -> None:
        if version.number > self.latest.get(article_id, (0, ""))[0]:
            self.latest[article_id] = version.number, version.seen_at
        data = {
            "id": article_id,
            "version": version.number,
            **version.article.to_dict(),
            "extractor": version.extractor,
        }
        self._json(url, data, version.seen_at, {"WARC-Refers-To": refers_to})

    def _json(
        self, url: str, data: dict[str, Any], at: str, headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode()
        self.writer.write_record(
            self.writer.create_warc_record(
                url,
                "metadata",
                payload=BytesIO(payload),
                length=len(payload),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": _warc_date(at), **(headers or {})},
            )
        )


def _response_record(writer: WARCWriter, page: Page) -> Any:
    headers = [
        # (kept renamed, as pywb does: a WARC reader would decode the body again)
        (f"X-Archive-Orig-{name}" if name.lower() in TRANSFER_HEADERS else name, value)
        for name, value in page.headers
    ]
    headers.append(("Content-Length", str(len(page.body))))
    http_headers = StatusAndHeaders(_status_line(page.status), headers, protocol=page.http_version)
    # The response came from the URL redirects ended at; metadata records name page.url.
    return writer.create_warc_record(
        page.final_url,
        "response",
        payload=BytesIO(page.body),
        length=len(page.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": _warc_date(page.fetched_at)},
    )


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _warc_date(iso: str) -> str:
    """WARC-Date wants UTC with a Z: "2024-01-16T10:05:00Z"."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
