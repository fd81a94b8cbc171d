"""Inline elements the walk looks at (`extract/inline.py`): spans that only the page's
style sets apart, and paragraphs set all in bold, which markdown keeps bold."""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract

STORY = paragraphs("Story", 3)


def _text(fragment: str) -> str:
    return extract(f"<article>{STORY}<div class='facts'>{fragment}</div></article>").text


def test_a_row_of_facts_in_spans_keeps_its_words_apart() -> None:
    row = "<span>Prep 20 min</span><span>Cook 45 min</span><span>Serves 8</span>"
    assert "Prep 20 min Cook 45 min Serves 8" in _text(row)


@pytest.mark.parametrize(
    ("fragment", "line"),
    [
        ("<span class='dropcap'>T</span><span>he ferry sails at noon.</span>", "The ferry"),
        ("H<sub>2</sub>O and CO<sub>2</sub>Emissions fell.", "H2O and CO2Emissions"),
        ("Mc<span>Donald</span> said no.", "McDonald said"),
        ("<span>20</span><span>km</span> of road.", "20km of road"),
        ("<span>COVID</span><span>-19</span> cases.", "COVID-19 cases"),
    ],
)
def test_spans_of_one_word_stay_joined(fragment: str, line: str) -> None:
    assert line in _text(fragment)


def test_an_interviews_bold_questions_are_bold_in_markdown() -> None:
    qa = (
        "<p><strong>Will you stand again?</strong></p><p>No.</p>"
        "<p> <b>Not even if the party asks you?</b> </p><p>No. I have said what I had to say.</p>"
        "<p><strong>Note:</strong> the interview was edited.</p>"
    )
    article = extract(f"<article>{STORY}{qa}</article>")
    assert article.markdown.split("\n\n")[-5:] == [
        "**Will you stand again?**",
        "No.",
        "**Not even if the party asks you?**",
        "No. I have said what I had to say.",
        "Note: the interview was edited.",  # (bold in part: plain)
    ]
    assert "Will you stand again?\n\nNo." in article.text  # the text stays plain
