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


def test_a_label_and_its_figure_in_spans_stay_apart() -> None:
    # WP Recipe Maker's details: a label's span, then its value's.
    row = "<span class='label'>Prep Time</span><span class='value'>20 minutes</span>"
    assert "Prep Time 20 minutes" in _text(row)


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


# Heading permalinks as static-site and docs generators print them (heldout30 F08)
@pytest.mark.parametrize(
    "heading",
    [
        '<h2 id="results">Results<a hidden class="anchor" href="#results">#</a></h2>',
        '<h2 id="results">Results <a class="heading-anchor" href="#results">#</a></h2>',
        '<h2 id="results">Results<a class="headerlink" href="#results">¶</a></h2>',
        '<h2 id="results"><a class="header-anchor" href="#results">#</a> Results</h2>',
        '<h2 id="results">Results <a class="anchorjs-link" href="#results">§</a></h2>',
        '<h2 id="results"><a class="anchor" href="#results">🔗</a>Results</h2>',
        '<h2 id="results">Results<a class="hash-link" href="#results">\u200b</a></h2>',
    ],
)
def test_a_headings_permalink_glyph_is_no_word_of_it(heading: str) -> None:
    article = extract(f"<article>{STORY}{heading}{paragraphs('More', 2)}</article>")
    assert "\n\nResults\n\n" in article.text
    assert "\n\n## Results\n\n" in article.markdown


def test_a_link_into_the_page_with_words_or_outside_a_heading_stays() -> None:
    heading = '<h2><a href="#results">Results</a></h2>'
    law = '<p>Under <a href="#s12">§</a> 12 of the act, the council may borrow.</p>'
    text = extract(f"<article>{STORY}{heading}{law}{paragraphs('More', 2)}</article>").text
    assert "\n\nResults\n\nUnder § 12 of the act," in text
