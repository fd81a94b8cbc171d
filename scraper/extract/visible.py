"""Bylines and datelines printed for readers, for pages with no metadata tags at all.

Only run when the structured sources gave nothing. The search is bounded to the
headline's neighbourhood (the smallest ancestor of the first `<h1>` with some text
around it), where "By Jace Dela Cruz" and "Jan 16, 2024 05:06 AM EST" sit on nearly
every news page, to a few elements whose class says byline, author or date, and, last,
to a field labelled as the author's ("<dt>Author</dt>") anywhere on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .authors import clean_authors, credits_another, is_initials
from .dates import find_date, find_dates
from .rules import default_rules
from .window import Window

__all__ = ["find_byline", "find_headline"]

_MAX_LINES: Final = 200
_MAX_LABELLED: Final = 40
_COMMENT_DEPTH: Final = 12  # ancestors looked at for a comment section
_HEAD_LINES: Final = 8  # the lines under the headline where an unlabelled byline stands
_NAMES_CHARS: Final = 80
_AND: Final = ("and", "und", "et", "y", "e")  # the words that join names in a byline
_NAME_SEPARATORS: Final = re.compile(rf"\s*(?:,|\||\s(?:{'|'.join(_AND)})\s|\s&\s)\s*")
_EDGES: Final = " |,·•-–—:"
_SEPARATORS: Final = (",", "/", "|", "·", "•")  # between a byline's names, roles and outlets
_JOINED: Final = (",", "&", *(f" {word}" for word in _AND))  # a byline ending so goes on
# The lookahead holds the words' first letters: without it, `re` tries each word in turn
# at every line's start, which made this the costliest regex of the metadata.
_BYLINE: Final = re.compile(
    r"^\s*(?=(?i:[abdeiknoprstvwyíαγат作]))(?:(?i:(?:written|story|words|reporting|posted"
    r"|submitted)\s+by|by|von|par|ein\s+(?:gast)?(?:artikel|beitrag|kommentar)\s+von"
    # A blog's date before the name: "Posted on June 18, 2024 by Jane Doe".
    r"|(?:posted|published|submitted)\s[^\n]{0,30}?\d[^\n]{0,20}?\sby"
    r"|reporter(?=\s*:)|(?:escrit[oa]\s+)?por|scritto\s+da|door(?:\s+onze\s+(?:redacteur|redactrice|correspondent"
    r"|verslaggever)s?)?|text|texto|teksti|kirjoittaja|oleh|penulis|yaza[nr]|szerző"
    r"|írta|napsala?|autor(?:in|ka|[/*:_]in|innen)?(?:/autor(?:in)?)?|authors?|автор(?:ы|ка)?|текст"
    r"|γράφ(?:ει|ουν)(?:\s+(?:ο|η|οι))?|作者)|[aA][vf]|[dD]i)"
    r"(?:\s*:?\s+|\s*：\s*)(?P<names>\S.{1,120})$",
    re.M,
)
# Short lower-case words that turn up beside bylines and are not agencies.
_WORDS: Final = frozenset(
    {"at", "on", "in", "by", "of", "and", "the", "to", "for", "said", "am", "um", "im", "de"}
    | {"la", "le", "el", "il", "der", "die", "das", "und", "von", "vor", "mit", "read", "min"}
    | {"vom", "zum", "zur", "bei", "aus", "für", "les", "des", "par", "sur", "por", "con"}
    | {"so", "da", "wo", "ja", "ok", "oh", "no", "yes", "new", "all", "top", "neu"}
)
# News agencies named in one word beside a byline ("By Jane Roe, Reuters"); their initials
# ("AFP", "dpa") pass as initials.
_AGENCIES: Final = frozenset(
    {"reuters", "bloomberg", "xinhua", "kyodo", "yonhap", "anadolu", "interfax"}
)
# Particles that stand lower-case inside a name ("Ursula von der Leyen", "Juan de la Cruz").
_PARTICLES: Final = frozenset(
    {"von", "van", "der", "den", "de", "du", "da", "di", "del", "la", "le"}
)
# Han or Hangul only: the kana words beside a byline are its buttons ("フォロー"), and
# Korean names have three syllables where the buttons have two ("구독", "공유").
_CJK_NAME: Final = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\uac00-\ud7a3]{3})$")
_AUTHOR_LINKS: Final = 'a[rel~="author"], a[href*="/author/"], a[href*="/by/"]'
_LABELLED: Final = (
    '[rel="author"], [itemprop="author"], a[href*="/author/"], [class*="byline" i],'
    ' [class*="author" i]'
)
# Where no byline is labelled so, nor written with a "By": one named by its link (not a
# licence's "/by/": creativecommons.org/licenses/by/4.0/), by the `data-*` name a React
# site or a platform gives it ("data-testid=byline", Wix's "data-hook=user-name"), or as
# HTML's `<address>` in the story, its author's contact (not a press contact's card).
# The attributes' values are read in Python: a substring test each in the query would
# cost twice as much.
_NAMED: Final = (
    'a[href*="/by/"], [data-testid], [data-qa], [data-component], [data-hook], article address'
)
_NAMING: Final = ("data-testid", "data-qa", "data-component")
_BYLINE_NAME: Final = re.compile(r"byline|author", re.I)
_BYLINE_CHARS: Final = 200  # the most text the line around an author's link holds
# A fact sheet's field for the author, its label in an element of its own:
# "<dt>Author</dt><dd>…</dd>", "<li><strong>Autorin/Autor</strong> Jane Roe</li>".
_FIELD_LABELS: Final = "dt, th, strong, b"
_FIELD_LABEL: Final = re.compile(
    r"(?:written\s+by|authors?|auteure?s?|autor(?:in|en|innen|/in)?(?:/autor(?:in)?)?|autore|text)"
    r"\s*:?",
    re.I,
)
_MAX_FIELDS: Final = 300  # label elements looked at: a page's fact sheet is among the first


def find_byline(tree: LexborHTMLParser, window: Window) -> list[str]:
    """Authors from elements labelled as bylines, else from a "By …" line by the headline,
    else from an element by the headline that only its link or its data names a byline.

    Labelled elements after the headline come first, then those before it, nearest
    first: the bylines further up are usually related stories' in a sidebar.
    """
    names = _labelled_byline(tree, _LABELLED)
    if names:
        return names
    for match in _BYLINE.finditer(window.text):
        names = _plausible(clean_authors([_continued(window.text, match)]))
        if names:
            return names
    # Looked for around the headline only: a query of the whole page for these (any
    # `data-testid`) cost 2% of all extraction, and found one byline in 1 391 pages.
    named = _labelled_byline(tree if window.box is None else window.box, _NAMED, _named_byline)
    return named or _unlabelled_byline(window.text) or _field_byline(tree)


def _labelled_byline(
    root: LexborHTMLParser | LexborNode,
    labelled: str,
    keep: Callable[[LexborNode], bool] | None = None,
) -> list[str]:
    """The names in the first element in `root` `labelled` as a byline (that `keep`
    keeps) that gives any."""
    found = root.css(f"h1, {labelled}")
    nodes = [n for n in found if keep is None or n.tag == "h1" or keep(n)][:_MAX_LABELLED]
    # Whether a node sits in the comments is asked only of those read: the first few.
    start = next((i for i, n in enumerate(nodes) if n.tag == "h1" and not _in_comments(n)), 0)
    ordered = [n for n in nodes[start:] if n.tag != "h1"] + nodes[:start][::-1]
    for node in islice((n for n in ordered if not _in_comments(n)), 10):
        text = node.text(separator="\n", strip=True)
        if 0 < len(text) <= 150 and not _credited_otherwise(node):
            # Names in separate elements are separate names, unless no line is a name.
            lines = _joined(text.splitlines())
            # A name in lower case only where the box prints one so: not a fragment of
            # its author's bio ("I cover consumer finance and fintech regulation.").
            lower = any(map(str.islower, lines))
            names = _plausible(clean_authors(lines), labelled=lower) or _plausible(
                clean_authors([" ".join(lines)]), labelled=lower
            )
            if names:
                return _with_coauthors(node, names)
    return []


def _named_byline(node: LexborNode) -> bool:
    """Whether an element `_NAMED` found is named as a byline."""
    attrs = node.attributes
    if node.tag == "address":
        return node.css_first('a[href^="tel:"]') is None
    if node.tag == "a" and "/by/" in (href := attrs.get("href") or ""):
        return "/licenses/" not in href
    names = " ".join(filter(None, (attrs.get(name) for name in _NAMING)))
    return bool(_BYLINE_NAME.search(names)) or attrs.get("data-hook") == "user-name"


def _with_coauthors(node: LexborNode, names: list[str]) -> list[str]:
    """`names`, and the names of the other author links or elements on the line of an
    author's: "By <a>Jane Roe</a> and <a>John Doe</a>" links each name to its author's
    page, "Par <span class=author>…</span> et <span class=author>…</span>" marks each."""
    line = node.parent
    if line is None or len(line.text(deep=True)) > _BYLINE_CHARS:
        return names
    found = list(names)
    if node.tag == "a":
        others = line.css(_AUTHOR_LINKS)
    else:  # its twins only: the same element, classed the same
        others = [
            n
            for n in line.iter()
            if n.tag == node.tag and n.attributes == node.attributes and n.mem_id != node.mem_id
        ]
    for link in (other for other in others if not _credited_otherwise(other)):
        text = link.text(separator=" ", strip=True)
        found += [n for n in _plausible(clean_authors([text]), labelled=True) if n not in found]
    return found


def _joined(lines: list[str]) -> list[str]:
    """A byline's lines, each that a separator starts, or that follows a separator alone
    or a credit ("edited by"), run on to the line before: a role's or an outlet's element
    ("<a>Jane Doe</a>, <span>Property Correspondent</span>", "<a>Jane Doe</a> / TNN /")
    names no one, nor an editor's."""
    joined: list[str] = []
    after_separator = False
    for line in lines:
        if joined and (after_separator or line.startswith(_SEPARATORS)):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        after_separator = not line.strip(_EDGES) or credits_another(line)
    return joined


def _credited_otherwise(node: LexborNode) -> bool:
    """Whether an element names someone another credit than the author's: "Edited by
    <a>…</a>"."""
    before = node.prev
    return before is not None and before.tag == "-text" and credits_another(before.text())


def _field_byline(tree: LexborHTMLParser) -> list[str]:
    """The names in a field labelled as the author's, wherever the page prints it: some
    sites give the author only in a fact sheet beside the story, far from its headline."""
    for label in tree.css(_FIELD_LABELS)[:_MAX_FIELDS]:
        if not _FIELD_LABEL.fullmatch(label.text(strip=True)) or _in_comments(label):
            continue
        value = label.next  # the field's value: the next element or words
        while value is not None and (
            value.tag == "-comment" or (value.tag == "-text" and not value.text().strip())
        ):
            value = value.next
        if value is None:
            continue
        text = value.text(separator="\n", strip=True)
        lines = text.splitlines()[:3] if len(text) <= 150 else []
        names = _plausible(clean_authors(lines))  # capitalised: a label may head a link
        if names:
            return names
    return []


def _continued(window: str, match: re.Match[str]) -> str:
    """A byline's names, with those on the lines after it while a comma or an "and"
    joins them: each name may be an element of its own ("Von:", "Bill Roe", ",",
    "Ann Lee"; "By", "Jane Doe", "and", "John Smith")."""
    names = match["names"].rstrip()
    following = window[match.end() : match.end() + _NAMES_CHARS * 2].splitlines()
    for line in filter(None, (line.strip() for line in following)):
        joined = names.endswith(_JOINED) or line.startswith((",", "&"))
        if not (joined or line.split(" ", 1)[0] in _AND) or len(names) > _NAMES_CHARS:
            break  # (the next line goes on only after a comma or an "and", or with one)
        names = f"{names} {line}"
    return names


def _unlabelled_byline(window: str) -> list[str]:
    """Names alone on a line under the headline, beside the story's date, with no "By":
    "Jane Roe | Reuters", "Jane Roe, John Doe and Ann Lee 01.05.2024". At least two, and
    every part a name or an agency: two capitalised words alone may be anything ("Filed
    Under", "Keine Kommentare"), and a kicker or a breadcrumb holds other words."""
    lines = [line for line in window.splitlines()[1 : 2 * _HEAD_LINES] if line.strip()]
    lines = lines[:_HEAD_LINES]  # (the window's first line is the headline)
    for index, line in enumerate(lines):
        if _NAME_SEPARATORS.search(line) is None:  # (most lines: no date is looked for)
            continue
        dated = next(find_dates(line), None)
        if dated is not None:  # the date on the same line ends the names
            line = line[: dated[0]]
        elif not any(find_date(near) for near in lines[max(0, index - 1) : index + 2]):
            continue
        parts = [part for part in _NAME_SEPARATORS.split(line.strip(_EDGES)) if part]
        if len(parts) < 2 or len(line) > _NAMES_CHARS:  # one name alone: any two words
            continue
        people = _plausible(clean_authors(parts))
        if len(people) == len(parts) or (
            people and all(_is_agency(p) for p in parts[len(people) :])
        ):
            return _without_agencies(people)
    return []


def _without_agencies(names: list[str]) -> list[str]:
    """The people of a byline without the agency they write for ("Jane Roe | Reuters",
    "Jane Roe, AFP"), which is the author only when no one is named. (A German wire's
    lower-case credit, "Jane Roe | dpa", names its copy as a source, and stays.)"""
    people = [n for n in names if n.casefold() not in _AGENCIES and not n.isupper()]
    return people if any(" " in name for name in people) else names


def _is_agency(word: str) -> bool:
    """An agency's name beside a byline: one capitalised word ("Reuters") or initials."""
    return " " not in word and (word[:1].isupper() or _is_initials(word))


def find_headline(window: str) -> str | None:
    """For pages with no `<h1>` and no `<title>`: the line right above the byline or
    dateline, which is where every news layout puts the headline. Not a sentence that
    ends with a full stop: that is the story's last line above a byline at its end."""
    lines = window.splitlines()[:_MAX_LINES]
    for index, line in enumerate(lines):
        if len(line) <= 80 and (_BYLINE.match(line) or find_date(line)):
            for previous in reversed(lines[max(0, index - 3) : index]):
                if 3 <= len(previous.split()) <= 40:
                    return None if previous.rstrip().endswith(".") else previous.strip()
            return None
    return None


def _plausible(names: list[str], *, labelled: bool = False) -> list[str]:
    """Names from running text: a single word is a button ("Folgen", "Stand") or a stray
    word ("at") unless it is an agency's initials ("AFP", "dpa") or its one-word name
    ("Reuters"), or a Chinese, Japanese or Korean name, written without a space
    ("山田太郎", "김민수").

    Words are capitalised where the script has capitals: "in Rubrik" is a phrase cut
    from a sentence. Only an element labelled as a byline may print a name all in
    lower case ("giampiero maggio")."""
    return [
        n
        for n in names
        if (" " in n and _capitalised(n, labelled))
        or _is_initials(n)
        or _CJK_NAME.match(n)
        or n.casefold() in _AGENCIES
    ]


def _capitalised(name: str, lower_allowed: bool) -> bool:
    words = name.split()
    if lower_allowed and name.islower():
        return True
    return not (words[0][0].islower() or words[-1][0].islower()) and all(
        not word[0].islower() or word in _PARTICLES for word in words
    )


def _is_initials(word: str) -> bool:
    return len(word) >= 2 and word not in _WORDS and is_initials(word)


def _in_comments(node: LexborNode) -> bool:
    """Whether `node` sits in a comment section, whose authors are readers ("Jane sagt:")."""
    rules = default_rules()
    parent = node.parent
    for _ in range(_COMMENT_DEPTH):
        if parent is None:
            return False
        attrs = parent.attributes
        names = " ".join(filter(None, (attrs.get("class"), attrs.get("id"))))
        if names and rules.container_by_class(names) == "comments":
            return True
        parent = parent.parent
    return False
