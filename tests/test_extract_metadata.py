"""find_metadata on pages written for these tests (tests/pages/meta_*.html, vcpost-*.html)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.decode import decode_html
from scraper.extract.metadata import find_metadata
from scraper.models import Article

PAGES = Path(__file__).parent / "pages"
VCPOST_TITLE = (
    "North Korea's Foreign Minister Visits Russia Amid Growing Concern Over an Alleged Arms Deal"
)


def read(name: str, url: str | None = "https://news.example.com/a/story.html") -> Article:
    return find_metadata(LexborHTMLParser((PAGES / name).read_text("utf-8")), url)


def from_html(html: str, url: str | None = None) -> Article:
    return find_metadata(LexborHTMLParser(html), url)


@pytest.mark.parametrize(
    "name",
    ["vcpost-semantic.html", "vcpost-divsoup.html", "meta_divsoup.html", "meta_divsoup_h1.html"],
)
@pytest.mark.parametrize("url", [None, "https://www.vcpost.com/articles/x.htm"])
def test_vcpost_seed_from_semantic_and_soup_pages(name: str, url: str | None) -> None:
    article = read(name, url)
    assert article.title == VCPOST_TITLE
    assert article.authors == ["Jace Dela Cruz"]
    assert article.published == "2024-01-16T05:06:00-05:00"
    assert article.language == "en"


def test_jsonld_graph_with_comment_wrapper_and_trailing_comma() -> None:
    article = read("meta_jsonld_graph.html")
    assert article == Article(
        url="https://news.example.com/a/story.html",
        canonical_url=None,
        title="Neue Brücke über die Donau eröffnet",
        headline="Neue Brücke über die Donau eröffnet",
        authors=["Anna Huber", "Max Gruber"],
        published="2024-03-05T09:30:00+01:00",
        modified="2024-03-05T11:02:00+01:00",
        language="de",
        site_name="Linzer Rundschau",
        section="Lokales",
        tags=["Linz", "Verkehr", "Brücken"],
        image="https://news.example.com/bilder/bruecke.jpg",
        description="Nach vier Jahren Bauzeit rollt der Verkehr.",
    )


def test_half_an_emoji_escaped_in_json_ld_is_a_replacement_character() -> None:
    # A CMS cut a headline's emoji in two and escaped the half ("\\ud83d"): decoded as
    # is, it could be neither stored nor printed, and the story was never archived.
    ld = (
        '{"@type": "NewsArticle", "headline": "Fans cheer \\ud83d", "author": {"name":'
        ' "Jane Roe \\udc4f"}, "keywords": "derby, \\ud83c\\udfc6 cup", "description":'
        ' "Goal \\ud83d\\ude00 at last \\ud83d"}'
    )
    body = "<p>" + "The home side won the derby in the last minute of the game. " * 8 + "</p>"
    article = extract(f'<script type="application/ld+json">{ld}</script><article>{body}</article>')
    assert article.title == "Fans cheer \ufffd"
    assert article.authors == ["Jane Roe \ufffd"]
    assert article.tags == ["derby", "\U0001f3c6 cup"]  # a whole pair is the emoji
    assert article.description == "Goal \U0001f600 at last \ufffd"
    json.dumps(article.to_dict(), ensure_ascii=False).encode()  # (raised before)


def test_opengraph_and_article_meta() -> None:
    article = read("meta_opengraph.html")
    assert article.title == "Storm closes ferry routes for second day"
    assert article.canonical_url == "https://news.example.com/news/storm-ferries"
    assert article.authors == ["Ruth Okafor", "Tom Lee"]  # not the article:author URL
    assert article.published == "2024-11-02T07:15:00+00:00"
    assert article.modified == "2024-11-02T18:40:00+00:00"
    assert article.tags == ["Weather", "Ferries"]
    assert article.section == "Local"
    assert article.language == "en"
    assert article.image == "https://cdn.harbour.example/storm.jpg"


def test_visible_german_byline_and_dateline_under_the_headline() -> None:
    article = read("meta_byline_de.html")
    assert article.title == "Stadtrat beschließt neuen Radweg"
    assert article.authors == ["Jana Köhler", "Paul Weber"]
    assert article.published == "2024-01-16T10:45:00"  # the nav's 01.01.2020 is above the h1
    assert article.language == "de"


def test_published_and_modified_are_not_mixed_up() -> None:
    article = from_html(
        '<meta property="article:modified_time" content="2024-02-01T08:00:00Z">'
        '<meta property="article:published_time" content="2024-01-31T08:00:00Z">'
    )
    assert (article.published, article.modified) == (
        "2024-01-31T08:00:00+00:00",
        "2024-02-01T08:00:00+00:00",
    )


def test_bare_date_gives_way_to_a_time_on_the_same_day() -> None:
    article = from_html(
        '<script type="application/ld+json">{"@type": "Article", "datePublished": "2024-01-31"}'
        '</script><meta name="parsely-pub-date" content="2024-01-31T06:30:00-05:00">'
    )
    assert article.published == "2024-01-31T06:30:00-05:00"


def test_dates_in_scripts_are_not_datelines() -> None:
    article = from_html(
        '<body><script>var built = "Jan 1, 2020 10:00 AM";</script>'
        "<div>Storm closes roads in the north</div><div>By Jane Doe</div>"
        "<div>Jan 16, 2024 05:06 AM EST</div></body>"
    )
    assert article.title == "Storm closes roads in the north"
    assert article.published == "2024-01-16T05:06:00-05:00"


def test_dateline_under_a_lesser_heading_that_shows_the_title() -> None:
    # No <h1>; the story's own element is too long to be the headline's neighbourhood.
    story = "<p>" + "Der Gemeinderat tagte bis spät in die Nacht. " * 120 + "</p>"
    article = from_html(
        '<meta property="og:title" content="Neue Fähre für den Hafen">'
        "<nav>Wetter 09.01.2020 Verkehr</nav><div class='module'>"
        "<h3><span>Hafen</span> <span>Neue Fähre für den Hafen</span></h3>"
        f"<div class='line'>Mi 24.04.24 | 09:15 Uhr | Lokales</div>{story}</div>"
    )
    assert article.published == "2024-04-24T09:15:00"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated Jan 17, 2024 9:00 AM | Published Jan 16, 2024 7:30 AM", "2024-01-16T07:30:00"),
        ("Aktualisiert am 17.01.2024 | Erstellt am 16.01.2024", "2024-01-16"),
        ("Updated Jan 17, 2024", "2024-01-17"),  # the only date there is
        ("Обновлено 17 января 2024, 09:10 Опубликовано 16 января 2024", "2024-01-16"),
        ("Güncelleme: 17.01.2024 09:10 Yayınlanma: 16.01.2024 14:35", "2024-01-16T14:35:00"),
        ("Aktualizacja: 17.01.2024 Publikacja: 16.01.2024", "2024-01-16"),
        ("Diperbarui 17 Januari 2024 Diterbitkan 16 Januari 2024", "2024-01-16"),
    ],
)
def test_visible_published_date_beats_the_update_before_it(line: str, expected: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><p class='meta'>{line}</p>")
    assert article.published == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Updated Jan 17, 2024 9:00 AM | Published Jan 16, 2024 7:30 AM",
            ("2024-01-16T07:30:00", "2024-01-17T09:00:00"),
        ),
        (
            "Published March 3, 2024 at 5:06 p.m. ET | Updated March 4, 2024 at 9:12 a.m. ET",
            ("2024-03-03T17:06:00-05:00", "2024-03-04T09:12:00-05:00"),
        ),
        ("Erstellt am 16.01.2024 | Aktualisiert am 17.01.2024", ("2024-01-16", "2024-01-17")),
        # No other date: the modified date, and the story's own as far as the page says.
        ("Updated Jan 17, 2024", ("2024-01-17", "2024-01-17")),
        ("Published Jan 16, 2024", ("2024-01-16", None)),
    ],
)
def test_a_visible_update_beside_the_dateline_is_the_modified_date(
    line: str, expected: tuple[str, str | None]
) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><p class='meta'>{line}</p>")
    assert (article.published, article.modified) == expected


@pytest.mark.parametrize(
    "times",
    [
        # A label before each <time>, the update first.
        '<span>Updated <time datetime="2024-03-04T09:12:00-05:00">March 4</time></span> · '
        '<span>Published <time datetime="2024-03-03T17:06:00-05:00">March 3</time></span>',
        '<span class="label">Updated:</span> <time datetime="2024-03-04T09:12:00-05:00">'
        'March 4</time> <time datetime="2024-03-03T17:06:00-05:00">March 3</time>',
        # hAtom, as WordPress themes print it.
        '<time class="updated" datetime="2024-03-04T09:12:00-05:00">March 4</time>'
        '<time class="entry-date published" datetime="2024-03-03T17:06:00-05:00">March 3</time>',
    ],
)
def test_a_time_labelled_as_an_update_is_the_modified_date(times: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><div>{times}</div>")
    assert (article.published, article.modified) == (
        "2024-03-03T17:06:00-05:00",
        "2024-03-04T09:12:00-05:00",
    )


@pytest.mark.parametrize(
    "footer",
    [
        # Blogger's classic layouts: the time of day, the ISO date in the title.
        'Posted at <abbr class="published" itemprop="datePublished" title="{w}">7:45 AM</abbr>',
        'Posted at <abbr class="published" title="{w}">7:45 AM</abbr>',
        '<span class="published updated" title="{w}">November 24, 2026</span>',
    ],
)
def test_an_hatom_date_in_a_title_is_the_published_date(footer: str) -> None:
    when = "2026-11-24T07:45:00-06:00"
    article = from_html(f"<h1>Fair moves</h1><div>{footer.format(w=when)}</div>")
    assert article.published == when
    # A title that is no date is not read as one (the text's day may be).
    article = from_html(f"<h1>Fair moves</h1><div>{footer.format(w='Posted today')}</div>")
    assert article.published in (None, "2026-11-24")


def test_a_time_classed_published_and_updated_is_the_published_date() -> None:
    # WordPress marks the one <time> of a story never updated with both classes.
    article = from_html(
        '<time class="entry-date published updated" datetime="2024-03-03T17:06:00-05:00">'
        "March 3</time>"
    )
    assert (article.published, article.modified) == ("2024-03-03T17:06:00-05:00", None)


def test_an_update_is_the_published_date_when_the_page_gives_no_other() -> None:
    article = from_html(
        '<p>Updated <time datetime="2024-03-04T09:12:00-05:00">March 4, 2024</time></p>'
    )
    assert article.published == "2024-03-04T09:12:00-05:00"


@pytest.mark.parametrize(
    ("lang", "url", "expected"),
    [
        # The United States write the month first; most of the world the day.
        ("en-US", None, "2024-03-04T17:06:00-05:00"),
        ("en-GB", None, "2024-04-03T17:06:00-04:00"),
        ("de", None, "2024-04-03T17:06:00-04:00"),
        # Undecided by the language, decided by the date in the address.
        ("en", "https://news.example/2024/03/04/story", "2024-03-04T17:06:00-05:00"),
        ("en", "https://news.example/2024/04/03/story", "2024-04-03T17:06:00-04:00"),
    ],
)
def test_a_numeric_dateline_is_read_as_the_page_writes_dates(
    lang: str, url: str | None, expected: str
) -> None:
    article = from_html(
        f"<html lang='{lang}'><h1>Storm closes ferry routes</h1>"
        "<p class='byline'>By Jane Doe | Published 3/4/2024 5:06 p.m. ET</p></html>",
        url,
    )
    assert article.published == expected


def test_url_date_is_the_last_resort() -> None:
    article = from_html("<p>Nothing dated here.</p>", "https://example.com/2023/05/09/story")
    assert article.published == "2023-05-09"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ('"Jane Doe"', ["Jane Doe"]),
        ('{"@type": "Person", "name": "By Jane Doe"}', ["Jane Doe"]),
        (
            '[{"name": "Jane Doe"}, {"name": "John Roe"}, {"name": "jane doe"}]',
            ["Jane Doe", "John Roe"],
        ),
        ('"Jane Doe and John Roe"', ["Jane Doe", "John Roe"]),
        ('{"@type": "Person", "url": "https://example.com/author/jane"}', []),
        ('{"@type": "Person", "givenName": "Jane", "familyName": "Doe"}', ["Jane Doe"]),
        ('{"@type": "Person", "name": ["Jane Doe", "John Roe"]}', ["Jane Doe", "John Roe"]),
    ],
)
def test_jsonld_author_shapes(author: str, expected: list[str]) -> None:
    ld = f'{{"@type": "NewsArticle", "author": {author}}}'
    html = f'<script type="application/ld+json">{ld}</script>'
    assert from_html(html).authors == expected


def test_jsonld_author_given_by_id_is_looked_up() -> None:
    ld = (
        '{"@graph": [{"@type": "Article", "author": {"@id": "#p1"}, "publisher": {"@id": "#o"}},'
        ' {"@type": "Person", "@id": "#p1", "name": "Jane Doe"},'
        ' {"@type": "Organization", "@id": "#o", "name": "Harbour Times"}]}'
    )
    article = from_html(f'<script type="application/ld+json">{ld}</script>')
    assert (article.authors, article.site_name) == (["Jane Doe"], "Harbour Times")


def test_publication_named_as_author_gives_way_to_a_person() -> None:
    article = from_html(
        '<meta property="og:site_name" content="Harbour Times">'
        '<meta name="author" content="Harbour Times">'
        "<h1>Storm closes ferry routes</h1><div class='byline'>By Ruth Okafor</div>"
    )
    assert article.authors == ["Ruth Okafor"]


def test_publication_in_jsonld_gives_way_to_a_person_in_a_meta_tag() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Harbour Times"}}'
    article = from_html(
        '<meta property="og:site_name" content="Harbour Times">'
        f'<script type="application/ld+json">{ld}</script>'
        '<meta name="author" content="Harbour Times"><meta name="author" content="Ruth Okafor">'
    )
    assert article.authors == ["Ruth Okafor"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            "<h2>筆者プロフィール</h2><a href='/r/1'>山田太郎</a><button>フォロー</button>",
            ["山田太郎"],
        ),
        ("<span>김민수 기자</span><button>구독</button>", ["김민수"]),
        ("<span>记者</span> <span>王小明</span><a>关注</a>", ["王小明"]),
    ],
)
def test_visible_cjk_byline_without_its_buttons(byline: str, expected: list[str]) -> None:
    article = from_html(f"<h1>港の新しい橋が開通</h1><div class='author-box'>{byline}</div>")
    assert article.authors == expected


@pytest.mark.parametrize(
    "box",
    [
        "<a href='/a/jd'>Jane Doe</a><button>Follow</button><a href='/a/jd'>See all</a>",
        "<a>Jane Doe</a><a>View profile</a><span>More from this author</span>",
        "<span>Jane Doe</span><a>Alle Artikel</a>",
        "<p>Jane Doe</p><p>Jane Doe is a reporter who covers the harbour.</p>",
    ],
)
def test_visible_byline_without_its_links_and_bio(box: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><div class='author-box'>{box}</div>")
    assert article.authors == ["Jane Doe"]


@pytest.mark.parametrize(
    "line",
    [
        "By <a href='/author/roe'>Jane Roe</a> and <a href='/author/doe'>John Doe</a>",
        "<a rel='author' href='/p/roe'>Jane Roe</a>, <a rel='author' href='/p/doe'>John Doe</a>",
        "Von <a href='/author/roe'>Jane Roe</a> und <a href='/author/doe'>John Doe</a>",
    ],
)
def test_every_linked_name_of_a_byline_is_an_author(line: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><div>{line}</div><p>Text.</p>")
    assert article.authors == ["Jane Roe", "John Doe"]


def test_commenters_are_not_the_author() -> None:
    comments = "".join(
        f"<li class='comment'><div class='comment-author'><cite>{name}</cite>"
        "<span class='says'>sagt:</span></div><p>Toller Artikel, danke dafür!</p></li>"
        for name in ("Kersti Wolnow", "Harm Otten")
    )
    article = from_html(f"<h1>Storm closes ferry routes</h1><ol id='comments'>{comments}</ol>")
    assert article.authors == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Ruth Okafor", ["Ruth Okafor"]),
        ("Von Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Autor*in: Ursula Roe", ["Ursula Roe"]),  # German's gender-inclusive forms
        ("Autor/in Ursula Roe", ["Ursula Roe"]),
        ("von Rubrik Sport in Wien", []),  # a sentence cut at a link, not a byline
        ("by the harbour master and the ferry crews", []),
        # A label alone, the names below it.
        ("<strong>Autorin/Autor</strong><br>Ruth Okafor", ["Ruth Okafor"]),
        ("<b>Authors</b><br>Ruth Okafor and Jan Roe", ["Ruth Okafor", "Jan Roe"]),
        ("Authors of the report said the ferry crews had warned them", []),
        ("Written by Ruth Okafor", ["Ruth Okafor"]),
        ("By Ruth Okafor and Jan Roe, Reuters", ["Ruth Okafor", "Jan Roe"]),  # their agency
        # The date a blog's or Drupal's byline runs on, or starts with.
        ("Submitted by Ruth Okafor", ["Ruth Okafor"]),
        ("Posted by Ruth Okafor on June 18, 2024", ["Ruth Okafor"]),
        ("Posted on June 18, 2024 by Ruth Okafor", ["Ruth Okafor"]),
        ("Published June 18, 2024 by Ruth Okafor", ["Ruth Okafor"]),
        (
            "Submitted by <span>Ruth Okafor</span> on <span>Tue, 06/18/2024 - 16:45</span>",
            ["Ruth Okafor"],
        ),
        ("By Ruth Okafor, Harbour", ["Ruth Okafor"]),  # a place, not an agency
        ("Ein Artikel von Ruth Okafor | 27.01.2022", ["Ruth Okafor"]),
        # Each name a link of its own: the lines after the label, while a comma joins them.
        (
            "Von: <a href='/a'>Ruth Okafor</a> , <a href='/b'>Jan Roe</a>",
            ["Ruth Okafor", "Jan Roe"],
        ),
        ("By <a href='/a'>Ruth Okafor</a><br><b>Harbour News</b>", ["Ruth Okafor"]),
        ("Ein Artikel von gestern erklärt den Plan", []),
        ("Story by Ruth Okafor and Jan Roe", ["Ruth Okafor", "Jan Roe"]),
        ("Written by hand, the notes were left at the ferry office", []),
        # Italian, Swedish and Danish labels, at the start of a line capitalised.
        ("Di Mario Rossi", ["Mario Rossi"]),
        ("Av Anna Svensson", ["Anna Svensson"]),
        ("Di Maio said the ferry plan was dead", []),  # a name, not a label
        # Other languages' labels.
        ("Автор: Анна Иванова", ["Анна Иванова"]),
        ("Текст: Олена Коваленко", ["Олена Коваленко"]),
        ("Yazar: Ayşe Yılmaz", ["Ayşe Yılmaz"]),
        ("Oleh Siti Rahayu", ["Siti Rahayu"]),
        ("Oleh karena itu, kapal feri berhenti", []),  # "therefore"
        ("Teksti: Liisa Virtanen", ["Liisa Virtanen"]),
        ("Szerző: Kovács Anna", ["Kovács Anna"]),
        ("Γράφει η Μαρία Παπαδοπούλου", ["Μαρία Παπαδοπούλου"]),
        ("Escrito por Juana Ruiz", ["Juana Ruiz"]),
    ],
)
def test_a_byline_in_running_text_is_capitalised(line: str, expected: list[str]) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><div><p>{line}</p></div>")
    assert article.authors == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<p>Ruth Okafor | Reuters</p><p>May 1, 2024</p>", ["Ruth Okafor"]),  # her agency
        ("<p>Ruth Okafor | dpa</p><p>May 1, 2024</p>", ["Ruth Okafor", "dpa"]),  # its copy
        (
            "<p>Ruth Okafor, Jan Roe and Ann Lee 01.05.2024</p>",
            ["Ruth Okafor", "Jan Roe", "Ann Lee"],
        ),
        # Two capitalised words alone, a section line, a name with no date beside it.
        ("<p>Filed Under</p><p>May 1, 2024</p>", []),
        ("<p>Politics | World</p><p>May 1, 2024</p>", []),
        ("<p>Ruth Okafor | Reuters</p><p>The ferry crews said they had warned them.</p>", []),
    ],
)
def test_names_under_the_headline_beside_its_date_are_a_byline(
    line: str, expected: list[str]
) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><div>{line}</div>")
    assert article.authors == expected


@pytest.mark.parametrize(
    "byline",
    [
        # Each name an element of its own, joined by a word between them.
        "<p>By <a href='/staff/jane-doe'>Jane Doe</a> and <a href='/staff/ann-lee'>Ann Lee</a></p>",
        "<div class='meta'>Par <span class='author'>Jane Doe</span> et"
        " <span class='author'>Ann Lee</span> — Publié le 3 mars 2024</div>",
    ],
)
def test_every_name_of_a_byline_made_of_elements_is_an_author(byline: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1>{byline}")
    assert article.authors == ["Jane Doe", "Ann Lee"]


def test_a_lower_case_name_in_a_byline_element_is_kept() -> None:
    article = from_html("<h1>Storm closes ferry routes</h1><span class='author'>ruth okafor</span>")
    assert article.authors == ["ruth okafor"]


@pytest.mark.parametrize(
    "submitted",
    [
        # Drupal 8+ core's RDF mark-up of its "Submitted by" line, and Drupal 7's.
        "<span rel='schema:author'><span property='schema:name'>Ruth Okafor</span></span>"
        " <span property='schema:dateCreated' content='2024-06-18T20:45:00+00:00'>"
        "Tue, 06/18/2024 - 16:45</span>",
        "<span rel='sioc:has_creator'><a property='foaf:name' href='/user/7'>Ruth Okafor</a>"
        "</span> <span property='dc:date dc:created' content='2024-06-18T20:45:00+00:00'>"
        "Tue, 06/18/2024 - 16:45</span>",
    ],
)
def test_drupal_rdfa_gives_the_author_and_the_time_with_its_offset(submitted: str) -> None:
    article = from_html(
        f"<h1>Storm closes ferry routes</h1><div class='meta'>Posted: {submitted}</div>"
        "<p>The ferry crews had warned the council for years.</p>"
    )
    assert article.authors == ["Ruth Okafor"]
    assert article.published == "2024-06-18T20:45:00+00:00"


@pytest.mark.parametrize(
    "submitted",
    [
        # A login, and a commenter's mark-up.
        "<span rel='sioc:has_creator'><span property='foaf:name'>rokafor</span></span>",
        "<div class='comment'><span rel='sioc:has_creator'><span property='foaf:name'>"
        "Jan Roe</span></span> <span property='dc:created' content='2024-06-19T08:00:00Z'>"
        "</span><p>Thanks for this.</p></div>",
    ],
)
def test_drupal_rdfa_of_a_login_or_a_commenter_names_no_author(submitted: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><p>The ferry crews.</p>{submitted}")
    assert article.authors == []
    assert article.published is None


def test_the_site_name_run_on_after_a_byline_is_not_part_of_the_name() -> None:
    article = from_html(
        "<head><meta property='og:site_name' content='Harbour Herald'></head>"
        "<h1>Storm closes ferry routes</h1><div class='byline'>By Ruth Okafor Harbour Herald</div>"
    )
    assert article.authors == ["Ruth Okafor"]


@pytest.mark.parametrize(
    "byline",
    [
        # A role or a desk's code in an element of its own after the name.
        "<div class='e-byline'><span class='e-byline__author'>By <a rel='author' href='/a/'>"
        "Ruth Okafor</a>, <span class='e-byline__role'>Property Correspondent</span></span></div>",
        "<div class='byline'><span><a href='/reporter/ruth-okafor.cms'>Ruth Okafor</a> / TNN /"
        " </span><span>Updated: Nov 24, 2026, 19:45 IST</span></div>",
        # Her editor is not an author.
        "<p class='byline'>By <a href='/author/ruth-okafor'>Ruth Okafor</a>, edited by"
        " <a href='/author/bo-lee'>Bo Lee</a></p>",
    ],
)
def test_a_bylines_role_desk_and_editor_are_no_authors(byline: str) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1>{byline}")
    assert article.authors == ["Ruth Okafor"]


def test_an_editor_credited_alone_is_no_author() -> None:
    byline = "<ul class='by'><li>Edited by <a href='/author/bo-lee'>Bo Lee</a></li></ul>"
    assert from_html(f"<h1>Storm closes ferry routes</h1>{byline}").authors == []


# A fact sheet beside the story, far below its headline: the author's field.
_FILLER = "<p>The ferry crews had warned the council for years that the pier would fail.</p>" * 80


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("<li><strong>Autorin/Autor</strong> Ruth Okafor</li>", ["Ruth Okafor"]),
        ("<dl><dt>Author:</dt> <dd><a href='/p/7'>Ruth Okafor</a></dd></dl>", ["Ruth Okafor"]),
        ("<p><b>Text:</b> Ruth Okafor und Jan Roe</p>", ["Ruth Okafor", "Jan Roe"]),
        # Another label, a value that is no name, and a commenter are no author.
        ("<li><strong>Datum</strong> 28.04.2023</li>", []),
        ("<li><strong>Author</strong> <a href='/contact'>contact us</a></li>", []),
        ("<div class='comments'><b>Autor:</b> Max Muster</div>", []),
    ],
)
def test_an_author_field_far_from_the_headline_is_read(field: str, expected: list[str]) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1>{_FILLER}<ul>{field}</ul>")
    assert article.authors == expected


@pytest.mark.parametrize(
    ("metas", "expected"),
    [
        # A tag repeated names an author each.
        (
            '<meta name="parsely-author" content="Jane Doe">'
            '<meta name="parsely-author" content="John Smith">',
            ["Jane Doe", "John Smith"],
        ),
        # Surname first, as catalogues write it; two newsrooms are not one name.
        ('<meta name="DC.creator" content="Doe, Jane">', ["Jane Doe"]),
        ('<meta name="author" content="Reuters, AFP">', ["Reuters", "AFP"]),
        # A cited work's authors in microdata are not the page's.
        (
            '<meta itemprop="author" content="NH. Shear, SP. Spielberg">'
            '<meta name="dc.creator" content="Marwan H. Adwan">',
            ["Marwan H. Adwan"],
        ),
    ],
)
def test_author_meta_tags(metas: str, expected: list[str]) -> None:
    assert from_html(f"<head>{metas}</head><h1>Storm closes ferry routes</h1>").authors == expected


def test_a_video_page_gives_its_upload_date_and_thumbnail() -> None:
    video = (
        '{"@type": "VideoObject", "name": "Storm closes ferry routes",'
        ' "uploadDate": "2024-02-11T08:14:00-06:00", "thumbnailUrl": "https://x.example/t.jpg"}'
    )
    article = from_html(f'<script type="application/ld+json">{video}</script>')
    assert (article.published, article.image) == (
        "2024-02-11T08:14:00-06:00",
        "https://x.example/t.jpg",
    )


def test_publication_is_kept_when_no_one_is_named() -> None:
    article = from_html(
        '<meta property="og:site_name" content="Harbour Times">'
        '<meta name="author" content="Harbour Times"><h1>Storm closes ferry routes</h1>'
    )
    assert article.authors == ["Harbour Times"]


@pytest.mark.parametrize(
    ("tag_metas", "expected"),
    [
        # One article:tag is the site's category; the keywords are the story's.
        (["Politics"], ["Hafen", "Fähre", "Gemeinderat"]),
        (["Business, Finance"], ["Hafen", "Fähre", "Gemeinderat"]),
        (["Fähre"], ["Hafen", "Fähre", "Gemeinderat"]),  # the main tag of several
        # Several article:tag elements, or one the keywords name too, are the story's.
        (["Hafen", "Wetter"], ["Hafen", "Wetter"]),
        (["Hafen, Fähre"], ["Hafen", "Fähre"]),
    ],
)
def test_a_lone_article_tag_gives_way_to_a_keyword_list(
    tag_metas: list[str], expected: list[str]
) -> None:
    metas = "".join(f'<meta property="article:tag" content="{tag}">' for tag in tag_metas)
    html = f'{metas}<meta name="keywords" content="Hafen, Fähre, Gemeinderat">'
    assert from_html(html).tags == expected


def test_a_lone_article_tag_stays_when_nothing_lists_more() -> None:
    html = '<meta property="article:tag" content="Politics"><meta name="keywords" content="x">'
    assert from_html(html).tags == ["Politics"]


def test_keywords_run_together_give_way_to_the_same_words_as_a_list() -> None:
    ld = '{"@type": "NewsArticle", "keywords": "Hafen Neue Fähre Gemeinderat Stadt Linz"}'
    html = (
        f'<script type="application/ld+json">{ld}</script>'
        '<meta name="keywords" content="Hafen,Gemeinderat,Neue Fähre,Stadt Linz">'
    )
    assert from_html(html).tags == ["Hafen", "Gemeinderat", "Neue Fähre", "Stadt Linz"]
    # Other words are another list: the first source stays.
    html = html.replace('Stadt Linz">', 'Stadt Wels">')
    assert from_html(html).tags == ["Hafen Neue Fähre Gemeinderat Stadt Linz"]


def test_tag_links_after_the_headline_without_sentences_and_ways_back() -> None:
    article = from_html(
        "<nav><a href='/tag/wetter/'>Wetter</a></nav><h1>Neue Fähre für den Hafen</h1>"
        "<p>Die Fähre fährt ab Mai. <a href='/tag/faehre/'>Alles über die neue Fähre.</a></p>"
        "<a href='/tag/hafen/'>Hafen</a><a href='/tag/faehre/'>Fähre</a>"
        "<a href='/thema/start/'>Zur Startseite</a>"
    )
    assert article.tags == ["Hafen", "Fähre"]


def test_tag_links_in_the_story_text_or_a_heading_are_not_its_tags() -> None:
    article = from_html(
        "<h1>Neue Fähre für den Hafen</h1>"
        "<p>Die neue Fähre, sagte <a href='/thema/anna-berg/'>Anna Berg</a> am Montag im"
        " Rathaus, fährt ab Mai zweimal täglich über den Fluss.</p>"
        "<p>Von Jan Roth | 3. Mai 2024 | Thema: <a href='/thema/verkehr/'>Verkehr</a></p>"
        "<h3>Dossier: <a href='/thema/hafen/'>Alles zum Hafenausbau</a></h3>"
        "<div><a href='/thema/hafen/'>Hafen</a><a href='/thema/faehre/'>Fähre</a></div>"
    )
    # A link after a label ("Thema:") is a tag, in a byline too.
    assert article.tags == ["Verkehr", "Hafen", "Fähre"]


def test_share_buttons_counts_and_show_all_are_not_tags() -> None:
    article = from_html(
        "<h1>Neue Fähre für den Hafen</h1><div class='tags'>"
        "<a href='/tag/hafen/'>\n  Hafen (12)\n</a><a href='/tag/faehre/'>Fähre (3 posts)</a>"
        "<a href='#'>\n  Show all tags </a><a href='whatsapp://send'>\n WhatsApp\n</a></div>"
    )
    assert article.tags == ["Hafen", "Fähre"]


def test_tag_link_candidates_are_what_the_plain_selector_lists() -> None:
    # Boxes nested, of both kinds, a box that is a link, a heading in a box, a link with
    # two tag addresses: Lexbor lists a node once for each selector it matches.
    from scraper.extract.tag_links import _TAG_INDEXES, _tag_link_candidates

    tree = LexborHTMLParser(
        "<a href='/tag/x/topic/'>A</a><div class='Post-Tags topics'><a href='/q'>B</a>"
        "<h1>Head</h1><div class='TOPICS'><a href='/tags/c/'>C</a></div>"
        "<a class='tags' href='/t'>D</a></div><a href='/thema/e/'>E</a><a href='/ta'>F</a>"
        "<p class='x-tags'><a class='topics' href='/themen/g/'>G</a></p>"
    )
    selector = ", ".join(
        ["h1", '[class*="tags" i] a', '[class*="topics" i] a']
        + [f'a[href*="{part}"]' for part in _TAG_INDEXES]
    )
    listed = [node.mem_id for node in tree.css(selector)]
    assert [node.mem_id for node in _tag_link_candidates(tree, ("h1",))] == listed
    assert len(listed) > len(set(listed))


def test_tag_links_after_an_h2_headline_on_a_page_with_no_h1() -> None:
    # Joomla's com_content: the story's headline in an <h2>, its tags in ul.tags.
    tags = "<ul class='tags'><li><a href='/tag/hafen'>Hafen</a></li><li><a href='/tag/rat'>Rat</a>"
    html = (
        "<title>Neue Fähre für den Hafen – Stadt Linz</title><header><a href='/'>Linz</a>"
        "<nav><a href='/tag/wetter'>Wetter</a></nav></header><main>"
        "<h2 itemprop='headline'>Neue Fähre für den Hafen</h2><p>Die Fähre fährt ab Mai.</p>"
        f"{tags}</li></ul></main>"
    )
    assert from_html(html).tags == ["Hafen", "Rat"]
    # The links before it are the site's: none is taken for the story's.
    assert from_html(html.replace(tags, "")).tags == []


@pytest.mark.parametrize(
    "box",
    [
        "<div class='more'><h3>More from Transport</h3><a href='/tag/buses'>Buses</a></div>",
        "<section><h2>Latest news</h2><a href='/tag/weather'>Weather</a></section>",
    ],
)
def test_tag_links_in_a_box_after_an_h2_headlines_story_are_not_its_tags(box: str) -> None:
    story = "<h2>Rail link to the airport delayed</h2><p>The link opens two years late.</p>"
    html = f"<title>Rail link to the airport delayed</title><main><div>{story}</div>{box}</main>"
    assert from_html(html).tags == []
    # The same links in the story's own box are its tags.
    assert from_html(html.replace("</div>", "").replace("</main>", "</div></main>")).tags != []


def test_broken_jsonld_with_raw_newlines_is_repaired() -> None:
    html = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Line\n'
        'break", "keywords": ["a", "b",],}</script>'
    )
    article = from_html(html)
    assert (article.title, article.tags) == ("Line break", ["a", "b"])


def test_title_site_suffix_is_removed() -> None:
    article = from_html(
        "<title>Storm closes ferry routes | Harbour Times</title>"
        '<meta property="og:site_name" content="Harbour Times">'
    )
    assert article.title == "Storm closes ferry routes"


def test_entities_escaped_twice_are_decoded() -> None:
    html = '<meta property="og:title" content="Caf&amp;eacute; &amp;amp; bar reopens">'
    assert from_html(html).title == "Café & bar reopens"


def test_meta_content_escaped_twice_is_decoded() -> None:
    article = from_html(
        '<meta property="article:section" content="My&amp;#x20;Europe">'
        '<meta property="og:site_name" content="Smith &amp;amp; Sons">'
    )
    assert (article.section, article.site_name) == ("My Europe", "Smith & Sons")


def test_a_headline_in_the_section_tag_is_not_a_section() -> None:
    title = "Storm closes ferry routes for a second day as the islands run short of fuel"
    article = from_html(
        f'<meta property="og:title" content="{title}"><meta name="section" content="{title}">'
    )
    assert article.section is None


def test_a_comma_joined_category_list_gives_its_first_category() -> None:
    article = from_html('<meta property="article:section" content="Cake Recipes,Desserts">')
    assert article.section == "Cake Recipes"


def test_the_breadcrumb_naming_the_page_itself_is_not_its_section() -> None:
    crumbs = [("Home", "/"), ("Minister opens the new harbour n&#8217;e bridge", "/a")]
    items = ",".join(
        f'{{"@type": "ListItem", "position": {n}, "name": "{name}", "item": "{url}"}}'
        for n, (name, url) in enumerate(crumbs, 1)
    )
    ld = f'{{"@type": "BreadcrumbList", "itemListElement": [{items}]}}'
    article = from_html(
        "<title>Minister opens the new harbour n’e bridge</title>"
        f'<script type="application/ld+json">{ld}</script>'
    )
    assert article.section is None


def test_declared_english_on_a_page_in_another_language_is_corrected() -> None:
    article = from_html(
        '<html lang="en"><title>Der Stadtrat hat am Dienstag den Bau eines neuen Radwegs'
        " entlang des Flusses beschlossen</title></html>"
    )
    assert article.language == "de"


def test_declared_english_with_a_short_title_is_checked_against_the_text() -> None:
    text = "Правительство Москвы в понедельник объявило о запуске новой программы парков."
    article = from_html(f'<html lang="en-US"><title>Парки Москвы</title><p>{text}</p></html>')
    assert article.language == "ru"
    english = "The city council on Tuesday approved a plan to rebuild the harbour front."
    article = from_html(f'<html lang="en-US"><title>Harbour plan</title><p>{english}</p></html>')
    assert article.language == "en"


def test_language_is_detected_when_not_declared() -> None:
    text = "Le conseil municipal a approuvé mardi la construction d'une nouvelle piste cyclable."
    assert from_html(f"<p>{text}</p>").language == "fr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dense English function words: known without the statistical model.
        ("The council said that the plan was approved and that it would start in May.", "en"),
        # A few English words in another language are not enough.
        ("The Voice of Germany: die Kandidaten und ihre Lieder im großen Finale", "de"),
        (
            "Le conseil a voté the budget and la ville construira une piste cyclable "
            "le long du canal dès le printemps prochain.",
            "fr",
        ),
    ],
)
def test_undeclared_language_with_english_words(text: str, expected: str) -> None:
    assert from_html(f"<p>{text}</p>").language == expected


def test_tree_is_not_modified() -> None:
    for path in sorted(PAGES.glob("*.html")):
        tree = LexborHTMLParser(path.read_text("utf-8"))
        before = tree.html
        find_metadata(tree, "https://example.com/")
        assert tree.html == before, path.name


HTML_PIECES = st.sampled_from(
    [
        "<h1>",
        "</h1>",
        "<title>",
        "<p>By Jane Doe</p>",
        '<meta property="article:published_time" content="',
        '<script type="application/ld+json">',
        '{"@type": "NewsArticle", "author": [{"name": 1}], "@graph": [[]]}',
        "</script>",
        '<meta name="keywords" content="a, b;c">',
        "Jan 16, 2024 05:06 AM EST",
        '<html lang="',
        '">',
        "<time datetime='2024-99-99'>",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=30)), max_size=30), st.text(max_size=40))
def test_never_raises_on_arbitrary_html(pieces: list[str], url: str) -> None:
    article = find_metadata(LexborHTMLParser("".join(pieces)), url or None)
    assert isinstance(article.authors, list) and isinstance(article.tags, list)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    article = find_metadata(LexborHTMLParser(decode_html(data)), "https://example.com/")
    assert article.url == "https://example.com/"


def test_extract_reads_metadata_from_bytes_whose_header_lies() -> None:
    html = (PAGES / "meta_byline_de.html").read_text("utf-8")
    # The <meta charset> and the header both say UTF-8; the bytes are windows-1252.
    article = extract(html.encode("cp1252"), None, content_type="text/html; charset=utf-8")
    assert article.title == "Stadtrat beschließt neuen Radweg"
    assert article.authors == ["Jana Köhler", "Paul Weber"]


@pytest.mark.parametrize(
    "head",
    [
        "<link rel='canonical' href='javascript:void(0)'>",
        "<link rel='canonical' href='#'>",
        "<meta property='og:image' content='data:image/gif;base64,R0lGODlhAQABAAAAACw='>",
    ],
)
def test_a_link_that_is_no_web_address_is_none(head: str) -> None:
    article = from_html(f"<html><head>{head}</head><body></body></html>", "https://x.example/a")
    assert article.canonical_url is None and article.image is None


def test_a_page_without_title_or_h1_takes_the_line_above_its_byline() -> None:
    story = (
        "<p>The council approved the budget on Tuesday after a debate that lasted most of "
        "the afternoon and ended with a narrow vote.</p>"
    )
    headed = extract(f"<body><p>Council approves budget</p><p>By Jane Roe</p>{story}</body>")
    assert headed.title == "Council approves budget"
    # A byline under the story: the sentence above it is the story's last, not a title.
    closing = "<p>Officials said the plan takes effect next spring.</p><p>By Jane Roe</p>"
    signed = extract(f"<body>{story}{closing}</body>")
    assert signed.title is None and signed.text.endswith("takes effect next spring.")


def _trail(links: str, attrs: str = 'class="breadcrumbs"', tag: str = "nav") -> str:
    return f"<body><{tag} {attrs}>{links}</{tag}><h1>Ferries stop for a second day</h1></body>"


def test_a_nav_labelled_as_a_breadcrumb_gives_the_section() -> None:
    trail = (
        '<nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
        '<li><a href="/environment/">Environment</a></li></ol></nav>'
    )
    article = from_html(f"{trail}<h1>Storm closes ferry routes</h1>", "https://x.example/a")
    assert article.section == "Environment"


def test_a_breadcrumb_trail_in_the_markup_gives_the_section() -> None:
    page = _trail(
        '<ol><li><a href="/">Home</a></li><li><a href="/politics/">Politics</a></li>'
        '<li><a href="/politics/europe/">Europe</a></li><li>Ferries stop</li></ol>',
        attrs='id="breadcrumb"',
    )
    assert from_html(page, "https://news.example.com/politics/europe/a.html").section == (
        "Politics"
    )


def test_a_declared_section_wins_over_the_trail() -> None:
    page = '<meta property="article:section" content="World">' + _trail(
        '<a href="/">Home</a> › <a href="/politics/">Politics</a>'
    )
    assert from_html(page).section == "World"


@pytest.mark.parametrize(
    "links",
    [
        # Home pages by their address, their name, or words ending in it; the site's name.
        '<a href="/index.html">News Example</a> <a href="/sport/">Sport</a>',
        '<a href="/de/">Startseite</a> <a href="/sport/">Sport</a>',
        '<a href="/ministry">Zurück zur Startseite</a> <a href="/sport/">Sport</a>',
        '<a href="/about">Example</a> <a href="/sport/">Sport</a>',
        '<a href="/home">首页</a> / <a href="/sport/">Sport</a>',
        # An issue's number is no section; a link to nowhere is no crumb.
        '<a href="#">Menu</a> <a href="/2023/43/">2023/43</a> <a href="/sport/">» Sport</a>',
    ],
)
def test_crumbs_naming_the_site_or_nothing_are_skipped(links: str) -> None:
    page = '<meta property="og:site_name" content="Example">' + _trail(links)
    assert from_html(page, "https://www.example.com/sport/a.html").section == "Sport"


def test_a_trail_classed_only_on_its_items_is_read_from_their_list() -> None:
    items = [("/", "Home"), ("/kultur/", "Kultur"), ("/kultur/film/", "Film")]
    links = "".join(f'<li class="breadcrumb-item"><a href="{h}">{t}</a></li>' for h, t in items)
    assert from_html(_trail(links, attrs="", tag="ul")).section == "Kultur"


def test_a_menu_or_a_page_classed_breadcrumb_gives_no_section() -> None:
    menu = "".join(f'<a href="/s{n}/">Section {n}</a>' for n in range(20))
    assert from_html(_trail(menu)).section is None
    whole = '<body class="has-breadcrumbs"><p><a href="/sport/">Sport</a></p></body>'
    assert from_html(whole).section is None


def test_a_trail_after_a_menu_named_like_one_is_read() -> None:
    menu = "".join(f'<a href="/s{n}/">Section {n}</a>' for n in range(20))
    items = '<li><a href="/">Home</a></li><li><a href="/kultur/">Kultur</a></li>'
    trail = f'<ol class="breadcrumb">{items}</ol>'
    page = f'<body><div class="breadcrumb-wrapper">{menu}</div>{trail}<h1>Film</h1></body>'
    assert from_html(page).section == "Kultur"


def test_a_chinese_byline_labelled_zuozhe_names_the_author() -> None:
    info = "<div class='info'><span>2024年03月12日 14:05</span> <span>作者：张伟</span></div>"
    story = (
        "<p>上海市政府周二宣布，将在未来三年内投资约两百亿元，用于改造中心城区的老旧住宅小区。</p>"
    )
    article = from_html(f"<html lang='zh'><h1>上海将改造老旧小区</h1>{info}{story * 3}</html>")
    assert article.authors == ["张伟"]


def test_a_json_ld_image_given_by_id_is_the_image_it_names() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Council approves harbour plan",
                "image": {"@id": "https://news.example/a/#primaryimage"},
            },
            {
                "@type": "ImageObject",
                "@id": "https://news.example/a/#primaryimage",
                "url": "https://news.example/uploads/harbour.jpg",
            },
        ],
    }
    article = from_html(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert article.image == "https://news.example/uploads/harbour.jpg"


def test_a_modified_date_before_the_published_one_is_no_update() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Council approves harbour plan",
        "datePublished": "2024-05-01T09:00:00+00:00",
        "dateModified": "2024-04-30T17:00:00+00:00",  # the draft, saved the day before
    }
    article = from_html(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    assert (article.published, article.modified) == ("2024-05-01T09:00:00+00:00", None)


def test_wordpress_first_category_link_is_the_section_the_others_tags() -> None:
    footer = (
        '<footer>Posted in <a href="/category/city-hall/" rel="category tag">City Hall</a>,'
        ' <a href="/category/harbour/" rel="category tag">Harbour news</a>'
        ' Tagged <a href="/tag/docks/" rel="tag">Docks</a></footer>'
    )
    article = from_html(f"<html><body><h1>Plan</h1>{footer}</body></html>")
    assert article.section == "City Hall"
    assert article.tags == ["Harbour news", "Docks"]


def test_a_series_h1_is_not_the_title_when_an_h2_gives_the_headline() -> None:
    html = (
        "<title>Rail link delayed | The Long Read | Riverside Gazette</title>"
        "<article><h1>The Long Read</h1><h2>Rail link delayed</h2>"
        "<p>The rail link to the airport will open two years late.</p></article>"
    )
    assert from_html(html).title == "Rail link delayed"


def _ld_author(author: str) -> str:
    ld = {"@type": "NewsArticle", "headline": "Budget adopted", "author": json.loads(author)}
    return f'<script type="application/ld+json">{json.dumps(ld)}</script>'


def test_a_reporter_named_bureau_is_the_author() -> None:
    person = _ld_author('{"@type": "Person", "name": "Marie Bureau"}')
    assert from_html(f"{person}<h1>Budget adopted</h1>").authors == ["Marie Bureau"]
    meta = '<meta name="author" content="Marie Bureau">'
    assert from_html(f"{meta}<h1>Budget adopted</h1>").authors == ["Marie Bureau"]


def test_a_desk_is_the_author_only_where_the_page_names_no_one() -> None:
    desk = _ld_author('[{"@type": "Person", "name": "The Hindu Bureau"}]')
    assert from_html(f"{desk}<h1>Budget adopted</h1>").authors == ["The Hindu Bureau"]
    byline = "<p class='byline'>By <a href='/profile/ana-ruiz'>Ana Ruiz</a></p>"
    assert from_html(f"{desk}<h1>Budget adopted</h1>{byline}").authors == ["Ana Ruiz"]
    # A placeholder is no one's byline.
    sponsored = _ld_author('{"@type": "Person", "name": "Sponsored Content"}')
    assert from_html(f"{sponsored}<h1>Budget adopted</h1>").authors == []


@pytest.mark.parametrize(
    ("line", "url", "expected"),
    [
        (
            "Updated on: November 24, 2026 / 6:40 PM EST / CBS News",
            None,
            ("2026-11-24T18:40:00-05:00", "2026-11-24T18:40:00-05:00"),
        ),
        # The day the address gives is the story's, the update its modified time.
        (
            "Updated November 24, 2026 6:40 PM EST",
            "https://news.example/2026/11/23/ferry-routes/",
            ("2026-11-23", "2026-11-24T18:40:00-05:00"),
        ),
    ],
)
def test_a_printed_update_alone_is_the_modified_date(
    line: str, url: str | None, expected: tuple[str, str]
) -> None:
    article = from_html(f"<h1>Storm closes ferry routes</h1><p class='stamp'>{line}</p>", url)
    assert (article.published, article.modified) == expected


STORY = "<p>The ferry routes reopen on Monday, the port authority said in a statement.</p>"


def byline_page(box: str) -> str:
    return f"<html lang='en'><body><article><h1>Storm closes ferry routes</h1>{box}{STORY}"


@pytest.mark.parametrize(
    "box",
    [
        '<span data-testid="byline"><a href="/by/maria-lopez-h1x">Maria Lopez</a></span>',
        '<div data-testid="article-author-byline"><span>Maria Lopez</span>'
        "<span> · Political Correspondent</span></div>",
        '<div data-qa="author-name">Maria Lopez</div>',
        '<div data-component="Byline">Maria Lopez</div>',
        '<div data-hook="user-name"><span>Maria Lopez</span></div>',  # Wix
        '<div class="signature"><address><span>Maria Lopez</span></address></div>',
        '<div class="meta"><a href="/by/maria-lopez-h1x">Maria Lopez</a></div>',
        # A bio beside the name, and a relative time: no name of a co-author.
        '<div class="contrib-author"><a href="/sites/ml/">Maria Lopez</a><span>Contributor'
        "</span><div>I cover ports and shipping regulation.</div></div>",
        '<div class="story-byline"><a href="/people/ml">Maria Lopez</a> <span>Updated</span>'
        ' <span class="timeago">a day ago</span></div>',
        '<p class="meta">By Maria Lopez with AP</p>',
        '<p class="meta">By Maria Lopez, with reporting from Reuters</p>',
        '<p class="meta">By Maria Lopez, The Washington Post</p>',
        '<p class="meta">Reporter: Maria Lopez | Editor: Agung Sedayu</p>',
        '<p class="meta">Penulis: Maria Lopez</p>',
    ],
)
def test_a_byline_named_by_data_attributes_or_with_a_tail_gives_its_person(box: str) -> None:
    assert from_html(byline_page(box)).authors == ["Maria Lopez"]


@pytest.mark.parametrize(
    "box",
    [
        '<p class="license"><a href="https://creativecommons.org/licenses/by/4.0/">CC-BY</a></p>',
        '<address><p>Maria Lopez</p><p>Press officer</p><a href="tel:+1555">+1 555</a></address>',
    ],
)
def test_a_licence_link_or_a_press_contact_is_no_byline(box: str) -> None:
    assert from_html(byline_page(box)).authors == []


def test_a_byline_named_only_by_its_data_is_looked_for_by_the_headline() -> None:
    # A story's header names no byline; a sidebar far from it lists another story's.
    story = "<p>The ferry routes reopen on Monday, the port authority said.</p>" * 80
    page = (
        "<html lang='en'><body><main><div><div><header><h1>Storm closes ferry routes</h1>"
        f"</header></div></div><div class='text'>{story}</div></main>"
        "<section class='more'><div data-testid='byline'>Maria Lopez</div></section>"
    )
    assert from_html(page).authors == []
    near = page.replace("</h1>", "</h1><div data-testid='byline'>Jane Roe</div>")
    assert from_html(near).authors == ["Jane Roe"]


def test_json_ld_typed_with_a_charset_is_read() -> None:
    data = json.dumps({"@type": "NewsArticle", "headline": "Ferry routes reopen"})
    page = f'<script type="application/ld+json; charset=utf-8">{data}</script><p>Text</p>'
    assert from_html(page).title == "Ferry routes reopen"
