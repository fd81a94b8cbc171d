"""Tag links after an `<h1>` story: its own lists are its tags, other boxes' links are not."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract.metadata import find_metadata

TEXT = "".join(
    f"<p>Paragraph {n}: the rail link to the airport opens two years late.</p>" for n in range(3)
)
HEADLINE = "<h1>Rail link to the airport delayed</h1>"
STORY = HEADLINE + TEXT
OWN = "<div><a href='/tag/rail'>Rail</a> <a href='/tag/airports'>Airports</a></div>"


def tags(html: str) -> list[str]:
    page = f"<title>Rail link to the airport delayed</title><body><main>{html}</main></body>"
    return find_metadata(LexborHTMLParser(page), None).tags


@pytest.mark.parametrize(
    "box",
    [
        "<div class='more'><h3>More from Transport</h3><a href='/tag/buses'>Buses</a></div>",
        "<section><h2>Latest news</h2><a href='/tag/weather'>Weather</a>"
        "<a href='/news/storm'>Storm hits the coast</a></section>",
        # A teaser's own topic, under its headline.
        "<div class='card'><h3><a href='/news/tram'>Trams run late</a></h3>"
        "<a href='/topic/trams'>Trams</a></div>",
    ],
)
def test_links_in_a_box_a_heading_heads_after_the_story_are_not_its_tags(box: str) -> None:
    assert tags(f"<article>{STORY}</article>{box}") == []
    assert tags(f"<div class='story'><header>{HEADLINE}</header><div>{TEXT}</div></div>{box}") == []
    # The story's own list, in its box or after it, stays.
    assert tags(f"<article>{STORY}{OWN}</article>{box}") == ["Rail", "Airports"]
    assert tags(f"<article>{STORY}</article>{OWN}{box}") == ["Rail", "Airports"]


@pytest.mark.parametrize(
    "heading",
    ["<h5>Tagged with</h5>", "<h2>Schlagworte:</h2>", "<h3>Temas relacionados</h3>"],
)
def test_a_heading_naming_the_tag_list_heads_the_storys_tags(heading: str) -> None:
    assert tags(f"<article>{STORY}</article><section>{heading}{OWN}</section>") == [
        "Rail",
        "Airports",
    ]


def test_a_tag_boxs_own_heading_heads_the_storys_tags() -> None:
    box = f"<div class='tags-container'><h2>Read more</h2>{OWN}</div>"
    assert tags(f"<article>{STORY}</article>{box}") == ["Rail", "Airports"]


def test_headings_in_the_storys_text_do_not_end_it() -> None:
    # A subhead in the text, and a next-story teaser between the text and the tags, in the
    # box that holds the text.
    teaser = "<div class='next'><a href='/news/bus'><h5>Bus fares rise</h5></a></div>"
    text = f"<div class='text'><h2>What comes next</h2>{TEXT}{teaser}{OWN}</div>"
    assert tags(f"<div>{HEADLINE}</div>{text}") == [
        "Rail",
        "Airports",
    ]
    assert tags(f"<article>{STORY}<h2>What comes next</h2><p>More.</p>{OWN}</article>") == [
        "Rail",
        "Airports",
    ]


@pytest.mark.parametrize("footer", ["<footer>{}</footer>", "<div class='entry-footer'>{}</div>"])
def test_the_tags_in_the_storys_own_footer_are_its_tags(footer: str) -> None:
    own = footer.format(f"Tags: {OWN}")
    assert tags(f"<article>{STORY}{own}</article>") == ["Rail", "Airports"]
    # The site's footer is its menu.
    assert tags(f"<article>{STORY}</article>{own}") == []
