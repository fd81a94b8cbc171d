"""Word diffs rebuild both versions, merge runs, scale, and render safely."""

from __future__ import annotations

import itertools
import json
import random
import re

from hypothesis import given
from hypothesis import strategies as st

from scraper.models import Article
from scraper.versions_diff import (  # (the machinery; `versions` drops noise first)
    ArticleDiff,
    DiffOp,
    diff_articles,
    diff_to_dict,
    render_html,
    render_text,
    word_diff,
)


def old_side(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.op != "insert")


def new_side(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.op != "delete")


def assert_well_formed(ops: list[DiffOp], old: str, new: str) -> None:
    assert old_side(ops) == old
    assert new_side(ops) == new
    assert all(op.text for op in ops)
    for a, b in itertools.pairwise(ops):
        assert a.op != b.op, "runs of one kind are merged"
        assert (a.op, b.op) != ("insert", "delete"), "a replacement is delete then insert"


words = st.sampled_from(["the", "bridge", "council", "voted.", "Tuesday,", "a", "closed!"])
separators = st.sampled_from([" ", " ", "  ", "\n", "\n\n", "\t"])
texts = st.lists(st.tuples(words, separators), max_size=60).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@given(texts, texts)
def test_word_diff_rebuilds_both_versions(old: str, new: str) -> None:
    assert_well_formed(word_diff(old, new), old, new)


@given(st.text(), st.text())
def test_word_diff_rebuilds_any_unicode(old: str, new: str) -> None:
    assert_well_formed(word_diff(old, new), old, new)


@given(texts, texts)
def test_rendering_never_leaks_markup(old: str, new: str) -> None:
    d = make_diff(Article(title=old, text=old + "<i>"), Article(title=new, text=new + "<b>"))
    assert "<i>" not in render_html(d)
    assert "<b>" not in render_html(d)
    assert render_text(d).startswith("version 1 ")


@given(texts)
def test_identical_texts_are_one_equal_run(text: str) -> None:
    assert word_diff(text, text) == ([DiffOp("equal", text)] if text else [])


def test_word_diff_marks_words() -> None:
    assert word_diff("The quick brown fox jumps.", "The quick red fox jumps.") == [
        DiffOp("equal", "The quick "),
        DiffOp("delete", "brown "),
        DiffOp("insert", "red "),
        DiffOp("equal", "fox jumps."),
    ]


def test_appended_paragraph_is_one_insert() -> None:
    # The old last paragraph has no trailing newline; it must still match.
    assert word_diff("One.\n\nTwo.", "One.\n\nTwo.\n\nThree here.") == [
        DiffOp("equal", "One.\n\nTwo."),
        DiffOp("insert", "\n\nThree here."),
    ]


def test_empty_sides() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "new text") == [DiffOp("insert", "new text")]
    assert word_diff("old text", "") == [DiffOp("delete", "old text")]


def long_article(seed: int, paragraphs: int = 200) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    weights = [1 / (i + 1) for i in range(3000)]  # Zipf-like: many repeats of a few words
    return [
        " ".join(rng.choices(vocab, weights, k=rng.randint(20, 80))) + "."
        for _ in range(paragraphs)
    ]


def test_ten_thousand_word_article_with_a_few_edits() -> None:
    paragraphs = long_article(seed=1)
    edited = list(paragraphs)
    edited[10] = "Corrected: " + edited[10]
    edited.insert(50, "A brand new paragraph about the vote.")
    del edited[120]
    old, new = "\n\n".join(paragraphs), "\n\n".join(edited)
    assert len(old.split()) > 9000
    ops = word_diff(old, new)
    assert_well_formed(ops, old, new)
    assert [op.text.strip() for op in ops if op.op == "insert"] == [
        "Corrected:",
        "A brand new paragraph about the vote.",
    ]
    assert [op.text.strip() for op in ops if op.op == "delete"] == [paragraphs[119]]


def test_complete_rewrite_of_a_long_article() -> None:
    old, new = " ".join(long_article(seed=1)), " ".join(long_article(seed=2))
    assert_well_formed(word_diff(old, new), old, new)


OLD = Article(
    title="Council closes bridge",
    text="Updated 5 mins ago\n\nThe council voted on Monday.\n\nIt was close.\n\n"
    "The debate was long.\n\nWork starts soon.\n\nOld closing line.",
)
NEW = Article(
    title="Council closes <b>harbour</b> bridge",
    text="Updated 1 min ago\n\nThe city council voted on Monday evening.\n\nIt was close.\n\n"
    "The debate was long.\n\nWork starts soon.\n\nA new line with <script>alert(1)</script>.",
)


def make_diff(old: Article = OLD, new: Article = NEW) -> ArticleDiff:
    return diff_articles(
        old,
        new,
        from_version=1,
        to_version=2,
        from_seen_at="2024-01-16T10:00:00+00:00",
        to_seen_at="2024-01-16T13:00:00+00:00",
    )


def test_diff_articles_counts_words_in_title_and_text() -> None:
    d = make_diff()
    assert new_side(d.title) == NEW.title
    assert old_side(d.text) == OLD.text
    # title +1 (<b>harbour</b>); text +2 (1 min) +1 city +2 (Monday evening.) +5 new line; −2 −1 −3
    assert (d.added_words, d.removed_words) == (11, 6)
    assert d.changed
    assert not make_diff(OLD, OLD).changed


def test_render_text_shows_changed_paragraphs_with_context() -> None:
    assert render_text(make_diff()) == (
        "version 1 (2024-01-16T10:00:00+00:00) → version 2 (2024-01-16T13:00:00+00:00):"
        " +11/−6 words\n"
        "title: Council closes {+<b>harbour</b>+} bridge\n"
        "\n"
        "Updated [-5 mins-]{+1 min+} ago\n\n"
        "The {+city+} council voted on [-Monday.-]{+Monday evening.+}\n\n"
        "It was close.\n\n"
        "…\n\n"
        "Work starts soon.\n\n"
        "[-Old closing line.-]{+A new line with <script>alert(1)</script>.+}\n"
    )


def test_render_text_in_color_uses_ansi_not_brackets() -> None:
    out = render_text(make_diff(), color=True)
    assert "\x1b[32mcity\x1b[0m" in out
    assert "{+" not in out
    assert "[-" not in out


def test_render_text_of_an_unchanged_text() -> None:
    d = make_diff(OLD, OLD)
    assert render_text(d).endswith("+0/−0 words\n(text unchanged)\n")


def test_render_html_escapes_and_marks() -> None:
    page = render_html(make_diff())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<ins>&lt;b&gt;harbour&lt;/b&gt;</ins>" in page
    assert "<del>5 mins</del>" in page
    assert '<p class="changed">The <ins>city</ins> council' in page
    assert "<p>It was close.</p>" in page
    # Every tag the page opens is one we wrote.
    assert set(re.findall(r"<(\w+)", page)) <= {
        "html", "head", "meta", "title", "style", "body", "h1", "p", "del", "ins"
    }  # fmt: skip


def test_diff_to_dict_is_json_ready() -> None:
    d = make_diff()
    data = json.loads(json.dumps(diff_to_dict(d)))
    assert data["from_version"] == 1
    assert data["to_seen_at"] == "2024-01-16T13:00:00+00:00"
    assert (data["added_words"], data["removed_words"]) == (11, 6)
    assert data["title"][1] == {"op": "insert", "text": "<b>harbour</b> "}
    assert "".join(op["text"] for op in data["text"] if op["op"] != "insert") == OLD.text


def test_a_metadata_change_is_shown_in_every_form() -> None:
    # A version made by a byline added: the diff must say what changed, not "+0/−0".
    bylined = Article(
        title=OLD.title, text=OLD.text, authors=["Priya Natarajan", "Ann <Lee>"],
        modified="2024-01-16T13:00:00+00:00",
    )  # fmt: skip
    d = make_diff(OLD, bylined)
    assert d.changed and d.metadata == (
        ("authors", "", "Priya Natarajan, Ann <Lee>"),
        ("modified", "", "2024-01-16T13:00:00+00:00"),
    )
    text = render_text(d)
    assert "authors: {+Priya Natarajan, Ann <Lee>+}\n" in text and "(text unchanged)" in text
    data = diff_to_dict(d)
    assert data["metadata"][0] == {
        "field": "authors",
        "from": "",
        "to": "Priya Natarajan, Ann <Lee>",
    }
    page = render_html(d)
    assert "authors: <ins>Priya Natarajan, Ann &lt;Lee&gt;</ins>" in page
    swapped = make_diff(bylined, Article(title=OLD.title, text=OLD.text, authors=["Bo Chen"]))
    assert "authors: [-Priya Natarajan, Ann <Lee>-] {+Bo Chen+}" in render_text(swapped)
    assert make_diff(OLD, OLD).metadata == ()


def test_a_rewritten_sentence_is_shown_whole_not_interleaved() -> None:
    old = "The cause of the fire is not yet known, and an investigation has begun."
    new = (
        "Investigators said on Monday that the blaze was probably started by an electrical"
        " fault in the loading bay of the warehouse."
    )
    ops = word_diff(old, new)
    assert [(op.op, op.text) for op in ops] == [("delete", old), ("insert", new)]
    # An edit keeps most words: it is still shown word by word.
    edited = "The cause of the fire is still not known, and a police investigation has begun."
    assert [op.text for op in word_diff(old, edited) if op.op == "insert"] == [
        "still ",
        "a police ",
    ]
