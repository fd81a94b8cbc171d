"""A search's snippets from long texts: as fast whatever one archived page holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_search import cli_search, save  # tests/ is on sys.path (no __init__.py)

from scraper.archive import open_archive
from scraper.archive.snippets import _PIECE, _pieces


@pytest.mark.timeout(120)  # a guard, not a measure: FTS5's own snippet took 55 s here
def test_a_page_of_megabytes_repeating_the_word_is_searched_at_once(tmp_path: Path) -> None:
    # FTS5's snippet scores each match against every other: minutes for such a page. How
    # fast it is now is for the bench (pytest asserts no timing): here, what it shows.
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        save(archive, "spam", "Harbour log", "ferry bridge harbour " * 50_000)  # 1 MB
        save(archive, "cjk", "港口日志", "港口大桥渡轮" * 50_000)
        save(archive, "far", "Far apart", "ferry " + "word " * 20_000 + "zebra")
        save(archive, "story", "Harbour story", "The harbour council met. " * 10)
        save(archive, "late", "Late", "word " * 20_000 + "zebra crossing")
    out = cli_search(path, "harbour")
    assert "    ferry bridge **harbour** ferry bridge **harbour**" in out
    assert "The **harbour** council met." in out  # a short text's snippet as it was
    assert "**大桥**渡轮港口**大桥**" in cli_search(path, "大桥")
    # A query whose words no one piece holds: the text's start, its words found elsewhere.
    assert "    ferry word word" in cli_search(path, "ferry AND zebra")
    assert "    …zebra **crossing**" in cli_search(path, "crossing")  # in its last piece


def test_a_long_text_is_cut_in_pieces_at_a_space() -> None:
    text = "harbour ferry " * 2_000 + "港" * (2 * _PIECE)
    pieces = list(_pieces(text))
    assert "".join(pieces) == text
    assert all(len(piece) <= _PIECE for piece in pieces)
    assert pieces[0].endswith(" ") and len(pieces[0]) > _PIECE - 20  # not in a word
