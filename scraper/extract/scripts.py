"""The article of an app shell: markup that only a script on the page carries.

Sites built with Next.js, Nuxt and the like sometimes send a page whose markup holds no
article at all: the story travels as an HTML string inside a script (`__NEXT_DATA__` JSON,
React server-component pushes, `window.__NUXT__ = …`) and the browser renders it. Some
templates (Google's Blogger themes) send the post as the markup of a
`<script type="text/template">`; others hand it to the component that renders the page
as JSON in an attribute (`<div data-react-props="{…}">`). When a page's own markup gives
(almost) no article text, such markup with several paragraphs is taken instead: the one
holding the start of the page's description, else the largest. It is then cleaned and
read like any page body. (A Next.js app-router page may hand its story over as React
elements: `flight` writes them back as markup.) Others hand the story over as a list of
blocks, a paragraph or a heading each (`{"type": "paragraph", "content": "…"}`: Arc XP's
`content_elements`, Sanity's portable text, many a Next.js page's props): each becomes
its element. Failing that, the JSON-LD article's `articleBody` (plain text or markup) is
read the same way: many shells print it for search engines. Last, the page's own
fallbacks: what it shows a browser without scripts or frames (`<noscript>`,
`<noframes>`), and a declarative shadow root's `<template>`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from .flight import flight_markups
from .jsonld import read_jsonld
from .titles import text_key

__all__ = [
    "article_markup_in_attributes",
    "article_markup_in_blocks",
    "article_markup_in_fallbacks",
    "article_markup_in_jsonld",
    "article_markup_in_scripts",
    "jsonld_markup",
]

# A double-quoted JSON/JavaScript string literal of at least _MIN_LITERAL characters. Each
# character is matched by exactly one branch, so the scan is linear.
_MIN_LITERAL: Final = 400
_LITERAL: Final = re.compile(rf'"((?:[^"\\\n]|\\.){{{_MIN_LITERAL},}})"')
# `<p>` as scripts write it: plain, or escaped as JSON does for `<` (\u003c).
_ESCAPED_PARAGRAPH: Final = re.compile(r"(?:<|\\u003[cC])p[\s>\\]")
_PARAGRAPH: Final = re.compile(r"<p[\s>]", re.IGNORECASE)
_MIN_PARAGRAPHS: Final = 2
# Slots the app fills at render time ("$$ARTICLEAD$$", "{{ad}}", "%%EMBED%%"): not text.
_PLACEHOLDER: Final = re.compile(r"\$\$\w{1,40}\$\$|\{\{[\w\s.-]{1,40}\}\}|%%\w{1,40}%%")
_MAX_SCRIPT: Final = 5_000_000  # characters: a bound on the work one page can ask for
_TEMPLATE_TYPES: Final = frozenset({"text/template", "text/html", "text/x-template"})
_JSONLD: Final = 'script[type="application/ld+json" i]'
_LINE_BREAKS: Final = re.compile(r"\s*\n\s*")
_TAG: Final = re.compile(r"<[^>]*>")
_DESCRIBED_CHARS: Final = 40  # letters and digits of the description an article must hold
# A list of blocks: a paragraph or heading each, its text under one of `_TEXT_KEYS` (HTML
# or plain text, read as HTML: such apps hand both with entities escaped).
_BLOCK: Final = re.compile(r'"_?type"\s*:\s*"(?:paragraph|text|block)"')
_HEADING_TYPES: Final = frozenset({"header", "heading", "subheading", "subhead"})
_BLOCK_TYPES: Final = _HEADING_TYPES | {"paragraph", "text", "block"}
_TEXT_KEYS: Final = ("content", "html", "text", "value")
_ASSIGNED_OBJECT: Final = re.compile(r"=\s*\{")
_MAX_ASSIGNMENTS: Final = 5
_MAX_VALUES: Final = 200_000  # JSON values walked: a bound on the work one page can ask for
_MAX_BLOCKS: Final = 2_000
# Where the page's own markup keeps what a browser shows in place of the scripts or the
# frames it does not run, and what it renders inside an element (`shadowroot` before 2023).
_FALLBACKS: Final = "noscript, noframes, template[shadowrootmode], template[shadowroot]"
_MIN_FALLBACK_TEXT: Final = 400  # characters: more than a notice says
# A notice in their place, not a story: what it says at once is of scripts, the browser,
# or cookies ("JavaScript is disabled", "Your browser is not supported").
_NOTICE: Final = re.compile(r"javascript|browser|cookie|navigateur|navegador|браузер", re.I)
_NOTICE_CHARS: Final = 300


def article_markup_in_scripts(tree: LexborHTMLParser, description: str | None = None) -> str | None:
    """The HTML string with paragraphs that the page's inline scripts carry, or the
    elements of their React flight data (`flight`), with paragraphs (`_pick`)."""
    found: list[str | None] = []
    codes = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if "src" in script.attributes or "ld+json" in kind:
            continue  # external code, or JSON-LD (read as metadata, with its articleBody)
        code = script.text(deep=True)
        codes.append(code)
        if len(code) < _MIN_LITERAL or not _ESCAPED_PARAGRAPH.search(code):
            continue
        if kind in _TEMPLATE_TYPES:
            found.append(_article_markup(code[:_MAX_SCRIPT]))
        else:
            found.extend(_markup(m.group(1)) for m in _LITERAL.finditer(code[:_MAX_SCRIPT]))
    found.extend(map(_article_markup, flight_markups(codes)))
    return _pick(found, description)


def article_markup_in_attributes(
    tree: LexborHTMLParser, description: str | None = None
) -> str | None:
    """The HTML string with paragraphs in the JSON of an element's attribute (`_pick`):
    the props a server hands to the component that renders the page (React on Rails'
    `data-react-props`, Inertia's `data-page`, a Vue island's props)."""
    found: list[str | None] = []
    for node in tree.root.traverse() if tree.root is not None else ():
        for value in node.attributes.values():
            if not value or len(value) < _MIN_LITERAL or value.lstrip()[:1] not in ("{", "["):
                continue
            if _ESCAPED_PARAGRAPH.search(value):
                literals = _LITERAL.finditer(value[:_MAX_SCRIPT])
                found.extend(_markup(m.group(1)) for m in literals)
    return _pick(found, description)


def article_markup_in_fallbacks(
    tree: LexborHTMLParser, description: str | None = None
) -> str | None:
    """The markup with paragraphs (`_pick`) that a page shows a browser that runs no
    scripts or shows no frames (`<noscript>`, `<noframes>`), or that a browser renders
    in a declarative shadow root (`<template shadowrootmode>`). Not a tracking pixel,
    nor a plea to turn JavaScript on, however long: a story has paragraphs and words,
    and opens with none of a notice's."""
    found: list[str | None] = []
    for node in tree.css(_FALLBACKS):
        outer = node.html or ""
        inner = outer[outer.find(">") + 1 : outer.rfind("</")][:_MAX_SCRIPT]
        text = " ".join(html.unescape(_TAG.sub(" ", inner)).split())
        if len(text) >= _MIN_FALLBACK_TEXT and not _NOTICE.search(text[:_NOTICE_CHARS]):
            found.append(_article_markup(inner))
    return _pick(found, description)


def _pick(found: list[str | None], description: str | None) -> str | None:
    """The longest markup that holds the start of the page's description, else the
    longest: the data behind a page holds other stories too (related ones, the next),
    and its own is the one the page describes itself with."""
    markups = [markup for markup in found if markup]
    key = text_key(description or "")[:_DESCRIBED_CHARS]
    if len(key) == _DESCRIBED_CHARS:
        described = [m for m in markups if key in text_key(_TAG.sub(" ", html.unescape(m)))]
        markups = described or markups
    return max(markups, key=len, default=None)


def _markup(literal: str) -> str | None:
    """The literal's value when it is HTML with paragraphs."""
    if not _ESCAPED_PARAGRAPH.search(literal):
        return None
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:  # JavaScript escapes JSON does not know (\x3c, \'): not worth guessing
        return None
    return _article_markup(value) if isinstance(value, str) else None


def _article_markup(markup: str) -> str | None:
    """`markup` without its render-time placeholders, when it has paragraphs."""
    if len(_PARAGRAPH.findall(markup)) < _MIN_PARAGRAPHS:
        return None
    return _PLACEHOLDER.sub("", markup)


def article_markup_in_blocks(tree: LexborHTMLParser, description: str | None = None) -> str | None:
    """The story that an app's data holds as a list of blocks (`_pick` among the lists)."""
    found: list[str | None] = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if "src" in script.attributes or "ld+json" in kind:
            continue
        code = script.text(deep=True)[:_MAX_SCRIPT]
        if _BLOCK.search(code):
            for data in _json_values(code):
                found.extend(_block_lists(data))
    return _pick(found, description)


def _json_values(code: str) -> Iterator[Any]:
    """The JSON values a script holds: itself, or the objects it assigns (`window.X = {…}`)."""
    body = code.lstrip()
    starts = [len(code) - len(body)] if body[:1] in ("{", "[") else []
    starts += [m.end() - 1 for m in islice(_ASSIGNED_OBJECT.finditer(code), _MAX_ASSIGNMENTS)]
    decoder = json.JSONDecoder()
    for start in starts:
        try:
            yield decoder.raw_decode(code, start)[0]
        except (ValueError, RecursionError):
            continue


def _block_lists(data: Any) -> Iterator[str]:
    """Markup for each list in `data` of at least `_MIN_PARAGRAPHS` paragraph blocks."""
    todo, seen = [data], 0
    while todo and seen < _MAX_VALUES:
        value = todo.pop()
        seen += 1
        if isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
            parts = [part for part in map(_block_markup, value[:_MAX_BLOCKS]) if part]
            if sum(part.startswith("<p>") for part in parts) >= _MIN_PARAGRAPHS:
                yield "".join(parts)


def _block_markup(block: Any) -> str | None:
    """A paragraph's or a heading's markup, for a block that is one."""
    if not isinstance(block, dict):
        return None
    kind = block.get("type") or block.get("_type")
    if not isinstance(kind, str) or kind.lower() not in _BLOCK_TYPES:
        return None
    text = next((v for v in map(block.get, _TEXT_KEYS) if isinstance(v, str) and v.strip()), "")
    children = block.get("children")
    if not text and isinstance(children, list):  # portable text: spans of text
        text = html.escape("".join(c.get("text") or "" for c in children if isinstance(c, dict)))
    if not text.strip():
        return None
    heading = kind.lower() in _HEADING_TYPES or block.get("style") in ("h2", "h3", "h4")
    return f"<h2>{text}</h2>" if heading else f"<p>{text}</p>"


def article_markup_in_jsonld(tree: LexborHTMLParser) -> str | None:
    """The JSON-LD article's `articleBody` as markup: kept when it is markup (some CMSs
    put the HTML there), else one paragraph per line of its text."""
    blocks = (node.text(deep=True) for node in tree.css(_JSONLD))
    body = read_jsonld(blocks).article.get("articleBody")
    return jsonld_markup(body) if isinstance(body, str) else None


def jsonld_markup(body: str) -> str | None:
    """A JSON-LD `articleBody` as markup: kept when it is markup (some CMSs put the HTML
    there), else one paragraph per line of its text."""
    if not body.strip():
        return None
    if _PARAGRAPH.search(body):
        return _PLACEHOLDER.sub("", body)
    lines = _LINE_BREAKS.split(body.strip())
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
