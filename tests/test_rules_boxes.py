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


# (rule, its line, a reporter's sentence about the same thing, kept): the line is the
# offer's or the prompt's own shape, short, addressing "you", ending where it ends; the
# sentence reports it, with who said it (QA new31 F04).
LINES_AND_STORIES = [
    (
        "reader-offer",
        "You have read 4 of 10 free articles this month.",
        "“You have read 4 of 10 free stories” was the prompt that most often led readers to"
        " pay, the study found.",
    ),
    (
        "reader-offer",
        "Subscribers can share 5 articles a month.",
        "The Courier said subscribers can share up to 5 articles a month with friends, up from"
        " three.",
    ),
    (
        "reader-offer",
        "Thereafter you will be billed $12 per month.",
        "The contract read: thereafter you will be billed $12 per month unless you cancel.",
    ),
    (
        "reader-offer",
        "Try The Courier free for 1 month.",
        "Try it free for 7 days, the advert said; the watchdog found many were charged at once.",
    ),
    (
        "reader-offer",
        "For 30 free days, you can read every story.",
        "For 30 free days, the period the club offered, members could use the courts.",
    ),
    (
        "support-appeal",
        "Support us from just £2 a month.",
        "Support us from just £2, the banner said, and the paper found 900 new members.",
    ),
    (
        "support-appeal",
        "Yes, I'll give $10/month",
        "Yes, I'll give $10 a month, one listener told the station's phone-in.",
    ),
    (
        "support-appeal",
        "Please consider supporting our work.",
        "The mayor urged residents to consider donating to the flood appeal before winter.",
    ),
    (
        "support-appeal",
        "Support local journalism.",
        "The foundation pledged $5 million to support local journalism in towns without a paper.",
    ),
    (
        "ai-summary-note",
        "This summary was generated by AI and checked by our editors.",
        "This summary was produced with AI tools, the broadcaster said in a note.",
    ),
    (
        "ai-summary-note",
        "These key points were generated with the help of AI.",
        "The summary was created by AI and held two errors, the paper admitted.",
    ),
    (
        "disclaimer",
        "(This story is auto-generated from a syndicated feed.)",
        "The ministry said the notice was published from a syndicated feed by mistake and"
        " withdrawn.",
    ),
    (
        "disclaimer",
        "The views expressed here do not reflect the views of the Gazette.",
        "The views expressed in the leaked letter do not reflect party policy, a spokeswoman said.",
    ),
    (
        "follow-prompt",
        "Join our WhatsApp channel for the latest news",
        "Join the WhatsApp channel of your street's residents, the council advised.",
    ),
    (
        "follow-prompt",
        "Keep up with all the latest news by following Harbour News",
        "Keep up with the latest on the talks by following the ministry's briefings, the envoy"
        " said.",
    ),
    (
        "app-prompt",
        "Breaking news alerts to your WhatsApp: join now",
        "Breaking news alerts to your WhatsApp are read by half of readers under 30.",
    ),
    (
        "app-prompt",
        "Download our free app, available on iOS and Android.",
        "Download our free app, the slogan of a decade of news apps, has lost its pull.",
    ),
]


@pytest.mark.parametrize(("rule", "line", "sentence"), LINES_AND_STORIES)
def test_a_story_reporting_an_offer_or_prompt_is_no_offer(
    rule: str, line: str, sentence: str
) -> None:
    assert RULES.line_rule(line, 0.0, after_article=False) == rule
    assert RULES.line_rule(sentence, 0.0, after_article=False) is None


def test_the_sentences_stay_mid_story() -> None:
    box = "".join(f"<p>{sentence}</p>" for _, _, sentence in LINES_AND_STORIES)
    text = extract(story(box, before=True)).text
    assert [s for _, _, s in LINES_AND_STORIES if s not in text] == []


def test_a_summary_box_the_reporter_signs_stays() -> None:
    note = "<p>This summary was written by our education editor, not AI.</p>"
    box = f'<div class="key-points"><h3>Key points</h3>{BULLETS}{note}</div>'
    assert "Parents will be offered" in extract(story(box, before=True)).text
