"""Metadata on the templates of news CMSs and portals (small pages written for these
tests): Korean and Japanese stamps and zones, French and Japanese update labels."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.dates import parse_date
from scraper.extract.metadata import find_metadata
from scraper.extract.rules import default_rules
from scraper.models import Article

PARAGRAPH = "<p>{}</p>".format(
    "The council met on Tuesday and the vote went ahead as planned. " * 3
)


def page(head: str, body: str, lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Council approves the plan</title>{head}</head>'
        f"<body><article><h1>Council approves the plan</h1>{body}{PARAGRAPH * 3}"
        "</article></body></html>"
    )


def meta(html: str, url: str | None = "https://news.example.com/a/story") -> Article:
    return find_metadata(LexborHTMLParser(html), url)


def test_naver_stamps_with_seconds_in_korea_time() -> None:
    body = (
        '<span class="time" data-date-time="2024-03-12 14:05:31">2024.03.12. 오후 2:05</span>'
        '<span class="time" data-modify-date-time="2024-03-12 15:20:10">2024.03.12. 오후 3:20'
        "</span>"
    )
    found = meta(page("", body, "ko"))
    assert (found.published, found.modified) == (
        "2024-03-12T14:05:31+09:00",
        "2024-03-12T15:20:10+09:00",
    )


def test_spaced_korean_date_keeps_its_time() -> None:
    assert parse_date("2024. 3. 12. 14:05") == "2024-03-12T14:05:00"
    body = "<p>입력 2024. 3. 12. 14:05</p><p>수정 2024. 3. 12. 15:20</p>"
    found = meta(page("", body, "ko"))
    assert (found.published, found.modified) == (
        "2024-03-12T14:05:00+09:00",
        "2024-03-12T15:20:00+09:00",
    )


@pytest.mark.parametrize(
    "update",
    ["（3月12日 18:30更新）", "(2024年3月12日 18:30更新)", "（最終更新 2024年3月12日 18時30分）"],
)
def test_japanese_update_beside_the_time(update: str) -> None:
    stamp = '<time datetime="2024-03-12T14:05">2024年3月12日 14:05</time>'
    body = f"<div>{stamp}<span>{update}</span></div>"
    found = meta(page("", body, "ja"))
    assert (found.published, found.modified) == (
        "2024-03-12T14:05:00+09:00",
        "2024-03-12T18:30:00+09:00",
    )
    article = extract(page("", body, "ja"), "https://news.example.jp/a/1")
    assert "更新" not in article.text


def test_japanese_update_after_its_date_in_the_text() -> None:
    found = meta(page("", "<p>2024年3月12日 14:05（3月12日 18:30更新）</p>", "ja"))
    assert found.modified == "2024-03-12T18:30:00+09:00"


@pytest.mark.parametrize(
    ("lang", "url", "stamp", "expected"),
    [
        ("en", "https://news.example.co.kr/a/1", "2024-03-12T14:05", "2024-03-12T14:05:00+09:00"),
        ("ja", None, "2024-03-12T14:05:00Z", "2024-03-12T14:05:00+00:00"),
        ("ko", None, "2024-03-12T14:05:00-05:00", "2024-03-12T14:05:00-05:00"),
        ("ko", None, "2024-03-12", "2024-03-12"),
        ("fr", "https://news.example.fr/a/1", "2024-03-12T14:05", "2024-03-12T14:05:00"),
        ("zh", "https://news.example.cn/a/1", "2024-03-12T14:05", "2024-03-12T14:05:00+08:00"),
        ("es", "https://news.example.es/a/1", "2024-03-12T14:05", "2024-03-12T14:05:00"),
    ],
)
def test_naive_times_take_the_zone_only_of_one_zone_countries(
    lang: str, url: str | None, stamp: str, expected: str
) -> None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert meta(page(head, "", lang), url).published == expected


def test_french_modifie_le() -> None:
    line = "<p>Publié le 12 mars 2024 à 18h04, modifié le 13 mars 2024 à 09h15</p>"
    found = meta(page("", line, "fr"))
    assert (found.published, found.modified) == ("2024-03-12T18:04:00", "2024-03-13T09:15:00")


def test_french_header_line_with_reading_time_is_no_text() -> None:
    line = (
        "Par Claire Martin et Julien Bernard Publié le 12 mars 2024 à 18h04, modifié le"
        " 13 mars 2024 à 09h15 Temps de Lecture 3 min."
    )
    rules = default_rules()
    assert rules.line_rule(line, 0.0, after_article=False) == "byline"
    sentence = "Par Claire Martin published a book in 2019 about 3 things."
    assert rules.line_rule(sentence, 0.0, after_article=False) is None


def yoast(sections: str, crumb: str) -> str:
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"Council'
        f' approves the plan","articleSection":{sections}}},{{"@type":"BreadcrumbList",'
        '"itemListElement":[{"@type":"ListItem","position":1,"name":"Home"},{"@type":'
        f'"ListItem","position":2,"name":"{crumb}"}},{{"@type":"ListItem","position":3,'
        '"name":"Council approves the plan"}]}]}'
    )
    return page(f'<script type="application/ld+json">{graph}</script>', "")


@pytest.mark.parametrize(
    ("sections", "crumb", "expected"),
    [
        ('["Featured","Local News"]', "Local News", "Local News"),
        ('["Breaking News","Featured","Local News"]', "Local News", "Local News"),
        ('["Local News"]', "Local News", "Local News"),
        ('["Politics","Schools"]', "Elsewhere", "Politics"),  # no crumb names one: the first
        ('["Uncategorized"]', "Uncategorized", None),
        ('["Uncategorized","Schools"]', "Schools", "Schools"),
    ],
)
def test_yoast_primary_category(sections: str, crumb: str, expected: str | None) -> None:
    assert meta(yoast(sections, crumb)).section == expected


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("Council approves the plan &#8211; The Lakeside Gazette", "The Lakeside Gazette"),
        ("Council approves the plan | Riverbend Times", "Riverbend Times"),
        ("Council approves the plan|Politics|Local_Sina News", "Sina News"),
        ("Council approves the plan: what it means", None),  # a subtitle, not a site
        ("Council approves the plan", None),
        # What the page is, where the site's name goes, is no site's name.
        ("Council approves the plan - Analysis", None),
        ("Council approves the plan – Q&A", None),
        ("Council approves the plan | Live updates", None),
    ],
)
def test_site_name_from_the_title(title: str, site: str | None) -> None:
    html = page("", "").replace(
        "<title>Council approves the plan</title>", f"<title>{title}</title>"
    )
    found = meta(html)
    assert (found.title, found.site_name) == ("Council approves the plan", site)


def test_author_in_the_title_is_no_site_name_unless_the_host_is_theirs() -> None:
    html = page("", '<p class="byline">By Jane Doe</p>').replace(
        "plan</title>", "plan - Jane Doe</title>"
    )
    assert meta(html).site_name is None
    assert meta(html, "https://janedoe.example/2024/plan").site_name == "Jane Doe"


@pytest.mark.parametrize(
    ("suffix", "site"),
    [
        ("John Smith", None),  # no byline names them: shaped as a person's name
        ("Ann K. Lee", None),
        ("Riverbend Times", "Riverbend Times"),  # a medium's word
        ("Sky News", "Sky News"),
        ("Jamaica Gleaner", "Jamaica Gleaner"),  # names the host (jamaica-gleaner.example)
        ("Schwarzwaldbote Online", "Schwarzwaldbote Online"),  # longer than names
    ],
)
def test_a_name_in_the_title_without_a_byline_is_no_site_name(suffix: str, site: str) -> None:
    html = page("", "").replace("plan</title>", f"plan - {suffix}</title>")
    assert meta(html, "https://jamaica-gleaner.example/2024/plan").site_name == site


def test_site_name_from_json_ld_website() -> None:
    block = '{"@type":"WebSite","name":"Riverbend Times","url":"https://riverbend.example/"}'
    html = page(f'<script type="application/ld+json">{block}</script>', "")
    assert meta(html).site_name == "Riverbend Times"


@pytest.mark.parametrize(
    "figure",
    [
        '<div class="post-thumbnail"><img class="wp-post-image" src="/up/lib.jpg"></div>',
        '<div class="field field--name-field-image"><img src="/up/lib.jpg"></div>',
        '<figure><img src="/up/lib.jpg"><figcaption>The library.</figcaption></figure>',
    ],
)
def test_featured_image_without_og_image(figure: str) -> None:
    assert meta(page("", figure)).image == "https://news.example.com/up/lib.jpg"
    og = '<meta property="og:image" content="https://cdn.example.com/og.jpg">'
    assert meta(page(og, figure)).image == "https://cdn.example.com/og.jpg"


NEXT_DATA = {
    "props": {
        "pageProps": {
            "article": {
                "headline": "Council approves the plan",
                "section": {"name": "Local", "slug": "local"},
                "authors": [{"name": "Daniel Okafor", "title": "City Reporter"}],
                "publishedAt": "2024-09-04T13:00:00.000Z",
                "updatedAt": "2024-09-04T15:20:00.000Z",
                "tags": [{"name": "Transit"}, {"name": "Budget"}],
                "related": [{"title": "Another story entirely", "publishedAt": "2020-01-01"}],
            },
            "navigation": {"title": "Home", "publishedAt": "2024-09-05"},
        }
    }
}


def test_next_data_article_metadata() -> None:
    data = json.dumps(NEXT_DATA)
    head = f'<script id="__NEXT_DATA__" type="application/json">{data}</script>'
    found = meta(page(head, ""))
    assert found.authors == ["Daniel Okafor"]
    assert (found.published, found.modified) == (
        "2024-09-04T13:00:00+00:00",
        "2024-09-04T15:20:00+00:00",
    )
    assert (found.section, found.tags) == ("Local", ["Transit", "Budget"])


def test_next_data_of_another_story_is_not_read() -> None:
    data = json.dumps(NEXT_DATA).replace("Council approves the plan", "Another headline here")
    head = f'<script id="__NEXT_DATA__" type="application/json">{data}</script>'
    found = meta(page(head, ""))
    assert (found.authors, found.published, found.section) == ([], None, None)


def test_next_data_of_an_earlier_story_the_headline_extends_is_not_read() -> None:
    """A follow-up's headline holds the story it follows, which its data lists with more
    fields: only the object titled as the page is gives the metadata."""
    this = {"title": "Council approves the plan: what it means for you", "authors": ["Ann Lee"]}
    this["publishedAt"] = "2024-09-04T13:00:00Z"
    earlier = {**NEXT_DATA["props"]["pageProps"]["article"]}  # type: ignore[index]
    data = json.dumps({"props": {"pageProps": {"article": this, "related": [earlier]}}})
    html = page(f'<script id="__NEXT_DATA__" type="application/json">{data}</script>', "")
    html = html.replace("Council approves the plan<", f"{this['title']}<")
    found = meta(html)
    assert (found.authors, found.published) == (["Ann Lee"], "2024-09-04T13:00:00+00:00")
    assert (found.section, found.tags) == (None, [])
    # The site's name after the title does not hide the page's object.
    html = html.replace(f"{this['title']}</title>", f"{this['title']} | Harbour News</title>")
    assert meta(html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")).authors == ["Ann Lee"]


@pytest.mark.parametrize(
    ("body", "section"),
    [
        # WordPress's block themes: categories and tags both rel="tag"
        (
            '<div class="taxonomy-category wp-block-post-terms"><a href="/category/news/"'
            ' rel="tag">News</a></div><div class="taxonomy-post_tag wp-block-post-terms">'
            '<a href="/tag/ferries/" rel="tag">ferries</a></div>',
            "News",
        ),
        (  # Squarespace
            '<div class="blog-meta-item--categories"><a class="blog-item-category"'
            ' href="/blog?category=News">News</a></div>',
            "News",
        ),
        ('<a class="blog-category-link" href="/blog-categories/news">News</a>', "News"),
        # A menu of the site's categories, a post's tag list, German WordPress's default
        (
            '<ul class="menu"><li><a class="category_link" href="/?c=mode">mode</a></li></ul>',
            None,
        ),
        ('<ul><li><a class="p-category" href="/categories/linux/">linux</a></li></ul>', None),
        ('<span class="cat-links"><a href="/c/a" rel="category tag">Allgemein</a></span>', None),
    ],
)
def test_a_category_linked_beside_the_headline_is_the_section(
    body: str, section: str | None
) -> None:
    found = meta(page("", body))
    assert (found.section, "News" in found.tags) == (section, False)
