"""The README's scale-out recipe (`warc_articles.read_stories` and `stories`, mapped over a
WARC's records) gives the articles `import-warc` archives from the same file: a story's
pages joined, soft 404s and consent walls left out, what is no page skipped; and it runs
in a worker that loads neither the storage nor an HTTP client."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing as mp
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from test_docs import README
from warcs import HTML, T1, html, run_import, url, write_warc

from scraper import extract_pool, open_archive
from scraper.archive import Archive
from scraper.errors import UsageError
from scraper.warc_articles import Pages, Story, read_stories, stories
from scraper.warc_import import import_stories

STORY = "https://gazette.example/2026/11/20/harbour-bridge-history/"
LEAD = "The harbour bridge was argued over for a decade by the council and the ferry union"


def part(number: int, last: int = 3) -> tuple[str, str, int, str, bytes]:
    """Page `number` of a `last`-page story, as a pager links them."""
    address = STORY if number == 1 else f"{STORY}{number}/"
    pager = " ".join(f'<a href="{STORY}{n}/">{n}</a>' for n in range(2, last + 1))
    following = f'<a href="{STORY}{number + 1}/">Next page »</a>' if number < last else ""
    paragraphs = "".join(f"<p>{LEAD}, says page {number}, part {n}.</p>" for n in range(4))
    body = (
        "<html><head><title>How the harbour bridge was built</title>"
        f'<link rel="canonical" href="{address}">'
        '<meta property="article:published_time" content="2026-11-20T08:00:00Z"></head>'
        "<body><article><h1>How the harbour bridge was built</h1>"
        f'{paragraphs}<nav class="pages"><a href="{STORY}">1</a> {pager} {following}</nav>'
        "</article></body></html>"
    )
    return address, T1, 200, HTML, body.encode()


def notice(address: str, title: str, text: str) -> tuple[str, str, int, str, bytes]:
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
    return address, T1, 200, HTML, f"{body}</body></html>".encode()


COOKIES = (
    "We and our partners use cookies to show you personalised advertising. With your consent"
    " we may use tracking; some partners rely on legitimate interest. Accept all or Reject"
    " all, or change your choice in the privacy settings."
)
RECORDS = [
    part(1), part(2), part(3),
    (url(1), T1, 200, HTML, html(1)),
    notice("https://gazette.example/news/old-story", "Page not found", "It may have moved."),
    notice("https://herald.example/2026/11/ferry-fares-rise", "Before you continue", COOKIES),
    (url(2), T1, 404, HTML, b"<html><h1>Not here</h1></html>"),
    ("https://gazette.example/report.pdf", T1, 200, "application/pdf", b"%PDF-1.7 \x00\x01"),
    (url(3), T1, 200, HTML, html(3)),
]  # fmt: skip


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    return write_warc(tmp_path / "CC-NEWS-20240116.warc.gz", RECORDS)  # (the README's name)


def recipe(warc: Path) -> dict[str, object]:
    """The README's recipe block, run as written in `warc`'s folder: its names after."""
    library = README.split("\n## Library", 1)[1].split("\n## ", 1)[0]
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", library, re.S) if "stories(" in b]
    names: dict[str, object] = {"__name__": "readme"}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(warc.parent)
        exec(block, names)
    return names


def test_the_recipe_gives_the_articles_import_warc_archives(warc: Path) -> None:
    names = recipe(warc)
    articles = {a.url: (a.title, a.text) for a in names["articles"]}  # type: ignore[attr-defined]
    with open_archive(warc.parent / "imported.db") as archive:
        report = run_import(archive, warc)
        archived = stored(archive)
    assert articles == archived and set(articles) == {STORY, url(1), url(3)}
    assert all(f"says page {n}" in articles[STORY][1] for n in (1, 2, 3))  # joined
    passed_over = dict(names["passed_over"])  # type: ignore[call-overload]
    assert set(dict(report.failures).items()) <= set(passed_over.items())
    assert "soft 404" in passed_over["https://gazette.example/news/old-story"]
    assert "https://herald.example/2026/11/ferry-fares-rise" in passed_over  # (a consent wall)
    assert passed_over[url(2)] == "HTTP 404"
    assert (report.archived, report.skipped, len(report.failures)) == (3, 2, 2)


def stored(archive: Archive) -> dict[str, tuple[str | None, str]]:
    """(title, text) of each article archived at an address of `RECORDS`."""
    found = {}
    for address in {record[0] for record in RECORDS}:
        article = archive.article(address)
        if article is not None and article.article.url == address:  # (not an alias)
            found[address] = (article.article.title, article.article.text)
    return found


def test_results_made_elsewhere_are_archived_as_import_warc_archives_the_file(
    warc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with warc.open("rb") as stream:  # (a cluster's tasks)
        results = [found for record in read_stories(stream) for found in stories(record)]

    def extracted_again(*args: object) -> None:
        raise AssertionError("extracted again")

    monkeypatch.setattr(extract_pool, "_extract_for_archive", extracted_again)
    with open_archive(warc.parent / "gathered.db") as archive:
        gathered = asyncio.run(import_stories(archive, results))
        assert stored(archive)[STORY][1].count("says page") == 12  # (3 pages of 4 paragraphs)
        articles = stored(archive)
    monkeypatch.undo()
    with open_archive(warc.parent / "imported.db") as archive:
        imported = run_import(archive, warc)
        assert articles == stored(archive)
    assert gathered.archived == imported.archived == 3
    assert set(gathered.failures) == set(imported.failures)
    assert (gathered.skipped, gathered.failed) == (imported.skipped, imported.failed)


def test_a_story_is_one_record_and_its_pages_are_joined_in_a_worker(warc: Path) -> None:
    with warc.open("rb") as stream:
        records = list(read_stories(stream))
    assert isinstance(records[0], Pages) and len(records) == len(RECORDS) - 2
    with cf.ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        results = [found for done in pool.map(stories, records) for found in done]
    (page, story), *_ = results
    assert page.url == STORY and isinstance(story, Story) and story.note == "3 pages"
    assert [part.url for part in story.parts] == [f"{STORY}2/", f"{STORY}3/"]


def test_a_page_the_story_does_not_take_is_read_on_its_own(warc: Path) -> None:
    first, second, _ = (part(n)[4] for n in (1, 2, 3))
    other = second.replace(b"How the harbour bridge was built", b"Ferry timetable changes")
    with warc.open("rb") as stream:
        pages = next(iter(read_stories(stream)))
    assert isinstance(pages, Pages) and pages.first.body == first
    alone = Pages(pages.first, (replace(pages.later[0], body=other),))
    (_, story), (page, own) = stories(alone)
    assert isinstance(story, Story) and not story.parts and "says page 2" not in story.article.text
    assert page.url == f"{STORY}2/" and isinstance(own, Story)
    assert own.article.title == "Ferry timetable changes"


@pytest.mark.parametrize("module", ["scraper.warc_articles", "scraper.extract_pool"])
def test_a_worker_loads_no_storage_nor_http_client(module: str) -> None:
    heavy = "{'sqlite3', 'sqlite_utils', 'httpx'}"
    code = f"import sys, {module}; print(sorted({heavy} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


def test_a_result_paired_with_another_page_or_junk_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    warc = write_warc(tmp_path / "x.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in (1, 2)])
    with warc.open("rb") as stream:
        (p1, s1), (p2, s2) = [found for record in read_stories(stream) for found in stories(record)]
    assert isinstance(s1, Story) and isinstance(s2, Story)
    refused = {
        "its story is another page's": [(p1, s2), (p2, s1)],  # (a gather zipped them wrong)
        "another page's": [(replace(p1, body=p1.body + b" "), s1)],  # (another capture)
        "no story, reason or None: 42": [(p1, 42)],
        "no story, reason or None: {'title'": [(p1, {"title": "x"})],
        "no story, reason or None: ''": [(p1, "")],  # (an empty reason is none)
        "not a (Page, Story | str | None) pair": [p1],
    }
    for words, results in refused.items():
        with open_archive(tmp_path / "a.db") as archive:
            with pytest.raises(UsageError, match=re.escape(words)):
                asyncio.run(import_stories(archive, [(p2, s2), *results]))  # type: ignore[list-item]
            assert archive.stats()["runs"] == 0
    with open_archive(tmp_path / "a.db") as archive:  # (None: missing, extracted again)
        assert asyncio.run(import_stories(archive, [(p1, s1), (p2, None)])).archived == 2
