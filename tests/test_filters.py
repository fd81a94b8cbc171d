"""The filters a researcher narrows an export or a search by: the date a page gives its
story (a day a whole day, the page's own), the authors who signed it, a window of first
seen times for search; and `stats` by language and month."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from scraper.archive import Archive, open_archive
from scraper.archive.bylines import author_condition
from scraper.cli import cli
from scraper.errors import UsageError
from scraper.models import Article, Page

T0 = "2024-03-01T08:00:00+00:00"
T1 = "2024-03-02T08:00:00+00:00"
T2 = "2024-03-03T08:00:00+00:00"

# key: (published, authors, language, first seen)
STORIES: dict[str, tuple[str | None, list[str], str | None, str]] = {
    "day": ("2024-01-16", ["Eleanor Vance"], "en-GB", T0),  # a day alone
    "west": ("2024-01-16T23:30:00-05:00", ["Íñigo Zubizarreta"], "es", T0),  # 17th in UTC
    "east": ("2024-01-17T00:30:00+02:00", ["Ana Ruiz", "Li Wei"], "de", T1),  # 16th in UTC
    "naive": ("2024-01-15T10:00:00", ["Vance, Eleanor"], "en", T1),  # no offset: UTC
    "undated": (None, ["Łukasz Straß"], None, T2),
}


def url(key: str) -> str:
    return f"https://news.example/{key}"


def save(archive: Archive, key: str, at: str, **fields: Any) -> None:
    page = Page(url(key), url(key), 200, (), f"<html>{fields}</html>".encode(), at)
    article = Article(url=url(key), title=f"Ferry {key}", text=f"The ferry {key}.", **fields)
    archive.save_page(archive.start_run(at), page, article, next_visit_at=None)


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "a.db"
    with open_archive(path) as archive:
        for key, (published, authors, language, at) in STORIES.items():
            save(archive, key, at, published=published, authors=authors, language=language)
    return path


@pytest.fixture
def archive(path: Path) -> Iterator[Archive]:
    with open_archive(path, read_only=True) as archive:
        yield archive


def kept(archive: Archive, **filters: Any) -> set[str]:
    return {str(s.article.url).rsplit("/", 1)[1] for s in archive.iter_articles(**filters)}


def test_a_day_bound_is_the_page_s_own_whole_day(archive: Archive) -> None:
    day = {"published_since": "2024-01-16", "published_until": "2024-01-16"}
    assert kept(archive, **day) == {"day", "west"}  # (west's 23:30 is the 16th, on its page)
    assert kept(archive, published_since="2024-01-17") == {"east"}
    assert kept(archive, published_until="2024-01-15") == {"naive"}
    assert kept(archive, published_since="2024-01-01") == set(STORIES) - {"undated"}
    assert len(kept(archive)) == len(STORIES)


def test_a_time_bound_is_an_instant_and_a_bare_date_its_whole_day(archive: Archive) -> None:
    noon = "2024-01-16T12:00:00Z"
    assert kept(archive, published_since=noon) == {"day", "west", "east"}  # east: 22:30 UTC
    assert kept(archive, published_until=noon) == {"day", "naive"}
    assert kept(archive, published_since="2024-01-16T23:00:00+00:00") == {"day", "west"}
    assert kept(archive, published_since="2024-01-16T23:00:00+01:00") == {"day", "west", "east"}
    assert kept(archive, published_until="2024-01-16T00:00:00Z") == {"naive"}  # (day starts)
    assert kept(archive, published_since="2d") == set()  # (a duration, as --since)


def test_wrong_bounds_and_names_are_usage_errors(archive: Archive) -> None:
    with pytest.raises(UsageError, match="not a date: '2024-02-30'"):
        kept(archive, published_since="2024-02-30")
    with pytest.raises(UsageError, match="not a time"):
        kept(archive, published_until="soon")
    with pytest.raises(TypeError, match="no such filter: author"):
        kept(archive, author=["Vance"])  # (a typo would keep every article)
    for name in ("", " . "):
        with pytest.raises(UsageError, match="not an author's name"):
            kept(archive, authors=[name])


@pytest.mark.parametrize(
    ("names", "signed"),
    [
        (["Vance"], {"day", "naive"}),  # a surname; "Vance, Eleanor" as bylines write it
        (["eleanor VANCE"], {"day", "naive"}),
        (["Vance Eleanor"], {"day", "naive"}),  # (words, in any order)
        (["Van"], set()),  # (whole words: not a prefix)
        (["Eleanor Ruiz"], set()),  # (one author's name: not two authors' words)
        (["inigo"], {"west"}),  # (accents do not count)
        (["ZUBIZARRETA"], {"west"}),
        (["lukasz strass"], {"undated"}),  # (ł and ß as typed)
        (["Li"], {"east"}),  # (a story's second author)
        (["Ruiz", "Vance"], {"east", "day", "naive"}),  # (any of them)
    ],
)
def test_authors_by_a_name_or_part_of_it(
    archive: Archive, names: list[str], signed: set[str]
) -> None:
    assert kept(archive, authors=names) == signed


def test_a_byline_is_read_however_its_json_is_written() -> None:
    db = Database(memory=True)
    bylines = ['["\\u00cd\\u00f1igo Zubizarreta"]', '["Eleanor Vance"]', "not json", None, "{}"]
    db["t"].insert_all([{"id": n, "authors": b} for n, b in enumerate(bylines)])
    where, params = author_condition(db, ["inigo"])
    assert db.execute(f"SELECT id FROM t WHERE {where}", params).fetchall() == [(0,)]


def test_the_filters_narrow_each_other(archive: Archive) -> None:
    both = kept(archive, authors=["Vance"], published_since="2024-01-16", languages=["en"])
    assert both == {"day"}
    versions = archive.iter_versions(authors=["Vance"], published_until="2024-01-15")
    assert [version.article.url for _, version in versions] == [url("naive")]


def found(archive: Archive, **kw: Any) -> list[tuple[str, int]]:
    return [(str(h.url).rsplit("/", 1)[1], h.version) for h in archive.search("ferry", **kw)]


def test_search_takes_the_same_filters_and_a_window(archive: Archive) -> None:
    assert sorted(found(archive, until=T1)) == [("day", 1), ("west", 1)]
    assert sorted(found(archive, since=T1, until=T2)) == [("east", 1), ("naive", 1)]
    assert sorted(found(archive, authors=["vance"])) == [("day", 1), ("naive", 1)]
    day = {"published_since": "2024-01-16", "published_until": "2024-01-16"}
    assert sorted(found(archive, **day)) == [("day", 1), ("west", 1)]
    assert found(archive, **day, authors=["Ruiz"], languages=["de"]) == []
    assert found(archive, published_since="2024-01-17", authors=["Ruiz"]) == [("east", 1)]
    with pytest.raises(UsageError, match="not a time"):
        found(archive, until="soon")


def test_every_version_is_searched_by_its_own_byline(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        save(archive, "day", T0, authors=["Eleanor Vance"], published="2024-01-16")
        save(archive, "day", T1, authors=["Mary Beard"], published="2024-01-18")
        assert found(archive, all_versions=True, authors=["Vance"]) == [("day", 1)]
        assert found(archive, authors=["Vance"]) == []
        assert found(archive, all_versions=True, published_since="2024-01-17") == [("day", 2)]
        assert found(archive, all_versions=True, since=T0, until=T1) == [("day", 1)]


def invoke(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def exported(path: Path, *args: str) -> set[str]:
    code, out, err = invoke(path, "export", *args)
    assert code == 0, err
    return {json.loads(line)["url"].rsplit("/", 1)[1] for line in out.splitlines()}


def test_the_export_command_filters(path: Path) -> None:
    day = ("--published-since", "2024-01-16", "--published-until", "2024-01-16")
    assert exported(path, *day) == {"day", "west"}
    assert exported(path, "--author", "Vance", "--author", "Ruiz") == {"day", "naive", "east"}
    assert exported(path, *day, "--author", "vance") == {"day"}
    assert exported(path, "--published-since", "2024-01-16T12:00Z") == {"day", "west", "east"}
    code, _, err = invoke(path, "export", "--published-since", "2024-02-30")
    assert code == 2 and "not a date: '2024-02-30'" in err
    code, _, err = invoke(path, "export", "--author", "-")
    assert code == 2 and "not an author's name" in err
    code, _, err = invoke(path, "export", "--format", "warc", "--author", "Vance")
    assert code == 2 and "are for JSONL and CSV" in err


def test_the_search_command_filters(path: Path) -> None:
    def titles(*args: str) -> list[str]:
        code, out, err = invoke(path, "search", "ferry", "--json", *args)
        assert code == 0, err
        return sorted(hit["title"] for hit in json.loads(out))

    assert titles("--until", T1) == ["Ferry day", "Ferry west"]
    assert titles("--since", T1, "--until", "2024-03-03") == ["Ferry east", "Ferry naive"]
    assert titles("--author", "zubizarreta") == ["Ferry west"]
    assert titles("--published-until", "2024-01-15") == ["Ferry naive"]
    assert titles("--published-since", "2024-01-17", "--author", "li") == ["Ferry east"]
    code, _, err = invoke(path, "search", "ferry", "--until", "soon")
    assert code == 2 and "not a time" in err


def test_stats_by_language_and_month(path: Path) -> None:
    code, out, _ = invoke(path, "stats", "--by", "language", "--by", "month", "--json")
    numbers = json.loads(out)
    assert code == 0
    assert list(numbers["languages"].items()) == [("en", 2), ("de", 1), ("es", 1), ("und", 1)]
    assert list(numbers["months"].items()) == [("2024-01", 4), ("undated", 1)]
    code, out, _ = invoke(path, "stats", "--by", "month")
    assert "month         2024-01: 4 articles\nmonth         undated: 1 article\n" in out
    assert "language" not in out
    assert "languages" not in json.loads(invoke(path, "stats", "--json")[1])
    assert invoke(path, "stats", "--by", "author")[0] == 2


def test_a_breakdown_counts_what_the_same_filter_exports(archive: Archive) -> None:
    assert archive.breakdown("language")["en"] == len(kept(archive, languages=["en"]))
    january = kept(archive, published_since="2024-01-01", published_until="2024-01-31")
    assert archive.breakdown("month")["2024-01"] == len(january)
    with pytest.raises(UsageError, match="no breakdown by 'site'"):
        archive.breakdown("site")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--since", "2024-01-01", "--since", "2024-02-01"),
        ("export", "--published-since", "2024-01-01", "--published-since", "2024-02-01"),
        ("search", "ferry", "--until", "1d", "--until", "2d"),
        ("changes", "--since", "1d", "--since", "2d"),
    ],
)
def test_a_bound_given_twice_is_a_usage_error(path: Path, args: tuple[str, ...]) -> None:
    code, _, err = invoke(path, *args)  # (click kept the last, without a word)
    assert code == 2 and "given 2 times" in err
