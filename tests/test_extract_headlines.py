"""The visible headline (`Article.headline`): the story's own, as clean as the title."""

from __future__ import annotations

from scraper import extract

BODY = "".join(
    f"<p>Paragraph {n}: the council met on Tuesday to discuss the budget, which has divided"
    " residents for a year and drawn hundreds of letters to the planning office.</p>"
    for n in range(3)
)
DATE = '<meta property="article:published_time" content="2026-11-27T10:00:00Z">'


def story(h1: str, title: str = "Wahlrechtsreform gekippt") -> str:
    return (
        f"<html><head><title>{title} | Zeitung</title>{DATE}</head><body>"
        f"<article><h1>{h1}</h1>{BODY}</article></body></html>"
    )


def test_the_headline_loses_soft_hyphens_and_zero_width_spaces_as_the_title_does() -> None:
    h1 = "Bundes&shy;verfassungs&shy;gericht kippt Wahl\u200brechts&shy;reform"
    article = extract(story(h1, "Bundesverfassungsgericht kippt Wahlrechtsreform"))
    assert article.headline == article.title == "Bundesverfassungsgericht kippt Wahlrechtsreform"
