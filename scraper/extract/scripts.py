"""The article of an app shell: markup that only a script on the page carries.

Sites built with Next.js, Nuxt and the like sometimes send a page whose markup holds no
article at all: the story travels as an HTML string inside a script (`__NEXT_DATA__` JSON,
React server-component pushes, `window.__NUXT__ = …`) and the browser renders it. Some
templates (Google's Blogger themes) send the post as the markup of a
`<script type="text/template">`. When a page's own markup gives (almost) no article
text, the largest such markup with several paragraphs is taken instead; it is then
cleaned and read like any page body. Failing that, the JSON-LD article's `articleBody`
(plain text or markup) is read the same way: many shells print it for search engines.
"""

from __future__ import annotations

import html
import json
import re

from selectolax.lexbor import LexborHTMLParser

from .jsonld import read_jsonld

__all__ = ["article_markup_in_jsonld", "article_markup_in_scripts"]

# A double-quoted JSON/JavaScript string literal of at least _MIN_LITERAL characters. Each
# character is matched by exactly one branch, so the scan is linear.
_MIN_LITERAL = 400
_LITERAL = re.compile(rf'"((?:[^"\\\n]|\\.){{{_MIN_LITERAL},}})"')
# `<p>` as scripts write it: plain, or escaped as JSON does for `<` (\u003c).
_ESCAPED_PARAGRAPH = re.compile(r"(?:<|\\u003[cC])p[\s>\\]")
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
_MIN_PARAGRAPHS = 2
# Slots the app fills at render time ("$$ARTICLEAD$$", "{{ad}}", "%%EMBED%%"): not text.
_PLACEHOLDER = re.compile(r"\$\$\w{1,40}\$\$|\{\{[\w\s.-]{1,40}\}\}|%%\w{1,40}%%")
_MAX_SCRIPT = 5_000_000  # characters: a bound on the work one page can ask for
_TEMPLATE_TYPES = frozenset({"text/template", "text/html", "text/x-template"})
_JSONLD = 'script[type="application/ld+json" i]'
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def article_markup_in_scripts(tree: LexborHTMLParser) -> str | None:
    """The largest HTML string with paragraphs found in the page's inline scripts."""
    best: str | None = None
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if "src" in script.attributes or "ld+json" in kind:
            continue  # external code, or JSON-LD (read as metadata, with its articleBody)
        code = script.text(deep=True)
        if len(code) < _MIN_LITERAL or not _ESCAPED_PARAGRAPH.search(code):
            continue
        if kind in _TEMPLATE_TYPES:
            found = [_article_markup(code[:_MAX_SCRIPT])]
        else:
            found = [_markup(m.group(1)) for m in _LITERAL.finditer(code[:_MAX_SCRIPT])]
        for markup in found:
            if markup and (best is None or len(markup) > len(best)):
                best = markup
    return best


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


def article_markup_in_jsonld(tree: LexborHTMLParser) -> str | None:
    """The JSON-LD article's `articleBody` as markup: kept when it is markup (some CMSs
    put the HTML there), else one paragraph per line of its text."""
    blocks = (node.text(deep=True) for node in tree.css(_JSONLD))
    body = read_jsonld(blocks).article.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return None
    if _PARAGRAPH.search(body):
        return _PLACEHOLDER.sub("", body)
    lines = _LINE_BREAKS.split(body.strip())
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
