"""Headlines without the site's name around them; keywords as a clean list."""

from __future__ import annotations

import pytest

from scraper.extract.tags import split_tags
from scraper.extract.titles import choose_title, strip_site


@pytest.mark.parametrize(
    ("title", "sites", "url", "expected"),
    [
        ("Storm closes roads | CBC News", ["CBC News"], None, "Storm closes roads"),
        # A dash inside parentheses is no separator
        (
            "Margaret Hughes Obituary (1931 - 2024) - Valley Times",
            ["Valley Times"],
            None,
            "Margaret Hughes Obituary (1931 - 2024)",
        ),
        # WordPress themes' guillemets and angle quotes.
        ("Storm closes roads « Harbour Blog", ["Harbour Blog"], None, "Storm closes roads"),
        ("Harbour Blog › Storm closes roads", ["Harbour Blog"], None, "Storm closes roads"),
        (
            "Storm closes roads - The Guardian",
            [],
            "https://www.theguardian.com/x",
            "Storm closes roads",
        ),
        ("VCPOST: Storm closes roads", [], "https://www.vcpost.com/x", "Storm closes roads"),
        # A short part printed before the site's name is the section.
        (
            "Storm closes roads | World | Harbour Times",
            ["Harbour Times"],
            None,
            "Storm closes roads",
        ),
        (
            "Storm closes all roads - Sport - HT.de",
            [],
            None,
            "Storm closes all roads",
        ),
        # Two-word parts of a short headline stay: they may be the headline's own.
        ("Storm: Roads closed | Harbour Times", ["Harbour Times"], None, "Storm: Roads closed"),
        ("Storm closes roads | HT | 28.04.2024", ["HT"], None, "Storm closes roads"),
        ("港の新しい橋が開通:港新聞デジタル", ["港新聞デジタル"], None, "港の新しい橋が開通"),
        (
            "Storm closes all roads in the north | News",
            [],
            None,
            "Storm closes all roads in the north",
        ),
        ("Ukraine: what we know - day 3", [], None, "Ukraine: what we know - day 3"),
        ("Kicker: Headline stays whole", ["Daily"], None, "Kicker: Headline stays whole"),
        ("새 다리 개통ㅣ항구일보", ["항구일보"], None, "새 다리 개통"),
        # Chinese portals glue the section and the site on with "_".
        ("港口新桥通车_新闻_港口网", ["港口网"], None, "港口新桥通车"),
        ("snake_case_rules_港口网", ["港口网"], None, "snake_case_rules"),
        # The site's name between the headline and a tagline ends the headline.
        ("Gift guide | Journelles | Jetzt entdecken!", ["Journelles"], None, "Gift guide"),
        ("Der Schreibstil - chadim.net - Webdesign", [], None, "Der Schreibstil"),
        # A part that only mentions the site stays.
        (
            "Vote 2024 - What Harbour Times readers think - Analysis",
            ["Harbour Times"],
            None,
            "Vote 2024 - What Harbour Times readers think - Analysis",
        ),
    ],
)
def test_strip_site(title: str, sites: list[str], url: str | None, expected: str) -> None:
    assert strip_site(title, sites, url) == expected


def test_section_beside_the_site_name_is_dropped() -> None:
    title = "Storm closes roads - Kreis Nord - Lokales"
    assert strip_site(title, [], None, ["Lokales", "Kreis Nord"]) == "Storm closes roads"
    assert strip_site(title, [], None, []) == title  # no site named, no section known


def test_h1_that_leads_the_title_is_the_headline() -> None:
    title = choose_title(
        ["Storm closes roads - Harbour Daily Online"], ["Storm closes roads"], [], None
    )
    assert title == "Storm closes roads"


def test_title_that_is_only_the_site_name_is_skipped() -> None:
    title = choose_title(
        ["Harbour Times", "Storm closes roads | Harbour Times"], [], ["Harbour Times"], None
    )
    assert title == "Storm closes roads"


def test_kicker_is_kept_when_the_h1_omits_it() -> None:
    title = choose_title(["Election: Turnout is up"], ["Turnout is up"], [], None)
    assert title == "Election: Turnout is up"


@pytest.mark.parametrize(
    ("candidates", "headings", "expected"),
    [
        # A story's format or date before a pipe is no part of its headline.
        (
            ["Opinion | Reservoirs hit record low"],
            ["Reservoirs hit record low"],
            "Reservoirs hit record low",
        ),
        (["08.11.2021 | Online-Fachtag"], ["Online-Fachtag"], "Online-Fachtag"),
        (["Opinion | Reservoirs hit record low - The Courier"], [], "Reservoirs hit record low"),
        # Any other words before a pipe may be the headline, the <h1> the site's logo.
        (
            ["Tragwerksplanung | RS Ingenieure"],
            ["RS Ingenieure"],
            "Tragwerksplanung | RS Ingenieure",
        ),
    ],
)
def test_a_format_label_before_a_pipe_is_not_the_headlines(
    candidates: list[str], headings: list[str], expected: str
) -> None:
    url = "https://www.courier.example/news/a.html"
    assert choose_title(candidates, headings, ["The Courier"], url) == expected


HEADLINE = "Fares rise in April"
MENUS = frozenset({"news", "localnews", "sport", "opinion"})  # the text keys of a menu's links


@pytest.mark.parametrize(
    ("title", "h1", "expected"),
    [
        # A breadcrumb title (older CMSs): the <h1> that ends it is the headline.
        (f"Bay Gazette :: Local News :: {HEADLINE}", HEADLINE, HEADLINE),
        (f"Bay Gazette > News > {HEADLINE}", HEADLINE, HEADLINE),
        (f"Gazette | Local News | {HEADLINE}", HEADLINE, HEADLINE),
        # No breadcrumb ends with the <h1>: a logo, or a headline after a kicker.
        (f"{HEADLINE} | Local News | Bay Gazette", "Bay Gazette", HEADLINE),
        (f"Sea routes: {HEADLINE}", HEADLINE, f"Sea routes: {HEADLINE}"),
        (f"Days at sea - {HEADLINE}", HEADLINE, f"Days at sea - {HEADLINE}"),
    ],
)  # fmt: skip
def test_an_h1_that_ends_a_breadcrumb_title_is_the_headline(
    title: str, h1: str, expected: str
) -> None:
    url = "https://www.baygazette.example/a"
    assert choose_title([title], [h1], [], url, (), lambda: MENUS) == expected


@pytest.mark.parametrize(
    "title",
    [
        f"Live: Chelsea v Arsenal - Premier League - {HEADLINE}",
        f"Analysis / Ukraine / {HEADLINE}",
        f"Election 2026 > Results > {HEADLINE}",
    ],
)
def test_a_kicker_that_names_no_menu_is_no_breadcrumb(title: str) -> None:
    # Only the site's name, its section or its menus' names are crumbs.
    url = "https://www.baygazette.example/a"
    assert choose_title([title], [HEADLINE], ["Bay Gazette"], url, (), lambda: MENUS) == title
    crumbs = f"Bay Gazette / Local News / {HEADLINE}"
    assert choose_title([crumbs], [HEADLINE], ["Bay Gazette"], url, (), lambda: MENUS) == HEADLINE
    assert choose_title([crumbs], [HEADLINE], ["Bay Gazette"], url, ["Local News"]) == HEADLINE


def test_another_source_without_the_kicker_is_the_headline() -> None:
    candidates = ["Storm season: Roads close along the coast", "Roads close along the coast"]
    assert choose_title(candidates, [], [], None) == "Roads close along the coast"
    # A shorter title that is not the same headline minus a kicker does not win.
    candidates = ["Roads close along the coast", "Coast"]
    assert choose_title(candidates, [], [], None) == "Roads close along the coast"


def test_another_source_without_a_tail_naming_the_site_is_the_headline() -> None:
    # The tail's "-" has no spaces around it: no separator `strip_site` could trust.
    candidates = ["새 다리 개통-사회ㅣ항구일보", "새 다리 개통"]
    assert choose_title(candidates, [], ["항구일보"], None) == "새 다리 개통"
    # Not when the longer title goes on with words of its own, nor mid-word.
    candidates = ["Storm closes roads - more rain tonight", "Storm closes roads"]
    assert choose_title(candidates, [], ["Harbour"], None) == candidates[0]
    candidates = ["Harbourside-Harbour Times", "Harbour"]
    assert choose_title(candidates, [], ["Harbour Times"], None) == candidates[0]


def test_a_cut_off_title_gives_way_to_the_whole_one() -> None:
    candidates = ["Storm closes the coast roads for...", "Storm closes the coast roads for a week"]
    assert choose_title(candidates, [], [], None) == candidates[1]
    heads = ["Storm closes the coast roads for a week"]
    assert choose_title(["Storm closes the coast roads …"], heads, [], None) == heads[0]
    # A title that ends in dots but starts no other stays as it is.
    candidates = ["Waiting for...", "Storm closes roads"]
    assert choose_title(candidates, [], [], None) == "Waiting for..."


def test_a_site_name_glued_after_the_h1_is_cut() -> None:
    head = "短缺药品保供稳价"
    assert choose_title([f"{head}-新华网"], [head], [], None) == head
    head = "Storm closes roads"
    assert choose_title([f"{head} -- Harbour.net"], [head], [], None) == head
    # Not a tail with words of its own, nor one where no `<h1>` ends the headline.
    title = "Storm closes roads-and bridges"
    assert choose_title([title], ["Storm closes roads"], [], None) == title
    assert choose_title(["Covid-19 cases rise"], [], [], None) == "Covid-19 cases rise"
    assert choose_title(["Covid-19"], ["Covid"], [], None) == "Covid-19"
    assert choose_title(
        ["Storm closes coast roads-Harbour"], ["Storm closes coast roads"], [], None
    ) == ("Storm closes coast roads")


def test_wordpress_quote_entities_are_the_quotes_the_editor_typed() -> None:
    headline = "Mayor&#8217;s &#8220;final&#8221; budget, ‘as promised’"
    assert choose_title([headline], [], [], None) == 'Mayor\'s "final" budget, ‘as promised’'


def test_split_tags() -> None:
    assert split_tags(["Linz, Verkehr; Donau | linz"]) == ["Linz", "Verkehr", "Donau"]
    values = [
        "Linz, Verkehr",  # an item of a list is one tag
        "linz",
        "topic/Climate",
        "8f507083-bac4-423a-9015-2eb31e1bce50",
        "42",
        "Donau,",
    ]
    assert split_tags(values) == ["Linz, Verkehr", "linz", "Climate", "Donau"]


FAIR = "Fair moves to September"


@pytest.mark.parametrize(
    "title",
    [
        f"Miller County Notes | {FAIR}",
        f"Miller County Notes: {FAIR}",
        f"Miller County Notes - {FAIR}",
        f"Miller County Notes :: Local News :: {FAIR}",
        f"Miller County Notes > News > {FAIR}",
    ],
)
def test_an_h1_that_is_a_part_of_the_only_title_is_the_headline(title: str) -> None:
    # Only `<title>` (no og:title, no JSON-LD headline), a site name the host does not
    # spell, and the story's <h1> is exactly one part of it.
    url = "https://news.example.org/2026/11/fair-moves.html"
    assert choose_title([title], [FAIR], [], url, story_heads=lambda: {FAIR}) == FAIR
    # A richer source is trusted as written: "Kicker: Headline" keeps its kicker.
    assert choose_title([title], [FAIR], [], url) in (title, "Miller County Notes")


def test_a_logos_h1_that_is_a_part_of_the_only_title_is_not_the_headline() -> None:
    url = "https://news.example.org/2026/11/fair-moves.html"
    title = f"{FAIR} | Miller County Notes"
    logo = "Miller County Notes"
    assert choose_title([title], [logo], [], url, story_heads=frozenset) == FAIR
    # Nor a part that names the site, whatever the page's layout.
    sites = [logo]
    assert choose_title([title], [logo], sites, url, story_heads=lambda: {logo}) == FAIR


@pytest.mark.parametrize(
    ("title", "series", "headline"),
    [
        (
            "Rail link delayed | The Long Read | Riverside Gazette",
            "The Long Read",
            "Rail link delayed",
        ),
        ("Episode 12: The tram | Town Talk podcast", "Town Talk podcast", "Episode 12: The tram"),
    ],
)
def test_a_series_h1_gives_way_to_the_headline_another_heading_gives(
    title: str, series: str, headline: str
) -> None:
    # Only `<title>`; the <h1> names the series, an <h2> below it the story.
    url = "https://www.riverside-gazette.example/news/2026/rail"
    stories = lambda: {series, headline}  # noqa: E731
    assert choose_title([title], [series], [], url, story_heads=stories) == headline
    # With no other heading holding a part before it, the <h1> is the headline.
    assert choose_title([title], [series], [], url, story_heads=lambda: {series}) == series
