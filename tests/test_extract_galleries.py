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


def _carousel(box: str) -> str:
    figures = "".join(
        f"<figure class='gallery__item'><img src='/{n}.jpg' alt=''>"
        f"<figcaption>Other news {n}: {'a crowd gathered by the river at dawn. ' * 3}"
        "<span class='credit'>Photograph: PA</span></figcaption></figure>"
        for n in range(1, 8)
    )
    return f"<{box}><h2>Photos of the day</h2><div class='gallery carousel'>{figures}</div>"


BRIEF = (
    "<p>A lorry overturned on the ring road on Tuesday, closing it for five hours.</p>"
    "<p>The driver was taken to hospital. Police said no other vehicle was involved.</p>"
)


@pytest.mark.parametrize(
    ("box", "inside"),
    [
        ("aside class='sidebar'", False),
        ("aside class='sidebar'", True),  # in the story's <article>, beside its text
        ("section class='photos-of-the-day'", False),
        ("div class='rail'", False),
    ],
)
def test_a_carousel_beside_a_brief_does_not_make_it_a_gallery(box: str, inside: bool) -> None:
    carousel = _carousel(box) + f"</{box.split()[0]}>"
    story = f"<h1>Lorry overturns</h1>{BRIEF}{carousel if inside else ''}"
    page = f"<main><article>{story}</article>{'' if inside else carousel}</main>"
    text = extract(f"<title>Lorry overturns</title>{page}").text
    assert "lorry overturned" in text and "Other news" not in text


def test_a_gallery_keeps_its_captions_but_not_a_sidebars() -> None:
    page = _gallery(8).replace("</main>", _carousel("aside class='sidebar'") + "</aside></main>")
    text = extract(page).text
    assert all(f"Caption {n}:" in text for n in range(1, 9)) and "Other news" not in text
