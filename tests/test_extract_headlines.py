"""The visible headline (`Article.headline`): the story's own, as clean as the title."""

from __future__ import annotations

import pytest

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


def page(*h1s: str, title: str | None = "Bridge vote: what we know", h2: str = "") -> str:
    heads = "".join(f"<h1>{h}</h1>" for h in h1s)
    og = f'<meta property="og:title" content="{title}">' if title else ""
    return (
        f"<html><head>{og}{DATE}<meta property='og:site_name' content='Town Herald'></head>"
        f"<body><main><article>{heads}{h2}{BODY}</article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A logo's or a section's <h1> is passed over for the story's.
        (page("Town Herald", "Bridge vote delayed to March"), "Bridge vote delayed to March"),
        (page("News", "Bridge vote delayed to March", title="The vote on the bridge"),
         "Bridge vote delayed to March"),
        # The <h1> that gives the title, or a part of it, before an earlier one.
        (page("Most read today on the site", "Bridge vote delayed", title="Bridge vote delayed"),
         "Bridge vote delayed"),
        (page("Weather warning for the coast", "Bridge vote delayed",
              title="Politics: Bridge vote delayed"), "Bridge vote delayed"),
        (page("東京都、新たな交通計画を発表", title=None), "東京都、新たな交通計画を発表"),
        (page("Town Herald", title="Bridge vote"), None),
        (page(title="Bridge vote"), None),
    ],
)  # fmt: skip
def test_the_visible_headline(html: str, expected: str | None) -> None:
    assert extract(html, "https://www.townherald.example/news/bridge-vote").headline == expected


HEADER = "<header class='site-header'><a href='/'>Town Herald</a>{}</header>"
NAV = "<nav><a href='/news'>News</a> <a href='/politics'>Politics and Local Government</a></nav>"


@pytest.mark.parametrize(
    "template",
    [
        # the logo with its tagline, a section's name in the banner, a consent dialog
        HEADER.format("<h1 id='logo'>Town Herald <span>Serving the valley since 1887</span></h1>"),
        HEADER.format("<h1>Politics and Local Government</h1>"),
        "<div id='consent-banner' role='dialog'><h1>We value your privacy</h1>"
        "<button>Accept all</button></div>",
        # the site's name with its tagline; named as a section, or as a menu's link
        "<div><h1>Town Herald: serving the valley since 1887</h1></div>",
        "<h1 class='section-title'>Politics and Local Government</h1>",
        NAV + "<div><h1>Politics and Local Government</h1></div>",
    ],
)
def test_a_templates_h1_is_no_headline_and_the_storys_h2_is(template: str) -> None:
    title = "Council approves budget after long debate"
    html = page(title=title, h2=f"<h2 class='headline'>{title}</h2>").replace(
        "<body>", "<body>" + template
    )
    assert extract(html, "https://www.townherald.example/news/budget").headline == title
    assert extract(html.replace(title + "</h2>", "Ferry timetable</h2>"), None).headline is None


def test_a_title_is_cut_to_its_h1_only_after_crumbs_the_pages_menus_name() -> None:
    h1 = "Saka scores twice before half-time"
    kicker = f"Live: Chelsea v Arsenal - Premier League - {h1}"
    crumbs = f"Town Herald - Sport - {h1}"
    nav = "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
    for title, expected in ((kicker, kicker), (crumbs, h1)):
        html = page(h1, title=title).replace("<body>", "<body>" + nav)
        assert extract(html, "https://www.townherald.example/sport/live").title == expected


def _titled(title: str, header: str, h1: str) -> str:
    body = "".join(f"<p>{s} of the county fair board met on Tuesday night.</p>" for s in "ABC")
    return (
        f"<html><head><title>{title}</title></head><body><header>{header}<nav>"
        f'<a href="/">Home</a></nav></header><main><article>{h1}{body}</article></main></body>'
        "</html>"
    )


def test_the_story_h1_that_is_a_part_of_the_title_is_the_title() -> None:
    url = "https://news.example.org/2026/11/fair-moves.html"
    page = _titled(
        "Miller County Notes: Fair moves to September", "", "<h1>Fair moves to September</h1>"
    )
    assert extract(page, url=url).title == "Fair moves to September"
    # A logo's <h1> is no headline, though it is a part of the title.
    logo = '<h1><a href="/">Miller County Notes</a></h1>'
    page = _titled("Fair moves to September | Miller County Notes", logo, "")
    assert extract(page, url=url).title == "Fair moves to September"
    logo = '<h1 class="site-name">Miller County Notes</h1>'
    page = _titled("Fair moves to September | Miller County Notes", logo, "")
    assert extract(page, url=url).title == "Fair moves to September"
