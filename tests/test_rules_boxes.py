"""Boxes the held-out publishers set inside the story (QA heldout30): reader-revenue boxes,
class names in camelCase and CSS Modules, "embed" in a signup box's name, summaries a
machine wrote."""

from __future__ import annotations

import random
import string

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract
from scraper.extract.classnames import class_words
from scraper.extract.rules import default_rules

RULES = default_rules()
HEAD = "<html><head><title>Schools move to a four-day week</title></head><body>"


def story(box: str, *, inside: bool = True, before: bool = False) -> str:
    """A story of three paragraphs, with `box` after them (or before them) inside its
    <article>, or after the <article>."""
    body = paragraphs("Para", 3)
    inner = f"{box}{body}" if before else f"{body}{box}" if inside else body
    after = "" if inside else box
    return (
        f"{HEAD}<article><h1>Schools move to a four-day week</h1>{inner}</article>{after}"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("DonateBox", "donate-box"),
        ("inlineAd", "inline-ad"),
        ("StoryBody_inlineAd__9kLm2", "story-body_inline-ad__9klm2"),  # CSS Modules
        ("DonatesTeaser-module_root__8mJ5Q", "donates-teaser-module_root__8mj5q"),
        ("related-stories", "related-stories"),
        ("HTMLBox", "htmlbox"),
        # A hash's letters spell no words ("-ad-" in "n1-au-ad-jl"): not apart.
        ("block-id-n1AuAdJlVL", "block-id-n1auadjlvl"),
        ("xAdTq", "xadtq"),
        ("h2Title", "h2title"),
        # Nor a build's hash (QA new31 F03): CSS Modules' after "__", styled-components'
        # 6 letters, a run of capitals, a word without a vowel.
        ("ArticleBody_paragraph__jbcAD", "article-body_paragraph__jbcad"),
        ("ArticleBody_paragraph__relAd", "article-body_paragraph__relad"),
        ("Card__titleText", "card__titletext"),
        ("adEHVE", "adehve"),
        ("myTOcAbcd", "mytocabcd"),
        ("AdBox", "adbox"),
        ("jjcibGpt", "jjcibgpt"),
        ("AdContainer", "ad-container"),
    ],
)
def test_class_words(name: str, words: str) -> None:
    assert class_words(name) == words


@pytest.mark.parametrize(
    ("names", "rule"),
    [
        # camelCase and CSS Modules names have the roles their words give (F06).
        ("StoryBody_inlineAd__9kLm2", "advert"),
        ("AdContainer", "advert"),
        ("ArticleAd-module_wrapper__x9", "advert"),
        ("Layout_sidebarRight__2aBc1", "sidebar"),
        ("Story_donateCta__x8Pq1", "appeal"),
        ("DonatesTeaser-module_root__8mJ5Q", "appeal"),
        ("Embed_pollWidget__k3", "poll"),
        ("articlePoll", "poll"),
        ("PaywallBox", "paywall-box"),
        ("ArticleBylines_root__t0TPC", "byline-box"),
        ("hasSidebar", None),  # a layout's state, as "has-sidebar"
        ("block-id-n1AuAdJlVL", None),
        # "embed" voids the roles an embedded post may be taken for, only (F05).
        ("social-media-embed", None),
        ("embed-share", None),
        ("newsletter-embed", "newsletter"),
        ("embed-newsletter", "newsletter"),
        ("newsletter-article-embed", "newsletter"),
        ("mc_embed_signup", "newsletter"),
        ("mc-embedded-subscribe-form", "newsletter"),
        ("related-embed", "related"),
        ("promo-embed", "advert"),
        ("poll-embed", "poll"),
        # Reader-revenue boxes (F01).
        ("support-independent-journalism", "appeal"),
        ("contributions-epic", "appeal"),
        ("meter-notice", "paywall-box"),
        ("paywall-wrapper", None),  # it holds the story's lead too
        # Summaries a machine wrote (F07); a summary box otherwise only by what it holds.
        ("ai-summary", "ai-summary"),
        ("article-ai-takeaways", "ai-summary"),
        ("summary-box", "summary-box"),
        ("summary-credit", "caption"),
    ],
)
def test_class_names(names: str, rule: str | None) -> None:
    assert RULES.container_by_class(names) == rule


REVENUE_BOXES = [  # (class, the box's lines), each a shape seen on several publishers
    (
        "c-entry-box--compact",
        ["You've read 1 article in the last month", "Yes, I'll give $5/month"],
    ),
    ("support-independent-journalism", ["Our journalism is free to read. Support us from £1."]),
    ("contributions-epic", ["We have no shareholders. Support us today from just £2."]),
    ("meter-notice", ["You have read 3 of 5 free articles this month."]),
    ("teaser", ["Try The Courier free for 1 month with unlimited access to our website."]),
    (
        "article__note",
        [
            "For 14 free days, you can have access to a world of analysis.",
            "Thereafter you will be billed R75 per month.",
        ],
    ),
    ("teaser-plus", ["Alle Artikel lesen mit Z+: Jetzt 30 Tage kostenfrei testen."]),
    ("box-offer", ["Zostań z nami na dłużej. Prenumerata Kuriera za 1 zł."]),
    ("DonatesTeaser-module_root__8mJ5Q", ["Нам нужна ваша помощь.", "Поддержите нас."]),
]


HASHES = ["ArticleBody_paragraph__XaGPt", "ArticleBody_paragraph__myTOc", "sc-kpOJdX gptHWz"]


@pytest.mark.parametrize("name", HASHES)
def test_a_paragraph_class_hash_spells_no_box(name: str) -> None:
    """A build's hash never reads as words: every paragraph of the story holds it."""
    paras = paragraphs("Hashed", 3).replace("<p>", f'<p class="{name}">')
    assert extract(story(paras)).text.count("Hashed ") == 3


@pytest.mark.parametrize(
    "alphabet", [string.ascii_letters, string.ascii_letters + string.digits + "-_"]
)
def test_random_hashes_spell_no_box(alphabet: str) -> None:
    """As many random hashes as a year of builds: none reads as a box its letters do not
    name lower-cased (as `class_words` read them before camelCase)."""
    rng = random.Random(31)
    for prefix in ("", "sc-", "ArticleBody_paragraph__"):
        for _ in range(20_000):
            name = prefix + "".join(rng.choices(alphabet, k=rng.choice((5, 6))))
            assert RULES.container_by_class(name) == RULES.container_by_class(name.lower())


@pytest.mark.parametrize("inside", [True, False])
@pytest.mark.parametrize(("name", "lines"), REVENUE_BOXES)
def test_reader_revenue_boxes_go_inside_the_article_too(
    name: str, lines: list[str], *, inside: bool
) -> None:
    box = f'<div class="{name}">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
    text = extract(story(box, inside=inside)).text
    assert text.count("\n\n") == 2 and "Para 3:" in text
    assert not [line for line in lines if line in text]


@pytest.mark.parametrize(
    "sentence",
    [
        "Users can try the app free for 30 days, the company said in a statement.",
        "Zwei Wochen kostenlos testen dürfen nur Neukunden, sagte die Sprecherin.",
        "The image was generated by AI, the agency said, and removed within an hour.",
        "Yes, I'll give it another try, she said, laughing at the idea.",
    ],
)
def test_stories_saying_the_words_stay(sentence: str) -> None:
    assert sentence in extract(story(f"<p>{sentence}</p>")).text


BULLETS = (
    "<ul><li>The board approved a four-day week for the district's schools.</li>"
    "<li>Parents will be offered day care on Fridays.</li></ul>"
)
AI_BOXES = [
    f'<div class="ai-summary"><p>Summary</p>{BULLETS}</div>',
    f'<div class="article-summary"><h3>Quick read</h3>{BULLETS}'
    "<p>This summary was generated by AI and reviewed by our editors.</p></div>",
    f'<div class="key-points"><h3>Key points</h3>{BULLETS}<p>These key points were'
    " generated with the help of AI and checked by a journalist.</p></div>",
    '<div class="summary-box"><button>Zusammenfassung</button><p>Der Schulrat hat die'
    " Viertagewoche beschlossen. Dies ist ein experimentelles Tool.</p>"
    "<p>Fanden Sie die Zusammenfassung hilfreich?</p></div>",
    f'<div class="takeaways"><p>Takeaways by Courier AI</p>{BULLETS}</div>',
]


@pytest.mark.parametrize("box", AI_BOXES)
def test_summaries_a_machine_wrote_are_no_text(box: str) -> None:
    text = extract(story(box, before=True)).text
    assert text.startswith("Para 1:") and text.count("\n\n") == 2


def test_a_summary_box_of_the_reporter_stays() -> None:
    box = f'<div class="key-points"><h3>Key points</h3>{BULLETS}</div>'
    assert "Parents will be offered" in extract(story(box, before=True)).text


def test_mailchimps_embedded_form_goes() -> None:
    form = (
        '<div id="mc_embed_shell"><div id="mc_embed_signup"><form id="mc-embedded-subscribe-form"'
        ' class="validate"><div id="mc_embed_signup_scroll"><h2>Subscribe</h2>'
        '<div class="indicates-required"><span class="asterisk">*</span> indicates required'
        '</div><div class="mc-field-group"><label for="mce-EMAIL">Email Address</label>'
        '<input type="email" name="EMAIL"></div></div></form></div></div>'
    )
    text = extract(story(form)).text
    assert "required" not in text and "Subscribe" not in text and "Para 3:" in text


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Sie haben 3 von 5 kostenlosen Artikeln gelesen.", "Sie haben 3 Artikel gelesen."),
        ("Vous avez lu 3 articles gratuits ce mois-ci.", "Vous avez lu 3 articles, dit-il."),
        ("Has leído 2 de 5 artículos gratuitos este mes.", "Has leído 2 libros, dijo."),
        ("Você já leu 5 de 7 matérias gratuitas.", "Você já leu 5 livros?"),
        ("Subscribers can gift 10 articles each month.", "Subscribers can gift cards, too."),
        (
            "Gostaria de presentear alguém com esse artigo? Assinantes podem liberar 7 acessos.",
            "Assinantes podem votar.",
        ),
        ("Gift this article", "A gift this article describes."),
    ],
)
def test_meter_counts_and_gift_offers(line: str, sentence: str) -> None:
    assert RULES.line_rule(line, 0.0, after_article=False) == "reader-offer"
    assert RULES.line_rule(sentence, 0.0, after_article=False) is None
