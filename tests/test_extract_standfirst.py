"""The standfirst: the summary under the headline, which the page's description repeats."""

from __future__ import annotations

from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper import extract

DEK = "Ferries will run every hour from the new quay, and the old one closes in May."
HEADLINE = "<h1>Harbour gets a new ferry quay</h1>"
# What stands between a header and the text on a news page: more than the body finder
# reaches over for a lead.
BETWEEN = (
    "<aside><a href='/authors/roe'>Jane Roe</a> Transport Correspondent 16 May 2024</aside>"
    "<figure><img src='/q.jpg'><figcaption>The new quay at dawn.</figcaption></figure>"
    "<div class='byline'>Jane Roe</div><div class='date'>16 May 2024 9:33pm</div>"
    "<div class='tools'><span>Listen</span></div><div class='tools'><span>Save</span></div>"
)


def page(header: str, *, description: str = DEK, body: str = "") -> str:
    meta = f"<meta property='og:description' content='{description}'>" if description else ""
    text = body or paragraphs("Paragraph", 5)
    return (
        f"<html><head><title>Harbour gets a new ferry quay</title>{meta}</head><body><main>"
        f"<div class='story'><div class='head'>{header}</div>{BETWEEN}<div class='grid'>"
        f"<div class='col'><div class='text'>{text}</div></div></div></div></main></body></html>"
    )


def test_the_standfirst_under_the_headline_opens_the_text() -> None:
    article = extract(page(f"{HEADLINE}<p class='standfirst'>{DEK}</p>"))
    assert article.text.startswith(f"{DEK}\n\nParagraph 1:")
    assert "Listen" not in article.text
    assert article.description == DEK
    # The body finder alone leaves it out: it is set too far apart from the text.
    assert not extract(page(f"{HEADLINE}<p>{DEK}</p>", description="")).text.startswith(DEK)


def test_a_standfirst_set_as_a_heading_opens_the_text_too() -> None:
    assert extract(page(f"{HEADLINE}<h2>{DEK}</h2>")).text.startswith(f"{DEK}\n\nParagraph 1:")


def test_the_standfirst_in_the_pages_header_is_found_in_its_text() -> None:
    # A page's <header> is read as one block, with the headline and the date.
    header = f"<header>{HEADLINE}<p>{DEK}</p><p>16 May</p></header>"
    html = page("").replace("<main>", f"{header}<main>")
    for explain in (False, True):
        article = extract(html, explain=explain)
        assert article.text.startswith(f"{DEK}\n\nParagraph 1:")
    removed = {(r.rule, r.text) for r in article.removed}
    assert ("page-header", f"Harbour gets a new ferry quay {DEK} 16 May") in removed


def test_a_body_that_opens_with_its_description_is_not_given_it_twice() -> None:
    body = f"<p>{DEK}</p>{paragraphs('Paragraph', 5)}"
    text = extract(page(f"{HEADLINE}<p>{DEK}</p>", body=body)).text
    assert text.count(DEK) == 1


def test_above_the_headline_the_description_is_a_teaser_not_the_standfirst() -> None:
    header = f"<div class='top-story'><p>{DEK}</p></div>{HEADLINE}"
    assert DEK not in extract(page(header)).text


def test_a_caption_or_a_link_the_description_repeats_is_no_standfirst() -> None:
    caption = f"{HEADLINE}<figure><figcaption>{DEK}</figcaption></figure>"
    assert DEK not in extract(page(caption)).text
    link = f"{HEADLINE}<p><a href='/quay'>{DEK}</a></p>"
    assert DEK not in extract(page(link)).text


def test_a_standfirst_and_a_signature_on_one_page() -> None:
    # The standfirst taken from the page's header is a block more in the text, before
    # the signature: the signature must still be the name, not the paragraph above it.
    signed = "<p style='text-align:right'><strong>Lê Phương</strong></p>"
    html = (
        "<html><head><title>Harbour gets a new ferry quay</title>"
        f"<meta property='og:description' content='{DEK}'>"
        "<meta property='og:site_name' content='Harbour News'>"
        "<meta name='author' content='Harbour News'></head><body>"
        f"<header>{HEADLINE}<p>{DEK}</p><p>16 May</p></header>"
        f"<main><div class='text'>{paragraphs('Paragraph', 5)}{signed}</div></main></body></html>"
    )
    article = extract(html)
    assert article.text.startswith(DEK) and article.text.endswith("prose.")
    assert article.authors == ["Lê Phương"]
