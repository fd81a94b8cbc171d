"""The headline: the page's title without the site's name around it.

`<title>` and og:title usually carry the site ("… | CBC News", "The Guardian - …",
"VCPOST: …"); the `<h1>` usually does not, but on some pages it is the logo or a
shortened headline. So the most trusted structured title is taken, cut to an `<h1>` that
leads it ("H1 | Site") or ends its breadcrumb ("Site > News > H1"), and otherwise cut at
its separators, dropping the parts that name the site (from og:site_name, the publisher
or the host name) and a short last part after a `|`. The `<h1>` alone is the headline
only for pages with no structured title.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

from ..urls import site_domain

__all__ = [
    "FORMATS",
    "choose_title",
    "clean_title",
    "host_key",
    "names_site",
    "reads_as_headline",
    "strip_site",
    "text_key",
]

# "ㅣ" is a Hangul vowel that Korean sites print as a pipe ("HeadlineㅣSite").
_SEPARATOR: Final = re.compile(r"\s+[|–—·•»«›‹/]\s+|\s+--?\s+|\s*[|｜：ㅣ]\s*|\s*::?\s+")
_GLUES: Final = (":", "-", "|", "ㅣ", "_")  # "Headline:Site" has no separator, but the site's name
_DATE_PART: Final = re.compile(r"\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*")  # "… | Site | 28.04.2023"
# A part that is a host name names a site, even one we do not know ("… - HT.de").
_DOMAIN: Final = re.compile(
    r"\s*[\w-]+\.(?:com|net|org|info|news|de|at|ch|co\.uk|uk|fr|it|es|nl|be|ca|au|in|jp)\s*", re.I
)
_SECTION_WORDS: Final = 2  # "World", "Local News": longer parts may be the headline's own
# What a story is, as titles print it before the headline ("Opinion | …").
FORMATS: Final = frozenset(
    {
        *("opinion", "analysis", "commentary", "editorial", "review", "column", "interview"),
        *("explainer", "perspective", "obituary", "live", "video", "podcast", "exclusive"),
        *("breaking", "fact check", "live blog", "breaking news", "letters to the editor"),
        *("meinung", "kommentar", "analyse", "kolumne", "gastbeitrag", "leitartikel"),
        *("tribune", "chronique", "éditorial", "opinión", "análisis", "entrevista"),
        *("opinione", "commento", "intervista", "opinião", "análise", "mening", "debatt"),
    }
)
# A breadcrumb: "Site :: Section :: Headline" (the site and a section, a few words each).
_CRUMB: Final = re.compile(r"\s+(::|[>»›|/–—·•-])\s+")
_MIN_CRUMBS: Final = 2
_CRUMB_WORDS: Final = 4
# Where a part of a title starts or ends: a separator, or a breadcrumb's.
_PART_EDGE: Final = re.compile(f"{_SEPARATOR.pattern}|{_CRUMB.pattern}")
_PART_BEFORE: Final = re.compile(f"(?:{_PART_EDGE.pattern})$")
_MAX_TITLE: Final = 400
_MAX_TAIL: Final = 40  # a section and a site name
# WordPress prints the quotes an editor typed as curly-quote entities ("&#8217;"), which
# reach JSON-LD undecoded; a curly quote typed as such arrives as the character itself.
_TEXTURED_QUOTE: Final = re.compile(r"&#82(?:1([6-9])|2([01]));")
_KICKER_ENDS: Final = (":", "|", "-", "–", "—")
_ELLIPSES: Final = ("...", "…")
# "Headline-新华网", "Headline_Site": a site's name glued on without spaces, trusted only
# after an `<h1>` that is the whole headline, and only when it is one short word, not
# Latin after a short head: "Covid-19" and "Spider-Man" are words of their own.
_GLUED_TAIL: Final = re.compile(r"[-_－]\S{1,16}")
_GLUED_HEAD_WORDS: Final = 3
# "Headline_Section_" → "Headline_": sections in a script other than Latin ("snake_case").
_GLUED_SECTIONS: Final = re.compile(r"(?:_[^_\s\x00-\u024f]{1,8})+(?=_$)")
_NOT_ALNUM: Final = re.compile(r"[\W_]+")  # `\w` is what `str.isalnum` accepts, and "_"
# The same in ASCII, for `bytes.translate`: ten times faster than the regex, and most
# keys are ASCII.
_ASCII_NOT_ALNUM: Final = bytes(c for c in range(128) if not chr(c).isalnum())


def choose_title(
    candidates: Iterable[str | None],
    headings: Sequence[str],
    site_names: Sequence[str],
    url: str | None,
    sections: Sequence[str] = (),
    menus: Callable[[], Collection[str]] = frozenset,
    story_heads: Callable[[], Collection[str]] | None = None,
) -> str | None:
    """The headline from the most trusted structured title, cut to an `<h1>` it contains.

    `candidates` come best first (JSON-LD headline, twitter:title, og:title, …,
    `<title>`); only the first present one is used: when they differ, the others are
    rewrites of it for social media or search, not the site's name added to it.
    `sections` are the page's names for its section, which titles print beside the site's;
    `menus()` the text keys of its menus' and breadcrumb's names, which a breadcrumb title
    repeats (asked for only when a title reads as one). `story_heads`, given when the
    only title is the page's `<title>`, tells which `<h1>`s stand where a story's headline
    does (not a logo's): one that is a part of that title is the headline ("Site:
    Headline", "Site :: News :: Headline"), as no richer source says otherwise, unless
    an earlier part is another story heading's (the `<h1>` then names a series).
    """
    sites = {text_key(name) for name in site_names}
    # A "title" that is only the site's name (a CMS default) says nothing about the story.
    titles = [
        t for t in (clean_title(c) for c in candidates if c) if t and text_key(t) not in sites
    ]
    heads = [h for h in (clean_title(h) for h in headings) if 3 <= len(h) <= _MAX_TITLE]
    title = _whole(titles[0], [*titles[1:], *heads]) if titles else None
    if title is not None:
        title = _without_kicker(title, titles[1:])
        title = _without_site_tail(title, titles[1:], sites, host_key(url))
    if title is None:
        return heads[0] if heads else None
    names = _Names([k for k in sites if len(k) >= 2], set(map(text_key, sections)), url, menus)
    for head in heads:
        if head == title or _is_part(head, title) or _is_labelled(head, title):
            return head
        crumbs = _crumbs_before(head, title)
        if crumbs and all(map(names.named, crumbs)):
            return head
    if story_heads is not None:
        host = host_key(url)
        parted = [
            h for h in heads if _is_any_part(h, title) and not names_site(h, names.sites, host)
        ]
        stories = story_heads() if parted else ()
        found = next((head for head in parted if head in stories), None)
        if found:
            return _headline_before(found, title, stories, names.sites, host) or found
    return strip_site(title, site_names, url, sections)


def _headline_before(
    head: str, title: str, stories: Collection[str], sites: list[str], host: str
) -> str | None:
    """Another story heading that is a part of `title` before `head`: `head` names the
    series or column the story is in ("Rail link delayed | The Long Read | Site", with
    `<h1>The Long Read</h1><h2>Rail link delayed</h2>")."""
    before = _PART_BEFORE.sub("", title[: title.find(head)])
    found = (
        story
        for story in stories
        if story != head and _is_any_part(story, before) and not names_site(story, sites, host)
    )
    return min(found, key=before.find, default=None)


def reads_as_headline(text: str) -> bool:
    # Three words; or, in a script written without spaces, a few characters.
    return len(text.split()) >= 3 or (not text.isascii() and " " not in text and len(text) >= 6)


def _whole(title: str, others: Sequence[str]) -> str:
    """`title`, or the first other title it is a cut-off start of: twitter:title is often
    shortened to fit ("Adelson's security team…") where og:title and `<h1>` are whole."""
    if not title.endswith(_ELLIPSES):
        return title
    start = title.rstrip(".…").rstrip()
    longer = (t for t in others if len(t) > len(start) + 1 and t.startswith(start))
    return next(longer, title)


def _without_kicker(title: str, others: Sequence[str]) -> str:
    """`title`, or another source's title that is `title` without its kicker ("Kicker:
    Headline" in JSON-LD, "Headline" in og:title): the headline is the shortest form."""
    for other in others:
        kicker = title[: -len(other)].rstrip() if title.endswith(other) else ""
        if kicker.endswith(_KICKER_ENDS) and len(kicker) > 1:
            return other
    return title


def _without_site_tail(title: str, others: Sequence[str], sites: set[str], host: str) -> str:
    """Another source's title that `title` extends only by a tail naming the site:
    "Headline-SectionㅣSite" in og:title, "Headline" in `<meta name=headline>`. The
    tail's separators need not be any that `strip_site` knows."""
    for other in others:
        rest = title[len(other) :] if title.startswith(other) else ""
        if not rest or rest[0].isalnum() or len(text_key(rest)) > _MAX_TAIL:
            continue  # the tail starts at a break, not inside a word
        if names_site(rest, [k for k in sites if len(k) >= 2], host):
            return other
    return title


def _is_part(head: str, title: str) -> bool:
    """Whether `head` is the leading part of `title`, before a separator ("H1 | Site") or
    a short tail glued on ("H1-Site").

    Not a trailing part: "Kicker: Headline" keeps its kicker when an `<h1>` omits it.
    """
    if not title.startswith(head):
        return False
    if _SEPARATOR.match(title, len(head)):
        return True
    glued = _GLUED_TAIL.fullmatch(title, len(head))
    if glued is None:
        return False
    return not glued.group().isascii() or len(head.split()) >= _GLUED_HEAD_WORDS


def _is_any_part(head: str, title: str) -> bool:
    """Whether `head` is a part of `title` between separators, or a breadcrumb's ("Site >
    News > Head"), and reads as a headline."""
    at = title.find(head) if reads_as_headline(head) else -1
    while at >= 0:
        end = at + len(head)
        before = at == 0 or _PART_BEFORE.search(title, 0, at) is not None
        if before and (end == len(title) or _PART_EDGE.match(title, end)):
            return True
        at = title.find(head, at + 1)
    return False


def _is_labelled(head: str, title: str) -> bool:
    """Whether `title` is `head` after a story's format or date and a pipe ("Opinion |
    Headline", "08.11.2021 | Headline"), which the page's own headline leaves out. Not
    any words before a pipe: "Headline | Site" with the site's logo for `<h1>` reads the
    same. (A kicker before a colon, "Kicker: Headline", is part of the headline.)"""
    label = title[: -len(head)].rstrip() if title.endswith(head) and head != title else ""
    if not label.endswith("|"):
        return False
    return _is_format(label[:-1], "|") or bool(_DATE_PART.fullmatch(label[:-1]))


def _crumbs_before(head: str, title: str) -> list[str]:
    """The crumbs of `title` when it is a breadcrumb that ends with `head`: "Site ::
    Local News :: Headline", "Site > News > Headline", as many older CMSs print it. Two
    short parts or more, one separator between each, before a head longer than any of
    them: a logo's `<h1>` ends no such title ("Headline | Section | Site" has a long
    part). (Whether they name the site's sections, `_is_crumb` tells.)"""
    trail = title[: -len(head)] if title.endswith(head) and reads_as_headline(head) else ""
    pieces = _CRUMB.split(trail)  # parts and separators, and "" after the last separator
    crumbs, separators = pieces[:-1:2], set(pieces[1::2])
    words = len(head.split())
    crumbed = (
        len(crumbs) >= _MIN_CRUMBS
        and pieces[-1] == ""
        and len(separators) == 1
        and all(0 < len(crumb.split()) <= min(_CRUMB_WORDS, words - 1) for crumb in crumbs)
    )
    return crumbs if crumbed else []


@dataclass(frozen=True)
class _Names:
    """What the parts of a breadcrumb title name: the site (`sites`: text keys, the
    host's name), its section (`sections`), or a link of its menus (`menus()`)."""

    sites: list[str]
    sections: set[str]
    url: str | None
    menus: Callable[[], Collection[str]]

    def named(self, part: str) -> bool:
        """Whether a crumb is such a name: a headline's kicker ("Live: Chelsea v Arsenal
        - Premier League - …", "Analysis / Ukraine / …") is worded as no menu is."""
        key = text_key(part)
        if key in self.sections or names_site(part, self.sites, host_key(self.url)):
            return True
        return key in self.menus()


def _is_format(part: str, separator: str) -> bool:
    """Whether `part`, before a pipe, says what the story is ("Opinion | …")."""
    return "|" in separator and part.strip().casefold() in FORMATS


def strip_site(
    title: str, site_names: Sequence[str], url: str | None, sections: Sequence[str] = ()
) -> str:
    """`title` without leading or trailing parts that name the site, and without the
    story's section and date that sit beside the site's name ("… | World | Site")."""
    title = _without_glued_site(title, site_names)
    seps = [m for m in _SEPARATOR.finditer(title) if not _enclosed(title, m.start())]
    if not seps:
        return title
    # edges[i] is the separator before part i (a zero-width one at each end).
    edges = [(0, 0), *(m.span() for m in seps), (len(title), len(title))]
    parts = [title[edges[i][1] : edges[i + 1][0]] for i in range(len(edges) - 1)]
    keys = [k for k in (text_key(name) for name in site_names) if len(k) >= 2]
    host = host_key(url)
    section_keys = {key for key in map(text_key, sections) if key}
    first, last = 0, len(parts)
    while last - first > 1 and (
        names_site(parts[last - 1], keys, host)
        or text_key(parts[last - 1]) in section_keys
        or _DATE_PART.fullmatch(parts[last - 1])
    ):
        last -= 1
    # "Headline | Site | Tagline": the site's name, plainly given, ends the headline.
    last = next((i for i in range(first + 1, last) if _is_site(parts[i], keys, host)), last)
    site_cut = any(names_site(part, keys, host) for part in parts[last:])
    while last - first > 1 and (
        names_site(parts[first], keys, host) or _is_format(parts[first], seps[first].group())
    ):
        first += 1
    rest = title[edges[first][1] : edges[last - 1][0]]
    if site_cut and last - first > 1 and _is_section(parts[last - 1], rest):
        last -= 1  # "… | World | Site": a section is printed before the site's name
    if (first, last) == (0, len(parts)):
        # No part names the site: drop one short trailing part after a pipe ("… | News").
        short_tail = len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3
        if not (short_tail and "|" in seps[-1].group()):
            return title
        last -= 1
    return title[edges[first][1] : edges[last][0]].strip() or title


def _enclosed(title: str, at: int) -> bool:
    """Whether a place in the title is inside parentheses: "Obituary (1931 - 2024)"."""
    return title.count("(", 0, at) > title.count(")", 0, at) and ")" in title[at:]


def _without_glued_site(title: str, site_names: Sequence[str]) -> str:
    """`title` without the site's name glued to its end by a bare colon or dash
    ("Headline:Site", common in Japanese titles), which `_SEPARATOR` cannot trust. Glued
    by "_", as Chinese portals write "Headline_Section_Site", the short parts glued so
    before it go too."""
    for name in site_names:
        head = title[: -len(name)] if len(name) >= 2 and title.endswith(name) else ""
        if head[-1:] in _GLUES and len(head) > len(name):
            if head[-1] == "_":
                head = _GLUED_SECTIONS.sub("", head)
            return head[:-1].rstrip()
    return title


def _is_section(part: str, headline: str) -> bool:
    return len(part.split()) <= _SECTION_WORDS < len(headline.split())


def _is_site(part: str, keys: list[str], host: str) -> bool:
    """Whether `part` is the site's name itself, not a phrase that contains it."""
    key = text_key(part)
    return bool(_DOMAIN.fullmatch(part)) or key in keys or (bool(host) and key.startswith(host))


def names_site(part: str, keys: list[str], host: str) -> bool:
    key = text_key(part)
    if not key or len(part.split()) > 8:
        return False
    if _DOMAIN.fullmatch(part):
        return True
    if any(key == k or (len(k) >= 4 and (k in key or key in k)) for k in keys):
        return True
    return bool(host) and len(key) >= 3 and (key in host or host in key)


def host_key(url: str | None) -> str:
    """The host's registrable label, as a key: "https://www.cbc.ca/news/…" → "cbc"."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    labels = site_domain(host).split(".")
    return text_key(labels[0]) if len(labels) >= 2 else ""


# (Remembered: a page's title and headline are keyed again by each stage that compares
# them, and NFKC and case folding read every character.)
@lru_cache(maxsize=1024)
def text_key(text: str) -> str:
    """`text` case-folded with only its letters and digits, for comparing names."""
    key = unicodedata.normalize("NFKC", text).casefold()
    if key.isascii():
        return key.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    return _NOT_ALNUM.sub("", key)


def clean_title(text: str) -> str:
    """Whitespace collapsed and entities decoded (some CMSs escape og:title twice)."""
    if "&" in text:
        text = html.unescape(_TEXTURED_QUOTE.sub(_typed_quote, text))
    text = " ".join(text.split())
    return text if len(text) <= _MAX_TITLE else ""


def _typed_quote(match: re.Match[str]) -> str:
    return "'" if match[1] in ("6", "7") else '"'
