"""A live blog's entries keep their times; a story's dateline stays metadata."""

from __future__ import annotations

import pytest

from scraper.extract import extract


def _live(entries: int, tag: str, headline: bool) -> str:
    posts = "".join(
        f"<{tag} class='block'><header><time>{18 - n}:35 GMT</time></header>"
        + (f"<h2>Update {n}</h2>" if headline else "")
        + f"<p>Entry {n}: {'the wind reached the coast and the ferries stopped. ' * 3}</p>"
        + f"<p>More of entry {n}: {'crews worked through the night on the quay. ' * 3}</p>"
        + f"</{tag}>"
        for n in range(1, entries + 1)
    )
    return (
        "<title>Storm live</title><main><article><h1>Storm live</h1>"
        f"<div class='live-stream'>{posts}</div></article></main>"
    )


@pytest.mark.parametrize("tag", ["article", "div"])
@pytest.mark.parametrize("headline", [True, False])
def test_each_live_blog_entry_opens_with_its_time(tag: str, headline: bool) -> None:
    article = extract(_live(5, tag, headline))
    for text in (article.text, article.markdown):
        assert all(f"{18 - n}:35 GMT" in text for n in range(1, 6))
        at = [text.index(f"{18 - n}:35 GMT") for n in range(1, 6)]
        entries = [text.index(f"Entry {n}:") for n in range(1, 6)]
        assert all(a < e for a, e in zip(at, entries, strict=True))
        assert all(e < a for e, a in zip(entries[:-1], at[1:], strict=True))  # after the last


def test_a_storys_lone_dateline_stays_out_of_its_text() -> None:
    text = extract(_live(1, "div", False)).text
    assert "GMT" not in text and text.startswith("Entry 1:")


@pytest.mark.parametrize("tag", ["article", "div"])
def test_the_first_entry_in_a_wrapper_after_an_intro_keeps_its_time(tag: str) -> None:
    # The wrapper's first block is the first entry's time too: it is not the entry.
    intro = "<p>Follow the latest from the count, where the polls closed at six.</p>"
    page = _live(3, tag, False).replace("<div class='live-stream'>", intro + "<div>", 1)
    text = extract(page).text
    assert [f"{18 - n}:35 GMT" in text for n in range(1, 4)] == [True] * 3
