"""Boxes a publisher sets inside the story, told by their shape rather than their names
(QA heldout31): an offer (a price for a period, a bid, a question asking for money), a
newsletter's sign-up form, a "read also" label alone."""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract
from scraper.extract.rules import default_rules

RULES = default_rules()
HEAD = "<html><head><title>Ferry fares rise on the island route</title></head><body>"


def story(box: str, *, where: str = "mid", lead: str = "") -> str:
    """A story of four paragraphs with `box` between its second and third (`mid`), after
    its last inside the <article> (`end`), or after the <article> (`after`)."""
    before, rest = paragraphs("Para", 2), paragraphs("Para", 2, first=3)
    inner = {"mid": before + box + rest, "end": before + rest + box, "after": before + rest}
    after = box if where == "after" else ""
    return (
        f"{HEAD}<article><h1>Ferry fares rise on the island route</h1>{lead}"
        f'<div class="story-text">{inner[where]}</div></article>{after}</body></html>'
    )


# Offer boxes under names no rule knows, each line of which must go: the box goes with
# the line that gives it away (QA heldout31 F01).
OFFER_BOXES = [
    (  # a contribution box: a heading, a pitch, a question asking for money, a button
        '<div class="cb-embed cb-embed--help-gazette"><h3>Help the Gazette</h3><p>At the'
        " Gazette we think everyone deserves good local reporting, though not everyone can"
        " pay for a subscription.</p><p>Would you help us by chipping in as little as $3?</p>"
        '<a href="/help">Help the Gazette</a><p>Already contributed? <a href="/login">Log in'
        " to hide these messages.</a></p></div>"
    ),
    (  # a marketing unit: a struck price beside the offer's, and a bid
        '<div class="MarketingUnitWrap-x7Yq"><h3>Get the Gazette for $3.50 $1 per month</h3>'
        '<p>Get unlimited access to the Gazette. Subscribe now.</p><a href="/subscribe">'
        "Subscribe now</a></div>"
    ),
    (  # a nudge: the bid, what it sells and the price for the first months
        '<div data-testid="upsell-nudge"><p>Get unlimited access to every Gazette story for'
        ' just €2 for the first 2 months.</p><a href="/subscribe">Subscribe now</a></div>'
    ),
    (  # in French: the gift notice and the bid, "à partir de 1 € le premier mois"
        '<div class="cta-abo"><p>Cet article vous est offert par la Gazette.</p><p>Abonnez-vous'
        " et lisez tous nos articles à partir de 1 € le premier mois.</p></div>"
    ),
    (  # in Portuguese: "por R$ 1,90 no primeiro mês"
        '<div class="wall-lite"><p>Assine a Gazeta e tenha acesso ilimitado por R$ 2,90 no'
        " primeiro mês.</p></div>"
    ),
]


def _lines(box: str) -> list[str]:
    text = box
    for tag in ("</h3>", "</p>", "</a>", "<p>", "<a "):
        text = text.replace(tag, "\n" + tag)
    return [line for line in (_strip(x) for x in text.split("\n")) if len(line) > 12]


def _strip(fragment: str) -> str:
    while "<" in fragment and ">" in fragment:
        start = fragment.index("<")
        fragment = fragment[:start] + fragment[fragment.index(">", start) + 1 :]
    return fragment.strip()


@pytest.mark.parametrize("where", ["mid", "end", "after"])
@pytest.mark.parametrize("box", OFFER_BOXES)
def test_offer_boxes_go_wherever_they_are(box: str, where: str) -> None:
    text = extract(story(box, where=where)).text
    assert text.count("Para ") == 4 and text.count("\n\n") == 3
    assert [line for line in _lines(box) if line in text] == []


# (an offer's line, a reporter's sentence about prices or offers): the offer bids, says
# what it sells (reading, access) and ends with its price's period; the sentence reports.
OFFERS_AND_STORIES = [
    (
        "Get unlimited access to all our stories for just €1 for the first 3 months.",
        "The paper offers readers access to its stories for just €1 for the first 3 months.",
    ),
    (
        "Abonnez-vous et accédez à tous nos articles à partir de 1 € le premier mois.",
        "Abonnez-vous, disait la publicité, pour 1 € le premier mois.",
    ),
    (
        "Assine e tenha acesso ilimitado por R$ 1,90 no primeiro mês.",
        "Assinantes pagam R$ 1,90 no primeiro mês, segundo a empresa.",
    ),
    (
        "Would you help us by contributing as little as $2?",
        "Would you help us by contributing as little as $2, the banner asked, and many did.",
    ),
    ("Get the Courier for $2.50 $1 per month", "Get two for $5 a month, the advert promised."),
    ("$1/month", "Netflix's basic plan now costs $6.99 a month, up from $5.99."),
    (
        "Keep reading for just 99¢",
        "Subscribers pay €1 for the first month and €9.99 after that, the paper said.",
    ),
]


@pytest.mark.parametrize(("line", "sentence"), OFFERS_AND_STORIES)
def test_an_offer_is_told_by_its_shape(line: str, sentence: str) -> None:
    assert RULES.line_rule(line, 0.0, after_article=False) == "price-offer"
    assert RULES.line_rule(sentence, 0.0, after_article=False) is None


def test_already_contributed_is_the_walls_line() -> None:
    line = "Already contributed? Log in to hide these messages."
    assert RULES.line_rule(line, 0.0, after_article=False) == "paywall-prompt"


STEPS = [  # a how-to's steps that name a service's prices: the story's, not an offer
    "Sign up for an ad-free streaming account for $11.99 a month",
    "Get the password manager for free (upgrade to Premium for $4.99/mo)",
    "If you already have an account, visit your account page to upgrade",
]


def test_stories_about_prices_stay() -> None:
    sentences = [sentence for _, sentence in OFFERS_AND_STORIES]
    box = "".join(f"<p>{s}</p>" for s in sentences)
    steps = "<ol>" + "".join(f"<li>{step}</li>" for step in STEPS) + "</ol>"
    text = extract(story(box + steps)).text
    assert [s for s in sentences + STEPS if s not in text] == []


# Sign-up boxes under a name no rule knows: their form asks for an e-mail address
# (QA heldout31 F02).
SIGNUP_BOXES = [
    '<div class="css-9x8y7z"><h3>The Early Ferry</h3><p>The three island stories you need'
    ' before breakfast, every weekday.</p><form><input type="email" placeholder="Your email">'
    "<button>Sign up</button></form><p>By signing up you agree to our Terms and Privacy"
    " Policy.</p></div>",
    '<div class="keep_posted"><p>Gazette Weekly</p><div class="f-wrap"><form action="/nl">'
    '<input name="subscriber_email"><button>Go</button></form></div><p>We will never share'
    " your address with anyone else.</p></div>",
    '<div class="box-q1"><p>Recevez chaque samedi le meilleur de la semaine.</p><form>'
    '<input type="text" placeholder="Votre adresse e-mail"></form></div>',
]


@pytest.mark.parametrize("box", SIGNUP_BOXES)
def test_signup_boxes_are_told_by_their_form(box: str) -> None:
    text = extract(story(box)).text
    assert text.count("Para ") == 4 and text.count("\n\n") == 3
    assert [line for line in _lines(box) if line in text] == []


def test_a_form_asking_no_email_is_no_signup_box() -> None:
    box = (
        '<div class="css-4r5t6y"><p>Find a timetable for any of the island routes.</p>'
        '<form><input type="search" name="q"><button>Search</button></form></div>'
    )
    assert "Find a timetable" in extract(story(box)).text


def test_a_brief_beside_a_signup_form_stays() -> None:
    """A story shorter than a sign-up box, in the form's box: its paragraph stays."""
    brief = (
        "<p>The ferry will leave an hour later on Sunday because of the tide, the port said.</p>"
    )
    form = '<form><input type="email"><button>Get alerts</button></form>'
    page = (
        f"{HEAD}<article><h1>Ferry fares rise on the island route</h1>"
        f'<div class="x1">{brief}{form}</div></article></body></html>'
    )
    assert "an hour later on Sunday" in extract(page).text


# "Read also" labels alone on their line, their link in the next block (QA heldout31 F08).
@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("fr", "A lire aussi"),
        ("he", "עוד בנושא:"),
        ("id", "Pilihan Editor:"),
        ("en", "MORE FOR YOU"),
    ],
)
@pytest.mark.parametrize("name", ["box-x1", "c-read-also"])
def test_read_also_labels_go(lang: str, label: str, name: str) -> None:
    link = '<a href="/2026/11/20/harbour-dues/">Harbour dues will rise by 4 percent next year</a>'
    box = f'<div class="{name}"><p>{label}</p>{link}</div>'
    page = story(box).replace("<html>", f'<html lang="{lang}">')
    text = extract(page, url="https://gazette.example/2026/11/24/ferry-fares/").text
    assert label not in text and "Harbour dues" not in text and text.count("Para ") == 4


def test_a_read_also_box_is_related() -> None:
    assert RULES.container_by_class("c-read-also") == "related"


def test_a_newsletter_prompt_takes_its_box_along() -> None:
    """A sign-up box without its form (a script adds it): its prompt gives it away, and its
    title and pitch go with it; a prompt among the story's paragraphs takes only itself."""
    box = (
        '<div class="follow_box"><p>Gazette Newsletter</p><p>Keep up with what is happening on'
        " the islands and beyond.</p><p>You can unsubscribe at any time. By signing up you"
        " agree to our Terms of Use.</p></div>"
    )
    text = extract(story(box)).text
    assert text.count("Para ") == 4 and text.count("\n\n") == 3
    prompt = "<p>Sign up for our newsletter to get the island news in your inbox.</p>"
    text = extract(story(prompt)).text
    assert text.count("Para ") == 4 and text.count("\n\n") == 3
