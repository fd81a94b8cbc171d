"""Publisher templates the rules were not tuned on: the shapes a held-out QA round found
(metered story parts, boxes named by `data-*` attributes)."""

from __future__ import annotations

import json

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.metadata import find_metadata
from scraper.extract.rules import default_rules
from scraper.models import Article

RULES = default_rules()
HEAD = "<html><head><title>Schools move to a four-day week</title></head><body>"


@pytest.mark.parametrize(
    ("names", "rule"),
    [
        # Who may read a part of the story is no newsletter box (BLOX, metered CMSs).
        ("subscriber-preview", None),
        ("subscriber-only encrypted-content", None),
        ("asset-content subscriber-premium", None),
        ("subscribers-only", None),
        ("content-for-subscribers", None),
        ("article-body--subscriber-content", None),
        ("premium-content", None),
        # The boxes that offer a subscription still are.
        ("newsletter-subscribe", "newsletter"),
        ("subscribe-form", "newsletter"),
        ("email-subscription", "newsletter"),
        # A caption's class in camelCase, read lower-cased (the Daily Mail's).
        ("imageCaption mol-style", "caption"),
        ("photoCaption", "caption"),
    ],
)
def test_class_names(names: str, rule: str | None) -> None:
    assert RULES.container_by_class(names) == rule


def test_a_metered_story_keeps_its_preview_and_the_rest() -> None:
    html = (
        f'{HEAD}<article><h1>Schools move to a four-day week</h1><div id="article-body" '
        'itemprop="articleBody" class="asset-content subscriber-premium">'
        f'<div class="subscriber-preview">{paragraphs("Lead", 1)}</div>'
        f'<div class="subscriber-only encrypted-content">{paragraphs("Rest", 3)}</div>'
        '</div><div class="newsletter-signup"><p>Get local news delivered to your inbox, '
        "sign up for our daily headlines newsletter.</p></div></article></body></html>"
    )
    text = extract(html).text
    assert text.count("\n\n") == 3 and text.startswith("Lead 1:") and "Rest 3:" in text
    assert "inbox" not in text


BOXES = {  # a box's name, its markup and the rule its name gives
    "InlineNewsletter": (
        "<p>Get the latest insights from our weekly newsletter, in your inbox each Friday.</p>",
        "newsletter",
    ),
    "related-stories": (
        '<ul><li><a href="/a">Another story about the board</a></li></ul>',
        "related",
    ),
    "MostRead": ('<ol><li><a href="/c">A popular story about the board</a></li></ol>', "related"),
    "AuthorBio": (
        "<p>Jane Doe covers education for the paper and has for years.</p>",
        "byline-box",
    ),
    "ArticleTags": ('<a href="/t/schools">Schools</a> <a href="/t/board">Board</a>', "tags"),
}


@pytest.mark.parametrize(
    "attribute",
    ["data-testid", "data-test-id", "data-qa", "data-component", "data-module", "data-gu-name"],
)
@pytest.mark.parametrize("name", sorted(BOXES))
def test_boxes_named_by_data_attributes(attribute: str, name: str) -> None:
    markup, rule = BOXES[name]
    box = f'<div class="css-1x2y3z" {attribute}="{name}">{markup}</div>'
    html = (
        f"{HEAD}<article><h1>Schools move to a four-day week</h1>{paragraphs('Para', 3)}"
        f"{box}{paragraphs('Para', 2, first=4)}</article></body></html>"
    )
    article = extract(html, explain=True)
    assert article.text.count("\n\n") == 4 and "Para 5:" in article.text
    assert {r.rule for r in article.removed if "Para" not in r.text} == {"headline", rule}


def test_story_parts_named_by_data_attributes_are_read() -> None:
    html = (
        f"{HEAD}<article><h1>Schools move to a four-day week</h1>"
        + "".join(
            f'<div data-testid="paragraph-{n}">{paragraphs("Para", 1, first=n)}</div>'
            for n in range(1, 5)
        )
        + '<div data-component="text-block">'
        + paragraphs("Para", 1, first=5)
        + "</div></article></body></html>"
    )
    assert extract(html).text.count("\n\n") == 4


@pytest.mark.parametrize(
    ("line", "modified"),
    [
        (  # Gannett's: the time before the date, a zone without S or D
            "Published 5:00 a.m. CT Nov. 24, 2026 Updated 8:31 a.m. CT Nov. 24, 2026",
            "2026-11-24T08:31:00-06:00",
        ),
        (
            "Published Nov. 24, 2026, 5:00 a.m. ET | Updated Nov. 24, 2026, 8:31 a.m. ET",
            "2026-11-24T08:31:00-05:00",
        ),
        (
            "Published: 13:04 GMT, 24 November 2026 | Updated: 15:33 GMT, 24 November 2026",
            "2026-11-24T15:33:00+00:00",
        ),
        ("Updated November 25, 2026 · Originally published November 24, 2026", "2026-11-25"),
        (
            "Publié le 24 novembre 2026 à 15h05, modifié le 24 novembre 2026 à 17h10 "
            "Lecture 3 min.",
            "2026-11-24T17:10:00",
        ),
    ],
)
def test_two_date_header_lines_are_metadata(line: str, modified: str) -> None:
    html = (
        f"{HEAD}<article><h1>Schools move to a four-day week</h1><div><span>{line}</span>"
        f"</div>{paragraphs('Para', 4)}</article></body></html>"
    )
    article = extract(html, url="https://example.com/2026/11/24/schools.html")
    assert article.text.startswith("Para 1:"), article.text[:120]
    assert article.published and article.published.startswith("2026-11-24")
    assert article.modified and article.modified.startswith(modified)


def _metadata(head: str) -> Article:
    return find_metadata(LexborHTMLParser(f"<html><head>{head}</head><body></body></html>"), None)


def _ld(**fields: object) -> str:
    data = json.dumps({"@type": "NewsArticle", **fields})
    return f'<script type="application/ld+json">{data}</script>'


TAGS = ["Oysters", "Fishing, Commercial", "Washington, D.C.", "Delaware Bay"]


@pytest.mark.parametrize(
    "head",
    [
        "".join(f'<meta property="article:tag" content="{tag}">' for tag in TAGS),
        _ld(keywords=TAGS),
    ],
)
def test_the_items_of_a_tag_list_are_whole(head: str) -> None:
    assert _metadata(head).tags == TAGS


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="keywords" content="Oysters, Fishing; Delaware Bay">',
        '<meta property="article:tag" name="article:tag" content="Oysters,Fishing,Delaware Bay">',
        _ld(keywords="Oysters, Fishing, Delaware Bay"),
    ],
)
def test_a_lone_joined_value_is_split(head: str) -> None:
    assert _metadata(head).tags == ["Oysters", "Fishing", "Delaware Bay"]


@pytest.mark.parametrize(
    ("head", "section"),
    [
        ('<meta property="article:section" content="D.C., Md. &amp; Va.">', "D.C., Md. & Va."),
        (_ld(articleSection="Arts, Culture & Entertainment"), "Arts, Culture & Entertainment"),
        (_ld(articleSection=["Food, Drink & Travel"]), "Food, Drink & Travel"),
        (_ld(articleSection="Arte, Cultura y Espectáculos"), "Arte, Cultura y Espectáculos"),
        # A comma-joined list of categories gives its first.
        ('<meta property="article:section" content="Illinois, Local">', "Illinois"),
        ('<meta property="article:section" content="Recipes,Cakes & Desserts">', "Recipes"),
    ],
)
def test_a_section_with_commas_is_one_name(head: str, section: str) -> None:
    assert _metadata(head).section == section


TCF = [  # the IAB TCF first layer's opening, as CMPs word it (a paragraph of its own)
    "We and our partners store and/or access information on a device, such as cookies, "
    "and process personal data, such as unique identifiers, for personalised ads and content, "
    "ad and content measurement, audience research and services development. With your "
    "permission we and our 812 partners may use precise geolocation data. You may click to "
    "consent to our and our partners' processing as described above.",
    "Wir und unsere Partner speichern und/oder greifen auf Informationen auf einem Gerät zu, "
    "wie z. B. Cookies, und verarbeiten personenbezogene Daten.",
    "Noi e i nostri partner archiviamo e/o accediamo a informazioni su un dispositivo, come i "
    "cookie, e trattiamo dati personali.",
    "Vi och våra partner lagrar och/eller har åtkomst till information på en enhet, "
    "exempelvis cookies, och behandlar personuppgifter.",
    "My i nasi partnerzy przechowujemy informacje na urządzeniu lub uzyskujemy do nich "
    "dostęp, na przykład do plików cookie.",
    "Biz ve iş ortaklarımız, çerezler gibi bir cihazdaki bilgileri depolar ve/veya bunlara erişir.",
]


@pytest.mark.parametrize("text", TCF)
def test_the_tcf_consent_wording_is_a_cookie_notice(text: str) -> None:
    assert RULES.line_rule(text, 0.0, after_article=False) == "cookie-notice"


def test_a_story_about_partners_and_cookies_is_text() -> None:
    text = (
        "We and our partners in the bakery sold 2,000 boxes last week, said the owner, "
        "who plans to open a second shop next spring on Main Street."
    )
    assert RULES.line_rule(text, 0.0, after_article=False) is None
    text = "We and our neighbours baked cookies for the fundraiser."  # (the shape, too far)
    assert RULES.line_rule(text, 0.0, after_article=False) is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Share full article", "share-prompt"),
        ("Reporting from Bivalve, N.J.", "byline"),
        ("Reporting from Kyiv, Ukraine", "byline"),
        ("Reporting from Kyiv, she said the army had withdrawn.", None),
        ("Reporting from the front line is dangerous work.", None),
    ],
)
def test_header_leftovers(text: str, rule: str | None) -> None:
    assert RULES.line_rule(text, 0.0, after_article=False) == rule


CAPTIONED = (  # a photo between paragraphs 2 and 3, its caption in an inline element
    f"{HEAD}<article><h1>Schools move to a four-day week</h1>{paragraphs('Story', 2)}"
    '<div class="media"><img src="/p.jpg" alt="">{caption}</div>'
    f"{paragraphs('More', 1)}</article></body></html>"
)
CAPTION = "Pupils leave the school at noon on Friday, the new last day of the week"


@pytest.mark.parametrize(
    "caption",
    [
        f'<span class="caption">{CAPTION}</span>',
        f'<span class="image-caption">{CAPTION}</span>',
        f'<span class="imageCaption">{CAPTION}</span>',
        f'<span class="c-media__caption">{CAPTION}</span>',
        # The caption and its credit, each a span of its own.
        f'<span class="caption">{CAPTION}</span><span class="credits">Jane Roe</span>',
        # ... in a box of their own beside the picture's.
        f'<div class="info"><span class="caption">{CAPTION}</span> <span class="credit">Jane Roe'
        "</span></div>",
    ],
)
def test_a_caption_in_a_span_is_no_story_text(caption: str) -> None:
    article = extract(CAPTIONED.format(caption=caption), explain=True)
    assert article.text.count("\n\n") == 2 and "Pupils" not in article.text
    assert "Jane Roe" not in article.text and "More 1:" in article.text
    assert [r.rule for r in article.removed if "Pupils" in r.text] == ["caption"]


@pytest.mark.parametrize(
    "line",
    [
        # A typography style's "caption" (MUI, Vuetify) says small text, not a photo's.
        f'<span class="MuiTypography-root MuiTypography-caption">Editor\'s note: {CAPTION}</span>',
        f'<span class="text-caption">Correction: {CAPTION}</span>',
        # A quote's speaker.
        f'<blockquote><p>Schools will stay open.</p><span class="quote-credit">{CAPTION}</span>'
        "</blockquote>",
        # Words of its sentence on either side.
        f'<p>On Friday <span class="caption">{CAPTION}</span> as planned.</p>',
    ],
)
def test_a_span_classed_as_a_caption_but_no_photos_stays(line: str) -> None:
    html = f"{HEAD}<article><h1>Schools</h1>{paragraphs('Story', 2)}{line}</article></body></html>"
    assert CAPTION in extract(html).text


def test_a_span_classed_as_a_caption_inside_a_sentence_is_part_of_its_line() -> None:
    # A credit's span ending the caption it stands in: the line is weighed whole, as a
    # caption; a span of another name (a gallery's counter) stays in its line.
    html = CAPTIONED.format(
        caption=f'<span class="newsCaption">{CAPTION} <span class="caption">(Image: Getty)'
        "</span></span>"
    )
    assert "Pupils" not in extract(html).text
    counter = '<p>Pupils on their way home <span class="gallery-count">2/8</span> photos</p>'
    assert "Pupils on their way home 2/8 photos" in extract(CAPTIONED.format(caption=counter)).text
