"""Headlines without the site's name around them; keywords as a clean list."""

from __future__ import annotations

import pytest

from scraper.extract.tags import split_tags
from scraper.extract.titles import choose_title, strip_site


@pytest.mark.parametrize(
    ("title", "sites", "url", "expected"),
    [
        ("Storm closes roads | CBC News", ["CBC News"], None, "Storm closes roads"),
        (
            "Storm closes roads - The Guardian",
            [],
            "https://www.theguardian.com/x",
            "Storm closes roads",
        ),
        ("VCPOST: Storm closes roads", [], "https://www.vcpost.com/x", "Storm closes roads"),
        (
            "Storm closes roads | World | Harbour Times",
            ["Harbour Times"],
            None,
            "Storm closes roads | World",
        ),
        (
            "Storm closes all roads in the north | News",
            [],
            None,
            "Storm closes all roads in the north",
        ),
        ("Ukraine: what we know - day 3", [], None, "Ukraine: what we know - day 3"),
        ("Kicker: Headline stays whole", ["Daily"], None, "Kicker: Headline stays whole"),
    ],
)
def test_strip_site(title: str, sites: list[str], url: str | None, expected: str) -> None:
    assert strip_site(title, sites, url) == expected


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


def test_another_source_without_the_kicker_is_the_headline() -> None:
    candidates = ["Storm season: Roads close along the coast", "Roads close along the coast"]
    assert choose_title(candidates, [], [], None) == "Roads close along the coast"
    # A shorter title that is not the same headline minus a kicker does not win.
    candidates = ["Roads close along the coast", "Coast"]
    assert choose_title(candidates, [], [], None) == "Roads close along the coast"


def test_split_tags() -> None:
    values = [
        "Linz, Verkehr; Donau",
        "linz",
        "topic/Climate",
        "8f507083-bac4-423a-9015-2eb31e1bce50",
        "42",
    ]
    assert split_tags(values) == ["Linz", "Verkehr", "Donau", "Climate"]
