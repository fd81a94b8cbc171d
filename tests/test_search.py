"""Full-text search as a reader writes a query: words inside Chinese and Japanese clauses,
words with hyphens and apostrophes, exclusions, spellings the index does not fold, and the
`search` command's output."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scraper.archive import Archive, open_archive
from scraper.archive.schema import MIGRATIONS, migrate
from scraper.cli import cli
from scraper.errors import UsageError
from scraper.models import Article, Page

T0 = "2024-03-01T08:00:00+00:00"
T1 = "2024-03-02T08:00:00+00:00"

STORIES = {
    "ja": ("港湾橋の建設計画を承認", "市議会は火曜日、議論の末に港湾橋の建設計画を承認した。"),
    "zh": ("港口大桥建设计划获批", "市议会批准了港口大桥建设计划。居民表示，渡轮服务一直不稳定。"),
    "flood": ("Flood warning for low-lying streets", "Low-lying streets may flood, O'Brien said."),
    "turnout": ("Turnout low", "Turnout was low and the mayor was accused of lying."),
    "covid": ("COVID-19 rules on the ferry", "Masks are back on the ferry after COVID-19 cases."),
    "bridge": ("Harbour bridge shut", "With the harbour bridge shut the ferry carried more."),
    "el": ("ΝΕΟ ΛΙΜΑΝΙ", "Το δημοτικό συμβούλιο ενέκρινε τη γέφυρα της Αθήνας."),
    "de": ("Neue Straße", "Die Straße am Hafen wird gesperrt."),
    "pl": ("Łódź otwiera most", "Most w Łodzi i Łódź."),
    "vi": ("Đà Nẵng thông qua dự án", "Hội đồng thành phố Đà Nẵng đã thông qua."),
}


def url(key: str) -> str:
    return f"https://news.example/{key}"


def save(archive: Archive, key: str, title: str, text: str, at: str = T0) -> int:
    page = Page(url(key), url(key), 200, (), b"<html></html>", at)
    article = Article(url=url(key), title=title, text=text, markdown=text)
    saved = archive.save_page(archive.start_run(at), page, article, next_visit_at=T1)
    return saved.article_id


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with open_archive(tmp_path_factory.mktemp("search") / "a.db") as opened:
        for key, (title, text) in STORIES.items():
            save(opened, key, title, text)
        yield opened


def found(archive: Archive, query: str, **kw: object) -> list[str]:
    return [str(hit.url).rsplit("/", 1)[1] for hit in archive.search(query, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("港湾橋", ["ja"]),  # inside the title's clause, and the text's
        ("市議会", ["ja"]),  # the start of a clause
        ("建設計画", ["ja"]),
        ('"港湾橋の建設"', ["ja"]),
        ("港口大桥", ["zh"]),
        ("大桥", ["zh"]),  # a word of two characters
        ("渡轮", ["zh"]),
        ("港", ["ja", "zh"]),  # and of one
        ("渡轮 -大桥", []),
        ("市议会 OR 市議会", ["ja", "zh"]),
    ],
)
def test_chinese_and_japanese_words_are_found_inside_a_clause(
    archive: Archive, query: str, keys: list[str]
) -> None:
    assert sorted(found(archive, query)) == keys


def test_a_short_word_is_marked_alone_in_the_snippet(archive: Archive) -> None:
    (hit,) = archive.search("渡轮")
    assert "**渡轮**服务" in hit.snippet


def test_a_short_word_finds_every_story_with_it(tmp_path: Path) -> None:
    # Between them the stories follow "中国" with 410 characters: more pieces of the
    # index start with it than a search may name, and 龙 comes late in Unicode's order.
    late = [chr(c) for c in range(0x4E00, 0x9F00, 37)][:410]
    with open_archive(tmp_path / "a.db") as archive:
        for n in range(41):
            text = "".join(f"记者获悉，中国{c}方面的工作有进展。" for c in late[n * 10 :][:10])
            save(archive, f"c{n}", f"工作取得新进展（{n}）", text)
        save(archive, "boat", "珠江龙舟赛", "端午节期间，中国龙舟协会在珠江举办了比赛。")
        assert len(found(archive, "中国", limit=100)) == 42
        assert found(archive, "中国 龙舟") == ["boat"]
        assert found(archive, "龙舟 -中国") == []


def test_a_query_mixing_scripts_searches_both_indexes(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        save(archive, "en", "Samsung to expand", "Samsung will build a semiconductor plant.")
        save(archive, "ko", "삼성전자, 반도체 공장 증설", "삼성전자가 반도체 공장을 짓는다.")
        assert sorted(found(archive, "Samsung OR 삼성전자")) == ["en", "ko"]
        assert sorted(found(archive, "semiconductor OR 반도체")) == ["en", "ko"]
        assert found(archive, "반도체 -Samsung") == ["ko"]
        assert found(archive, "Samsung 반도체") == []
        hits = archive.search("Samsung OR 삼성전자 OR 반도체", all_versions=True)
        assert len(hits) == len({(hit.article_id, hit.version) for hit in hits}) == 2


def test_the_unspaced_index_follows_edits_and_versions(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        save(archive, "zh", "港口大桥", "市议会批准了港口大桥建设计划。")
        save(archive, "zh", "港口大桥", "市长表示渡轮服务将恢复。", at=T1)
        assert found(archive, "建设计划") == []
        assert found(archive, "渡轮") == ["zh"]
        old = archive.search("建设计划", all_versions=True)
        assert [(hit.url, hit.version) for hit in old] == [(url("zh"), 1)]
        assert archive.verify().ok


def test_the_migration_indexes_an_archive_s_stories(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:  # an archive as the release before made it
        archive.db.execute("DROP VIEW unspaced_articles")
        for name in ("articles_unspaced", "versions_unspaced", "unspaced_versions"):
            kind = "VIEW" if name.startswith("unspaced") else "TABLE"
            archive.db.execute(f"DROP {kind} {name}")
        for trigger in ("ai", "ad", "au"):
            archive.db.execute(f"DROP TRIGGER articles_unspaced_{trigger}")
            archive.db.execute(f"DROP TRIGGER versions_unspaced_{trigger}")
        archive.db.execute("DELETE FROM migrations WHERE version >= 12")
        save(archive, "ja", *STORIES["ja"])
        save(archive, "bridge", *STORIES["bridge"])
        # (The later migrations' tables are there already: stand-ins take their place.)
        later = [lambda db: None for _ in MIGRATIONS[12:]]
        assert caplog.text == ""
        assert migrate(archive.db, T1, [*MIGRATIONS[:12], *later]) == len(MIGRATIONS)
        assert "building the search index for Chinese/Japanese" in caplog.text  # not silent
        assert found(archive, "港湾橋") == ["ja"]
        count = archive.db.execute("SELECT count(*) FROM unspaced_articles").fetchone()[0]
        assert count == 1  # the English story stays out of the index of every 3 characters


def test_a_new_archive_is_made_without_a_notice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_archive(tmp_path / "a.db"):
        pass
    assert "upgrading" not in caplog.text


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("low-lying", ["flood"]),  # the phrase, not "low" and "lying" anywhere
        ("O'Brien", ["flood"]),
        ("O’Brien", ["flood"]),
        ("COVID-19", ["covid"]),
        ("ferry -bridge", ["covid"]),
        ('ferry -"harbour bridge"', ["covid"]),
        ("ferry -covid-19", ["bridge"]),
        ("-bridge ferry", ["covid"]),  # an exclusion first
        ("ferry OR flood -covid", ["bridge", "flood"]),  # excludes from all of it
        ("-19", ["covid"]),  # exclusions alone exclude from nothing: the text "-19"
        ("title:ferry", ["covid"]),
        ("ferr* -bridge", ["covid"]),
        ("^harbour", ["bridge"]),
        ("NEAR(harbour shut, 2)", ["bridge"]),
    ],
)
def test_words_with_punctuation_are_phrases_and_exclusions_exclude(
    archive: Archive, query: str, keys: list[str]
) -> None:
    assert sorted(found(archive, query)) == keys


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("NOT bridge ferry", ["covid"]),  # a NOT that starts the query excludes, as "-" does
        ('NOT "harbour bridge" ferry', ["covid"]),
        ("ferry NOT bridge", ["covid"]),
        ("ferry NOT bridge (", ["covid"]),  # no syntax: its words, the NOT's kept out
        ("ferry NOT (bridge OR masks", []),
        ("ferry NOT (bridge) masks (", ["covid"]),
        ("NEAR(harbour shut, 0)", []),
    ],
)
def test_a_not_never_finds_what_it_excludes(archive: Archive, query: str, keys: list[str]) -> None:
    assert sorted(found(archive, query)) == keys  # ("NOT bridge (" found the bridge's)


@pytest.mark.parametrize("query", ["NOT bridge", 'NOT "harbour bridge" -ferry', "NEAR(a b, -1)",
                                   "NEAR(a b, x)", "NEAR(a b,)", "NEAR(a b, 1.5)"])  # fmt: skip
def test_a_query_that_asks_for_nothing_is_a_usage_error(archive: Archive, query: str) -> None:
    with pytest.raises(UsageError):  # ("NOT bridge" found the bridge's story)
        archive.search(query)


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("γεφυρα", ["el"]),  # without its accent
        ("ΓΕΦΥΡΑ", ["el"]),
        ("λιμάνι", ["el"]),  # the word of a title in capitals, which have no accents
        (unicodedata.normalize("NFD", "γέφυρα"), ["el"]),
        ("Αθηνας", ["el"]),
        ("Strasse", ["de"]),
        ("Straße", ["de"]),
        ("Lodz", ["pl"]),
        ("lodz AND most", ["pl"]),
        ("Da Nang", ["vi"]),
        ('"Da Nang"', ["vi"]),
        ("Đà Nẵng", ["vi"]),
        ("dong", ["vi"]),
    ],
)
def test_letters_the_index_does_not_fold_are_found_as_typed(
    archive: Archive, query: str, keys: list[str]
) -> None:
    assert sorted(found(archive, query)) == keys


def test_a_plain_query_is_searched_as_written(archive: Archive) -> None:
    # No spelling the archive lacks is added: the ranking of ordinary queries is as it was.
    hits = archive.search("ferry")
    assert [h.url for h in hits] == [url("covid"), url("bridge")]  # the title first


def cli_search(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["search", *args, "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_search_command(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        for n in range(3):
            save(archive, f"{n}", f"Ferry {n}", "The ferry was late.\n\nIce on the river.")
        archive.record_gone(archive.start_run(T1), url("0"), status=404, at=T1)
    out = cli_search(path, "ferry", "--limit", "2")
    assert out.count("\n") == 3 * 2 + 1  # a hit's three lines, and a last one saying more
    river = cli_search(path, "river", "--limit", "1")
    assert "The ferry was late. Ice on the **river**." in river  # its paragraphs on one line
    assert out.endswith("(the best 2; more match: --limit N for more)\n")
    assert "[1] Ferry 0  (removed from the site 2024-03-02)" in out
    assert "more match" not in cli_search(path, "ferry", "--limit", "3")
    hits = json.loads(cli_search(path, "ferry", "--json", "--limit", "3"))
    assert [hit["removed_at"] for hit in hits] == [T1, None, None]
    assert "Ferry 1" in cli_search(path, "-snow ferry")  # a query may start with a dash
    assert cli_search(path, "-ice ferry") == ""
    assert cli_search(path, "-5°C") == ""
    # ... any letters after it (click read "-chamber" as "-c -h …" and printed the help)
    assert "Ferry 1" in cli_search(path, "-chamber ferry", "--limit", "3")
    assert "Ferry 1" in cli_search(path, '-"harbour bridge" ferry')
    assert "Usage:" in cli_search(path, "-h")  # (the help, asked for alone)


def test_a_query_after_a_double_dash_is_the_query(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        save(archive, "1", "Ferry 1", "The ferry was late at -5°C.")

    def search(*args: str) -> Result:
        return CliRunner().invoke(cli, ["search", "--db", str(path), *args])

    assert "Ferry 1" in search("--", "ferry").stdout  # (`--` was taken as the query)
    assert "Ferry 1" in search("--limit=1", "--", "-5°C").stdout
    nothing = search("--limit", "1", "--", "--db")  # after `--`, an option's name too
    assert nothing.exit_code == 0 and nothing.stdout == ""
    not_only = search("NOT ferry")
    assert not_only.exit_code == 2 and "'NOT ferry' only says what to leave out" in not_only.output
    assert "NEAR's distance" in search("NEAR(ferry late, -1)").output
    extra = search("ferry", "-boat")
    assert extra.exit_code == 2 and "unexpected extra argument (-boat)" in extra.output
    assert "\x00" not in extra.output  # (an internal mark on the query was printed)


def test_search_keeps_the_languages_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        for key, language in (("en", "en-GB"), ("de", "de"), ("none", None)):
            page = Page(url(key), url(key), 200, (), b"<html></html>", T0)
            article = Article(url=url(key), title=f"Ferry {key}", language=language, text="ferry")
            archive.save_page(archive.start_run(T0), page, article, next_visit_at=T1)
        # An older version is searched in its own language too (`--all-versions`).
        page = Page(url("de"), url("de"), 200, (), b"<html><p>2</p></html>", T1)
        article = Article(url=url("de"), title="Fähre", language="de", text="ferry Fähre")
        archive.save_page(archive.start_run(T1), page, article, next_visit_at=None)
        assert found(archive, "ferry", languages=["en"]) == ["en"]  # (en takes en-GB)
        assert sorted(found(archive, "ferry", languages=["de", "EN-gb"])) == ["de", "en"]
        assert found(archive, "ferry", languages=["de"], all_versions=True) == ["de", "de"]
        assert len(found(archive, "ferry")) == 3
    hits = json.loads(cli_search(path, "ferry", "--language", "de", "--json"))
    assert [hit["title"] for hit in hits] == ["Fähre"]
    result = CliRunner().invoke(cli, ["search", "ferry", "--language", "German", "--db", str(path)])
    assert result.exit_code == 2 and "not a language code: 'German'" in result.output
