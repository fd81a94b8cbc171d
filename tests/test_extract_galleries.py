"""A photo gallery's captions are its text; a story's captions beside its text are not."""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract

STANDFIRST = "Our photographer spent the night with the crews keeping the harbour open."


def _gallery(photos: int, story: str = "") -> str:
    figures = "".join(
        f"<li class='gallery__item'><figure><img src='/{n}.jpg' alt=''>"
        f"<figcaption class='gallery__caption'><span class='counter'>{n}/{photos}</span>"
        f"<h2 class='gallery__title'>Night shift {n}</h2>"
        f"<p>Caption {n}: {'the crews kept the harbour open through the storm. ' * 3}</p>"
        "<span class='credit'>Photo: Anna Berg</span></figcaption></figure></li>"
        for n in range(1, photos + 1)
    )
    return (
        "<html><head><title>The storm in pictures</title>"
        f"<meta name='description' content='{STANDFIRST}'></head><body><main>"
        f"<article class='gallery'><h1>The storm in pictures</h1><p>{STANDFIRST}</p>"
        f"{story}<ul class='gallery__list'>{figures}</ul></article>"
        "<div class='newsletter-signup'><p>Get the day's top stories in your inbox every"
        " morning.</p></div></main></body></html>"
    )


def test_a_gallerys_captions_are_its_text_after_its_standfirst() -> None:
    text = extract(_gallery(8)).text
    assert text.startswith(STANDFIRST)
    assert all(f"Caption {n}:" in text and f"Night shift {n}" in text for n in range(1, 9))
    assert "/8" not in text and "Anna Berg" not in text and "inbox" not in text


@pytest.mark.parametrize("photos", [2, 8])
def test_a_storys_captions_stay_out_of_its_text(photos: int) -> None:
    # A story with photos: its prose outweighs their captions, or too few to be a gallery.
    story = paragraphs("Story paragraph", 8 if photos > 2 else 1, times=12)
    text = extract(_gallery(photos, story)).text
    assert "Story paragraph 1" in text and "Caption" not in text
