"""`find_metadata(tree, url) -> Article`: everything about an article but its text.
(`read_metadata` also gives the page's base URL, which the body's links resolve against.)

Each field is read from the page's sources in order of trust, first answer wins:
JSON-LD (the article object), OpenGraph and `article:*`, other `<meta>` conventions
(Dublin Core, Parse.ly, Sailthru, `itemprop`), then the visible page (bylines and
datelines near the headline) and the URL. The visible search runs only for what the
structured sources left empty, which keeps the common page well under a millisecond.
The tree is only read, never changed: the body extractor walks it afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, Final, NamedTuple
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from ..models import Article
from .appdata import app_article
from .authors import clean_authors, given_name_first, is_organisation, people_of
from .characters import first_value
from .crumbs import SECTION_META, find_section
from .datelines import find_dateline_as_written, read_dateline
from .dates import date_from_url, is_before, parse_date
from .headlines import menu_names, story_headings, visible_headline
from .jsonld import LinkedData, as_text, as_url, names, paywalled, rating, read_jsonld
from .language import detect_language
from .listings import listed_texts
from .localtime import in_zone, single_zone
from .rdfa import rdfa_author, rdfa_created
from .sites import TITLE_SOURCES, SiteRule, date_texts, texts
from .sources import Sources, scan
from .tags import page_tags, split_tags
from .titles import choose_title, strip_site
from .titlesite import site_in_title
from .visible import find_byline, find_headline
from .window import headline_window

__all__ = ["Metadata", "find_metadata", "read_metadata", "signed_authors"]

_PUBLISHED_META: Final = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date.created", "dc.date", "dcterms.date", "date", "pubdate",
    "publishdate", "publish-date", "publish_date", "article.published", "article_date_original",
    "cxenseparse:recs:publishtime", "originalpublicationdate", "article:published",
)  # fmt: skip
_MODIFIED_META: Final = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "dc.date.modified", "last-modified", "lastmod", "article.updated", "article:modified",
)  # fmt: skip
_AUTHOR_META: Final = (
    "article:author", "author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "byl", "cxenseparse:author",
)  # fmt: skip
_PLAUSIBLE_YEARS: Final = ("1990", "2100")  # compared as strings: ISO years have four digits
# Schemes that name no page or image: a template's placeholder or an inline blob.
_NOT_WEB: Final = re.compile(r"\s*(?:javascript|data|about|mailto|tel|blob):", re.I)
_FEATURED: Final = (
    'img.wp-post-image, img[property~="schema:image"], [class*="field-image"] img,'
    ' [class*="featured-image"] img, article figure img'
)
# A lazy loader's stand-in, or the theme's own artwork: not the story's picture.
_NO_PICTURE: Final = re.compile(r"placeholder|spacer|blank\.gif|lazy|/themes?/", re.I)
_TITLE_META: Final = ("twitter:title", "og:title", "dc.title", "headline", "parsely-title")


def find_metadata(tree: LexborHTMLParser, url: str | None) -> Article:
    """Read an article's metadata from a parsed page; `url` makes links absolute."""
    return read_metadata(tree, url).article


def signed_authors(meta: Article, signature: str | None) -> list[str]:
    """The authors, or the name that signs the story's text when the metadata names only
    the publication (or no one)."""
    sites = [meta.site_name] if meta.site_name else []
    signed = clean_authors([signature]) if signature else []  # "（山田太郎）": the name
    if signed and all(is_organisation(name, sites, meta.url) for name in meta.authors):
        return signed
    return meta.authors


class Metadata(NamedTuple):
    """What `read_metadata` finds: for the `Article`, and for finding its body."""

    article: Article
    # The URL the page's relative links resolve against, as in a browser: its `<base
    # href>` (resolved against the page's URL), else that URL; the canonical URL only
    # when the page's URL is no web address (a file's name).
    links: str | None
    listed: list[list[str]]  # a recipe's, how-to's or FAQ's lists (`listings`)
    body: str | None = None  # a paywalled JSON-LD article's `articleBody`, as written


def read_metadata(
    tree: LexborHTMLParser, url: str | None, rule: SiteRule | None = None
) -> Metadata:
    """`find_metadata`, and what finding the body needs to know of the page's metadata.
    A site's `rule` says where its title, authors or tags are, where it knows better
    than the general order."""
    page = scan(tree)
    base = _base(url, page.base)
    ld = read_jsonld(page.jsonld)
    if not ld.article and page.app_data:  # an app shell's: its data's article object
        titles = [*page.each(*_TITLE_META), page.title, *page.headings]
        app = app_article(page.app_data, titles, page.each("og:site_name"), url)
        ld = replace(ld, article=app, articles=(app,)) if app else ld
    article = ld.article
    site_name = first_value(
        page.first("og:site_name"),
        as_text(article.get("publisher")),
        as_text(ld.publisher.get("name")),
        as_text(ld.website.get("name")),
        page.first("application-name", "apple-mobile-web-app-title"),
    )
    sites = [s for s in (site_name, as_text(ld.publisher.get("name"))) if s]
    sections = [*page.each(*SECTION_META), *names(article.get("articleSection"))]
    title = _ruled_title(rule, tree, page, article) if rule else None
    if title:
        title = strip_site(title, sites, url, sections)
    else:
        offered = [as_text(article.get("headline")), *page.each(*_TITLE_META), page.title]
        # Only the page's `<title>`: the `<h1>` that is a part of it is the headline.
        plain = not any(offered[:-1])
        stories = (lambda: story_headings(tree, sites)) if plain else None
        title = choose_title(
            offered, page.headings, sites, url, sections, lambda: menu_names(tree, url), stories
        )
    # A rule's authors are people by the user's word: none is taken for the masthead.
    authors = clean_authors(texts(tree, rule.authors)) if rule and rule.authors else []
    people = authors
    if not authors:
        authors = _authors(page, ld, sites, url)
        people = [name for name in authors if not is_organisation(name, sites, url)]
    tags = split_tags(texts(tree, rule.tags)) if rule and rule.tags else []
    published = _ruled_date(tree, rule.published) if rule and rule.published else None
    published = published or _published(page, article)
    modified = _best_date(
        [as_text(article.get("dateModified")), *page.each(*_MODIFIED_META), *page.updated_times]
    )
    if not people or not published or not title:
        window = headline_window(tree, page.heading, title)
        if not people:
            people = people_of(find_byline(tree, window) or rdfa_author(tree), sites, url)
        if not published:
            dateline = find_dateline_as_written(
                tree, window.text, (page.lang, page.first("og:locale")), url
            )
            # A page printing only its update ("Updated Nov 24, 6:40 PM") is dated by its
            # address's day, else, as far as it says, by the update.
            published = rdfa_created(tree) or dateline.published or date_from_url(url)
            published = published or dateline.updated
            modified = modified or dateline.updated
        title = title or find_headline(window.text)
    if published and not modified and page.time_line:  # "<time>…</time> (… updated)"
        line = read_dateline(page.time_line, False)
        modified = line.updated if line.published else None  # (beside the date it updates)
    description = first_value(
        page.first("og:description", "description", "twitter:description", "dc.description"),
        as_text(article.get("description")),
    )
    language = _language(tree, page, article, [title, description])
    offset = single_zone(language, url)
    if offset:
        published, modified = in_zone(published, offset), in_zone(modified, offset)
    if modified and published and is_before(modified, published):
        modified = None  # a draft saved before publication, not an update
    headline = visible_headline(tree, sites, title, sections, url, page.headings)
    found = Article(
        url=url,
        canonical_url=_absolute(base or url, _canonical(page, article)),
        title=title,
        headline=headline,
        # The publication itself, or a desk, only when no one is named.
        authors=people or authors or _desks(page, ld),
        published=published,
        modified=modified,
        language=language,
        site_name=site_name or site_in_title(page.title, title, sections, url, people),
        section=find_section(tree, page, ld, title, base or url, sites),
        tags=tags or page_tags(tree, page, article, headline),
        image=_absolute(base or url, _image(page, article) or _featured_image(tree)),
        description=description,
        rating=rating(ld),
    )
    links = base or (url if _is_web(url) else None) or found.canonical_url
    body = article.get("articleBody") if paywalled(article) else None  # (a teaser's whole)
    return Metadata(
        found, links, listed_texts(ld.listings), body if isinstance(body, str) else None
    )


def _ruled_date(tree: LexborHTMLParser, selector: str) -> str | None:
    """The first date the elements a site's rule names give."""
    return next(filter(None, map(parse_date, date_texts(tree, selector))), None)


def _ruled_title(
    rule: SiteRule, tree: LexborHTMLParser, page: Sources, article: dict[str, Any]
) -> str | None:
    """The title where the site's rule says it is: a metadata source or an element."""
    if rule.title is None:
        return None
    if rule.title == "json-ld":
        found = as_text(article.get("headline"))
    elif rule.title in TITLE_SOURCES:
        found = page.first(rule.title)
    else:
        found = next(iter(texts(tree, rule.title)), None)
    return " ".join(found.split()) if found else None


def _authors(page: Sources, ld: LinkedData, sites: list[str], url: str | None) -> list[str]:
    """The first source's authors that name a person, else the first source's.

    JSON-LD often names only the publication ("Publisher Daily") while a `<meta>` tag
    of the same page names the reporter: a person anywhere beats the masthead.
    """
    fallback: list[str] = []
    for source in _author_sources(page, ld):
        authors = clean_authors(source)
        if any(not is_organisation(name, sites, url) for name in authors):
            return authors
        fallback = fallback or authors
    return fallback


def _desks(page: Sources, ld: LinkedData) -> list[str]:
    """The first source's desks ("The Hindu Bureau"), which `_authors` leaves out."""
    found = (clean_authors(source, desks=True) for source in _author_sources(page, ld))
    return next(filter(None, found), [])


def _author_sources(page: Sources, ld: LinkedData) -> Iterator[list[str]]:
    # The same article is often described twice (an SEO plugin and the theme), and one
    # description may name more of its authors: take the longest list.
    headline = ld.article.get("headline")
    twins = [obj for obj in ld.articles if obj.get("headline") == headline]
    yield max(
        (names(obj.get("author") or obj.get("creator")) for obj in twins), key=len, default=[]
    )
    # A tag repeated names one author each (`parsely-author` twice); "Doe, Jane" in one
    # tag is a name written surname first, as library catalogues write it.
    yield from (list(map(given_name_first, page.each(key))) for key in _AUTHOR_META)
    yield page.itemprops.get("author", [])[:1]  # later ones are often related stories' bylines


def _published(page: Sources, article: dict[str, Any]) -> str | None:
    return _best_date(
        [
            as_text(article.get("datePublished")),
            *page.each(*_PUBLISHED_META),
            *page.itemprops.get("datepublished", ()),
            as_text(article.get("dateCreated")),
            as_text(article.get("uploadDate")),  # a VideoObject's
            *page.times[:1],
            *page.updated_times[:1],  # only an update: the story's date as far as we know
        ]
    )


def _best_date(candidates: Iterable[str | None]) -> str | None:
    """The first date; a bare date gives way to a later candidate with a time that day."""
    found: str | None = None
    for value in candidates:
        parsed = parse_date(value) if value else None
        if parsed is None or not _PLAUSIBLE_YEARS[0] <= parsed[:4] <= _PLAUSIBLE_YEARS[1]:
            continue  # "0001-01-01": a CMS's empty date
        if found is None:
            found = parsed
            if "T" in found:
                return found
        elif "T" in parsed and parsed.startswith(found):
            return parsed
    return found


def _language(
    tree: LexborHTMLParser, page: Sources, article: dict[str, Any], hints: list[str | None]
) -> str | None:
    declared = [
        page.lang,
        page.first("og:locale", "content-language", "dc.language", "language", "inlanguage"),
        as_text(article.get("inLanguage")),
    ]
    return detect_language(tree, declared, hints)


def _canonical(page: Sources, article: dict[str, Any]) -> str | None:
    return first_value(
        page.link("canonical"),
        page.first("og:url"),
        as_url(article.get("url")),
        as_url(article.get("mainEntityOfPage")),
    )


def _image(page: Sources, article: dict[str, Any]) -> str | None:
    return first_value(
        page.first("og:image", "og:image:url", "og:image:secure_url"),
        as_url(article.get("image")),
        as_url(article.get("thumbnailUrl")),  # a VideoObject's
        page.first("twitter:image", "twitter:image:src"),
        page.link("image_src"),
    )


def _featured_image(tree: LexborHTMLParser) -> str | None:
    """The story's own picture where no metadata names one: the theme's featured image
    (WordPress's post thumbnail, Drupal's image field), else the article's first figure;
    where a script loads it late, its real address, not the placeholder's."""
    for node in tree.css(_FEATURED)[:3]:
        attrs = node.attributes
        for source in map(attrs.get, ("data-src", "data-lazy-src", "src")):
            if source and not _NOT_WEB.match(source) and not _NO_PICTURE.search(source):
                return source
    return None


def _absolute(base: str | None, link: str | None) -> str | None:
    """`link` resolved against `base`; None for what is no web address ("javascript:…",
    "data:…", "#")."""
    if not link or link.startswith("#") or _NOT_WEB.match(link):
        return None
    if not base or _is_web(link):
        return link
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def _base(url: str | None, href: str | None) -> str | None:
    """The base URL a browser takes from the first `<base href>`: resolved against the
    page's address. A relative one with no address to resolve it against is none."""
    base = _absolute(url, href)
    return base if _is_web(base) else None


def _is_web(url: str | None) -> bool:
    """Whether `url` is an absolute address ("https://…"), not a path or a file's name."""
    return url is not None and "://" in url[:12]
