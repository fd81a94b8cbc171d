"""What the DOM walk (`dom`) knows of HTML elements before it reads a page: which tags
start a block of text, which it looks through, which hold junk parsed as text (removed
first, by `clean`), and the few tests of one element it needs (the rule its role or
hiding gives, a link to nowhere, a ruby's reading).
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .rules import Rules

__all__ = [
    "BLOCK_TAGS",
    "BODY_HINTS",
    "CELL_TAGS",
    "HEADINGS",
    "HIDDEN_RULE",
    "INLINE_TAGS",
    "RAW_TEXT_TAGS",
    "RULE_ATTRIBUTES",
    "TEXT_NODE",
    "after_parenthesis",
    "attribute_names",
    "attribute_rule",
    "clean",
    "figure_content",
    "heading_mark",
    "in_page",
    "signup_form",
    "story_box",
]

# Elements that start a new block of text; everything else is inline.
_BLOCK_TAG_NAMES = """address article aside blockquote body caption center dd details dialog dir div
dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu
nav ol p pre section summary table tbody tfoot thead tr ul"""
BLOCK_TAGS: Final = frozenset(_BLOCK_TAG_NAMES.split())
# Table cells are inline so that a row reads as one line (a cell alone is a fragment).
CELL_TAGS: Final = frozenset({"td", "th"})
# Inline elements the walk looks through: their text joins the enclosing block, and
# their class or id is not worth reading (a share bar is a <div>, <ul> or <p>).
_INLINE_TAG_NAMES = """abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small
span strong sub sup time u var wbr ruby rb rp"""
INLINE_TAGS: Final = frozenset(_INLINE_TAG_NAMES.split())
# Junk whose content is text to the parser, and so to every text measure. (`<title>` and
# `<math>` are skipped by the walk alone: rare in a page's body, a pass each to remove.)
RAW_TEXT_TAGS: Final = frozenset({"script", "style", "noscript", "template", "svg"})
HEADINGS: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BODY_HINTS: Final = frozenset({"articlebody", "articletext", "text", "reviewbody"})
HIDDEN_RULE: Final = "hidden"  # the container rule for elements a browser would not show
# The `data-*` attributes that name an element as a class does: on sites whose classes are
# hashes ("css-1x2y3z", CSS-in-JS), the only stable names ("InlineNewsletter").
_NAMING_ATTRIBUTES: Final = (
    "data-testid",
    "data-test-id",
    "data-qa",
    "data-component",
    "data-module",
    "data-gu-name",  # the Guardian's
)
# The attributes that can give an element a rule, class and id aside (`attribute_rule`),
# or a name (`attribute_names`): one set test tells the elements that have none.
RULE_ATTRIBUTES: Final = frozenset({"role", "hidden", "aria-hidden", "style", *_NAMING_ATTRIBUTES})
_WORD_START: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
TEXT_NODE: Final = 2  # Lexbor's tag id for text nodes (LXB_TAG__TEXT)
# A hidden element that a reader opens, by its class names or id: an accordion's panel.
_COLLAPSED: Final = re.compile(r"accordion|collaps|faq|answer|spoiler|expand")
# An <aside> in the story that is the story's own: a correction, a fact box, background.
# By a class name or id, or by the label its text opens with.
_STORY_BOX_NAME: Final = re.compile(
    r"correction|clarification|editor-?s?-?note|fact-?box|factfile|key-?facts"
    r"|explainer|(?:story|article)-?(?:background|context)|timeline|at-?a-?glance"
    r"|by-?the-?numbers|in-?numbers"
)
# An e-mail field, by its type or by the words of its name or placeholder: a form holding
# one is a sign-up (or a login) box, however its box is named.
_EMAIL_WORDS: Final = ("mail", "correo", "e-posta", "почт", "メール", "이메일", "邮箱", "郵箱")
_EMAIL_FIELD: Final = ", ".join(
    [
        'input[type="email" i]',
        'input[autocomplete="email" i]',
        *(f'input[{a}*="{word}" i]' for word in _EMAIL_WORDS for a in ("name", "placeholder")),
    ]
)
_STORY_BOX_LABEL: Final = re.compile(
    r"\W*(?:correction|clarification|editor.?s note|update|an earlier version)\b", re.IGNORECASE
)


def clean(tree: LexborHTMLParser, rules: Rules) -> None:
    """Remove the junk elements whose content parses as text (scripts, styles), so that
    no text measure counts it. The other junk tags (media, controls) are only skipped by
    the walk: one pass over the tree per tag name costs more than skipping them."""
    tree.strip_tags([tag for tag in rules.junk_tags if tag in RAW_TEXT_TAGS])


def in_page(href: str | None) -> bool:
    """Whether an `<a>` is no link to follow but a place in the page (or none at all)."""
    if href is None:
        return True
    href = href.strip()
    return len(href) > 1 and href[0] == "#"


def heading_mark(link: LexborNode) -> bool:
    """Whether a link into the page, inside a heading, is its permalink's glyph ("#",
    "¶", "§", "🔗", as static-site and docs generators print one): no word of the
    heading ("Results¶"), hidden or not."""
    mark = link.text(deep=True).strip().strip(_ZERO_WIDTH)
    return len(mark) <= 2 and not any(char.isalnum() for char in mark)


_ZERO_WIDTH: Final = "\u200b\u200c\u200d\u2060\ufeff"


def after_parenthesis(reading: LexborNode) -> bool:
    """Whether a ruby's reading (`<rt>`) follows an `<rp>`, the parenthesis a browser
    without ruby shows around it: "尹錫悦（ユンソンニョル）" is how such text is written
    (a name's reading), where readings over every word are a help for learners."""
    before = reading.prev
    while before is not None and before.tag_id == TEXT_NODE and before.is_empty_text_node:
        before = before.prev
    return before is not None and before.tag == "rp"


def attribute_rule(attrs: dict[str, str | None], rules: Rules) -> str | None:
    """The container rule an element's role or hiding gives (class and id aside)."""
    role = attrs.get("role")
    if role and (found := rules.container_by_role(role)):
        return found
    if attrs.get("aria-hidden") == "true":
        return HIDDEN_RULE
    style = attrs.get("style")
    hidden = "hidden" in attrs or bool(
        style and "none" in style and "display:none" in style.replace(" ", "").lower()
    )
    return HIDDEN_RULE if hidden and not _collapsed(attrs) else None


def attribute_names(attrs: dict[str, str | None]) -> str:
    """The names an element's `data-*` naming attributes give, as class names: camelCase
    words apart ("MostRead" as "Most-Read"), as the rules read "most-read"."""
    values = (attrs.get(name) for name in _NAMING_ATTRIBUTES)
    return " ".join(_WORD_START.sub("-", value) for value in values if value)


def _collapsed(attrs: dict[str, str | None]) -> bool:
    """Whether a hidden element is a panel a reader opens: an accordion's answer."""
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return _COLLAPSED.search(names) is not None


def figure_content(node: LexborNode) -> bool:
    """Whether a `<figure>` holds the story's own content, a table or code (WordPress's
    table block, CKEditor's `figure.table`, Jekyll's highlighted code), not a picture whose
    caption is the caption rule's: its `<figcaption>` still is."""
    return node.css_first("table, pre") is not None


def story_box(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """Whether an `<aside>` inside the story is part of it: its correction notice, fact
    box or background ("Correction: An earlier version…"), which a page sets apart."""
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if _STORY_BOX_NAME.search(names):
        return True
    return bool(_STORY_BOX_LABEL.match(node.text(deep=True)[:40].lstrip()))


def signup_form(form: LexborNode) -> bool:
    """Whether a `<form>` asks for an e-mail address: a newsletter's sign-up box (or a
    login's), whatever its class says; a CSS-in-JS site's hash says nothing."""
    return form.css_first(_EMAIL_FIELD) is not None
