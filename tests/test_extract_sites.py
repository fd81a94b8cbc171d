"""Per-site rules: reading them (every mistake named), finding a page's rule, and what a
rule changes in the extraction, and nothing else."""

from __future__ import annotations

import pickle
import re
import sys

import pytest

from scraper import SiteRules, SiteRulesError, extract
from scraper.extract_pool import WithSiteRules, revision_of

URL = "https://www.harbourtimes.example/2024/05/ferry.html"

LEAD = (
    "The ferry between the two islands will run every hour from June, the operator said on"
    " Tuesday, after a winter in which crossings were cut to four a day."
)
SECOND = (
    "Residents had asked for more crossings for years. The council, which pays part of the"
    " cost, agreed to the new timetable at its meeting last week without a vote against it."
)
BOX = (
    "Get the Harbour Times morning briefing: the day's news from the islands in your inbox"
    " before breakfast, every weekday."
)
ASIDE = (
    "Our reporters have covered the islands since 1921, and we rely on readers like you to"
    " keep doing it: become a member today and read without limits."
)

PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry to run every hour from June | Harbour Times</title>
<meta property="og:title" content="Hourly ferry from June">
<meta property="og:site_name" content="Harbour Times">
<meta name="keywords" content="ferry, islands, transport, harbour times">
<script type="application/ld+json">{{"@type": "NewsArticle",
 "headline": "Ferry to run every hour from June, operator says",
 "author": {{"@type": "Organization", "name": "Harbour Times"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1 class="headline">Ferry to run every hour from June</h1>
<p class="credit">Reporting by <span class="who">Mara Quill</span> and
  <span class="who">Ed Fenn</span></p>
<div class="story">
<p>{LEAD}</p>
<div class="briefing"><p>{BOX}</p></div>
<p>{SECOND}</p>
</div>
<div class="members"><p>{ASIDE}</p></div>
<ul class="topics"><li><a href="/t/ferry">Ferries</a></li><li><a href="/t/isl">Islands</a></li></ul>
</body></html>"""


def rules(text: str) -> SiteRules:
    return SiteRules.parse(f'[[site]]\nhosts = ["harbourtimes.example"]\n{text}')


def test_without_a_rule_the_general_choices_stand() -> None:
    # The baseline each test below changes one thing of.
    article = extract(PAGE, URL)
    assert article.title == "Ferry to run every hour from June, operator says"
    assert article.authors == ["Mara Quill", "Ed Fenn"]
    assert article.tags == ["ferry", "islands", "transport", "harbour times"]
    assert BOX in article.text and LEAD in article.text


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("json-ld", "Ferry to run every hour from June, operator says"),
        ("og:title", "Hourly ferry from June"),
        ("h1.headline", "Ferry to run every hour from June"),
        ("title", "Ferry to run every hour from June"),  # the site's name is cut, as always
        ("h2.missing", "Ferry to run every hour from June, operator says"),  # passed over
    ],
)
def test_a_rule_says_where_the_title_is(source: str, title: str) -> None:
    assert extract(PAGE, URL, sites=rules(f'title = "{source}"')).title == title


def test_a_rules_authors_and_tags_are_the_elements_it_names() -> None:
    sites = rules('authors = ".credit .who:last-child"\ntags = ".topics a"')
    article = extract(PAGE, URL, sites=sites)
    assert article.authors == ["Ed Fenn"]
    assert article.tags == ["Ferries", "Islands"]


@pytest.mark.parametrize(
    ("element", "published"),
    [
        ('<time class="first" datetime="2024-05-02T07:15:00+01:00">2 May</time>',
         "2024-05-02T07:15:00+01:00"),
        ('<meta class="first" content="2024-05-02">', "2024-05-02"),
        ('<span class="first">Published 2 May 2024, 07:15</span>', "2024-05-02T07:15:00"),
        ('<span class="first">yesterday</span>', "2024-05-03T09:00:00+00:00"),  # passed over
    ],
)  # fmt: skip
def test_a_rule_says_where_the_first_publication_date_is(element: str, published: str) -> None:
    # The page's metadata gives the last update as its date; the site prints the first.
    page = PAGE.replace(
        "</head>",
        '<meta property="article:published_time" content="2024-05-03T09:00:00+00:00"></head>',
    ).replace('<div class="story">', f'{element}<div class="story">')
    assert extract(page, URL).published == "2024-05-03T09:00:00+00:00"
    assert extract(page, URL, sites=rules('published = ".first"')).published == published


def test_a_rules_body_is_read_from_its_elements_only_and_still_cleaned() -> None:
    page = PAGE.replace(
        f"<p>{SECOND}</p>", f'<p>{SECOND}</p><div class="share">Share on Facebook</div>'
    )
    article = extract(page, URL, sites=rules('body = "div.story"'))
    assert article.text == f"{LEAD}\n\n{BOX}\n\n{SECOND}"  # no sidebar; no share bar


def test_a_rules_drops_go_and_explain_names_the_selector() -> None:
    article = extract(PAGE, URL, sites=rules('drop = [".briefing", ".members"]'), explain=True)
    assert BOX not in article.text and ASIDE not in article.text and SECOND in article.text
    assert [(r.rule, r.text) for r in article.removed[:2]] == [
        ("site: .briefing", BOX),
        ("site: .members", ASIDE),
    ]


def test_a_drop_that_matches_nested_elements_removes_each_once() -> None:
    # The outer match frees the inner one: removing it again would touch freed memory.
    page = PAGE.replace(f"<p>{BOX}</p>", f'<div class="briefing"><p>{BOX}</p></div>')
    article = extract(page, URL, sites=rules('drop = [".briefing", "div.briefing p"]'))
    assert BOX not in article.text and LEAD in article.text


def test_a_body_selector_that_matches_nothing_leaves_the_page_to_the_general_rules() -> None:
    # A redesign must make the site read as any other, not empty.
    ruled = extract(PAGE, URL, sites=rules('body = "div.story-body"'))
    assert ruled.text == extract(PAGE, URL).text


def test_a_body_given_by_nested_elements_is_read_once() -> None:
    article = extract(PAGE, URL, sites=rules('body = "div.story, div.story p"'))
    assert article.text.count(LEAD) == 1


def test_a_rule_applies_to_its_hosts_and_their_subdomains_only() -> None:
    site = rules('title = "og:title"')
    ruled = "Hourly ferry from June"
    for url in ("https://harbourtimes.example/a", "https://m.harbourtimes.example:8443/a"):
        assert extract(PAGE, url, sites=site).title == ruled
    for other in ("https://notharbourtimes.example/a", "https://harbourtimes.example.org/", None):
        assert extract(PAGE, other, sites=site).title != ruled


def test_a_rules_host_matches_in_either_spelling_of_an_international_name() -> None:
    # A run's URLs are normalised ("xn--…"); a user writes the name as it reads.
    site = SiteRules.parse('[[site]]\nhosts = ["Bücher.Example"]\ntitle = "h1"')
    assert site.rules[0].hosts == ("xn--bcher-kva.example",)
    for url in ("https://xn--bcher-kva.example/a", "https://www.bücher.example/a"):
        assert site.for_url(url) is site.rules[0]


def test_a_rule_with_paths_takes_the_pages_under_them_the_longest_path_first() -> None:
    site = SiteRules.parse(
        '[[site]]\nhosts = ["a.example"]\ntitle = "h1"\n'
        '[[site]]\nhosts = ["a.example"]\npaths = ["/live/", "/blogs/live/"]\nbody = "ol"\n'
        '[[site]]\nhosts = ["a.example"]\npaths = "/blogs/"\ndrop = "aside"\n'
        '[[site]]\nhosts = ["b.a.example"]\npaths = ["/video/"]\ntitle = "og:title"\n'
    )
    whole, live, blogs, video = site.rules
    assert site.for_url("https://a.example/news/1") is whole
    assert site.for_url("https://a.example/live/2") is live
    assert site.for_url("https://a.example/blogs/live/3") is live  # the longer path
    assert site.for_url("https://a.example/blogs/4") is blogs
    assert site.for_url("https://b.a.example/video/5") is video
    assert site.for_url("https://b.a.example/news/6") is whole  # not under its paths: the parent's
    assert site.for_url("https://a.example") is whole


def test_the_nearest_hosts_rule_wins() -> None:
    site = SiteRules.parse(
        '[[site]]\nhosts = ["harbourtimes.example"]\ntitle = "og:title"\n'
        '[[site]]\nhosts = ["sport.harbourtimes.example"]\ntitle = "h1"\n'
    )
    assert site.for_url("https://sport.harbourtimes.example/x") is site.rules[1]
    assert site.for_url("https://live.sport.harbourtimes.example/x") is site.rules[1]
    assert site.for_url("https://www.harbourtimes.example/x") is site.rules[0]
    assert site.for_url("not a url") is None and site.for_url("http://[::1") is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[[site]\n", "not TOML"),
        ('title = "h1"', "unknown key 'title': rules are [[site]] tables"),
        ('site = "x"', "write [[site]]"),
        ('[[site]]\ntitle = "h1"', "site 1: `hosts` must list"),
        ('[[site]]\nhosts = ["a.example"]\nheadline = "h1"', "site 1 (a.example): unknown key"),
        ('[[site]]\nhosts = ["https://a.example/"]', "is not a host name"),
        ('[[site]]\nhosts = ["a.example"]\nbody = "div["', "`body`: 'div[' is not a CSS"),
        ('[[site]]\nhosts = ["a.example"]\ntitle = "og:titel"', "or one of json-ld, og:title"),
        ('[[site]]\nhosts = ["a.example"]\ndrop = [".ok", ""]', "`drop` must be a CSS"),
        ('[[site]]\nhosts = ["a.example"]\ndrop = 3', "`drop` must be a list"),
        ('[[site]]\nhosts = ["a.example"]\n[[site]]\nhosts = ["A.example"]', "two rules"),
        ('[[site]]\nhosts = ["a.example"]\npaths = ["news/"]', "paths that start with /"),
        (
            '[[site]]\nhosts = ["a.example"]\npaths = "/x/"\n[[site]]\nhosts = "a.example"\n'
            'paths = "/x/"',
            "'a.example/x/' has two rules",
        ),
    ],
)
def test_every_mistake_in_a_rules_file_is_named(text: str, error: str) -> None:
    with pytest.raises(SiteRulesError, match=re.escape(error)):
        SiteRules.parse(text)


def test_single_values_may_stand_for_lists() -> None:
    site = SiteRules.parse('[[site]]\nhosts = "A.Example."\ndrop = ".ad"')
    assert site.rules[0].hosts == ("a.example",) and site.rules[0].drop == (".ad",)
    assert not SiteRules.parse("") and SiteRules.parse("") == SiteRules()


def test_a_rules_revision_follows_what_it_says_not_how_it_is_written() -> None:
    revision = sys.modules["scraper.extract"].revision
    one = rules('title = "og:title"').rules[0]
    same = SiteRules.parse(
        '# the same rule\n[[site]]\ntitle = "og:title"\nhosts = "harbourtimes.example"'
    ).rules[0]
    other = rules('title = "h1"').rules[0]
    assert revision(one) == revision(same) == f"{revision()}+{one.digest}"
    assert revision(other) != revision(one)


def test_a_worker_runs_the_rules_and_records_their_revision() -> None:
    site = rules('title = "og:title"')
    extractor = pickle.loads(pickle.dumps(WithSiteRules(site)))  # (as a worker gets it)
    assert extractor(PAGE.encode(), URL, content_type=None).title == "Hourly ferry from June"
    revision = sys.modules["scraper.extract"].revision
    assert revision_of(extractor, URL) == revision(site.rules[0])
    assert revision_of(extractor, "https://elsewhere.example/") == revision()
