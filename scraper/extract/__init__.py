"""`extract(html, url) -> Article`: a pure function of the page's bytes and address.

The page is decoded (`decode`), parsed once with Lexbor, read for metadata
(`metadata`, which does not change the tree), then cleaned and walked for the body
(`content`, which does). A page whose markup has no article but whose scripts carry it
(an app shell) is read from the scripts instead (`scripts`).
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import zoneinfo
from dataclasses import replace
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import overload

import selectolax
from selectolax.lexbor import LexborHTMLParser

from ..errors import ExtractionError
from ..models import Article, Removal
from . import content
from .characters import printable as _printable
from .characters import printable_field as _printable_field
from .content import Body, find_body
from .decode import decode_page
from .metadata import read_metadata, signed_authors
from .nesting import flatten_deep_nesting
from .pagination import next_page
from .scripts import (
    article_markup_in_attributes,
    article_markup_in_blocks,
    article_markup_in_fallbacks,
    article_markup_in_jsonld,
    article_markup_in_scripts,
    jsonld_markup,
)
from .sites import SiteRule, SiteRules, body_tree, drop_elements

__all__ = ["COMPILED", "SiteRule", "SiteRules", "extract", "revision"]

# Whether the modules below run as C: a wheel (`pip install .`) compiles them with mypyc
# (see hatch_build.py); an editable install runs them as Python. Same output either way.
COMPILED = (content.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))


def revision(site: SiteRule | None = None) -> str:
    """What identifies this extractor: a digest of its code and rules, and the version of
    the HTML parser under it; and of the `site` rule it applies to a page, if any. An
    archive records it beside each extraction, so that one an earlier release (or an
    earlier rule) made is done again before a revisit is compared with it (else every
    change to the extractor would look like a change to every story it revisits). The
    same sources give the same revision whether they run compiled or as Python."""
    return f"{_code_revision()}+{site.digest}" if site is not None else _code_revision()


# What decides the output besides this package: the URL rules sites are told by, and the
# libraries whose code or bundled data shape it (publicsuffixlist ships its list in each
# release, and which hosts are one site changes a title's site name).
_OUTSIDE = (Path(__file__).parent.parent / "urls.py",)
_LIBRARIES = ("publicsuffixlist", "idna", "pycld2", "charset-normalizer", "ahocorasick-rs")


@functools.cache
def _code_revision() -> str:
    digest = hashlib.blake2b(selectolax.__version__.encode(), digest_size=8)
    package = Path(__file__).parent
    try:
        sources = sorted(p for p in package.iterdir() if p.suffix in (".py", ".toml"))
        for path in (*sources, *_OUTSIDE):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:  # no sources to read (a frozen application): the release's version
        digest.update(f"release {_release()}".encode())
    for name in _LIBRARIES:
        digest.update(f"\0{name} {_version(name)}".encode())
    digest.update(f"\0{_tz_database()}".encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def _tz_database() -> str:
    """Which time-zone database `zoneinfo` reads a naive time's zone from: the system's
    (by its version line), else the tzdata wheel's; two machines may differ."""
    for folder in map(Path, zoneinfo.TZPATH):
        if (folder / "UTC").is_file():
            try:
                with (folder / "tzdata.zi").open("rb") as stated:
                    return f"{folder} {stated.readline().strip().decode(errors='replace')}"
            except OSError:
                return f"{folder} (no version)"
    return f"tzdata {_version('tzdata')}"


def _release() -> str:
    # (Not `importlib.metadata` by that name: this package's `metadata` module takes it.)
    try:
        return version("scraper")
    except PackageNotFoundError:
        return "unknown"


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    explain: bool = False,
    sites: SiteRules | None = None,
) -> Article:
    """Extract the article from one HTML page.

    `content_type` is the HTTP header, whose charset is a hint (bytes that are clearly
    another encoding win). With `explain=True` the result's `removed` lists every piece
    of text a boilerplate rule dropped, with the rule's name. `sites` are per-site rules
    (`SiteRules.parse`): the one for `url`'s host says where that site keeps what the
    general rules cannot tell.

    Raises `ExtractionError` only when the input is not a document at all; an HTML page
    with no article gives an `Article` with empty `text`.
    """
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise ExtractionError(f"expected str or bytes, got {type(html).__name__}")
    data = bytes(html) if not isinstance(html, str) else html
    text, verbatim, tags = decode_page(data, content_type)
    source = flatten_deep_nesting(text, tags)
    # Lexbor parses UTF-8: the page's own bytes, when they are the text, spare an encode.
    document = data if verbatim and source is text else source
    try:
        # With scripting on, `<noscript>` is text, as in a browser: parsed as markup, a
        # `<div>` left open in it swallows the rest of the page into what cleaning drops.
        tree = LexborHTMLParser(document, scripting=True)
    except Exception as error:  # Lexbor raises plain errors on pathological input
        raise ExtractionError(f"cannot parse the document: {error}") from error
    rule = sites.for_url(url) if sites else None
    meta, links, listed, ld_body = read_metadata(tree, url, rule)
    # (Read before cleaning takes the pager out; a story's only: a listing's pages are
    # no continuation, and an undated page's must be its story's own pager.)
    more = next_page(tree, url, dated=meta.published is not None)
    cut: list[Removal] = []
    if rule is not None:
        cut = drop_elements(tree, rule, explain=explain)
        tree = body_tree(tree, rule) or tree
    body = find_body(tree, meta, links, explain=explain, listed=listed)
    if len(body.text) < _SHELL_TEXT:
        shell = _body_from_scripts(document, meta, links, explain, bool(body.text.strip()))
        if shell is not None and len(shell.text) > _SHELL_GAIN * len(body.text):
            body = shell
    elif ld_body and len(body.text) < min(_TEASER_TEXT, len(ld_body) / _TEASER_GAIN):
        whole = _body_from_jsonld(ld_body, meta, links, explain)
        if whole is not None and _continues(body.text, whole.text):
            body = whole
    text, markdown = _printable(body.text) or "", _printable(body.markdown) or ""
    composed = _composed(text)
    if composed is not text:  # (the markdown is the same text, with its links)
        text, markdown = composed, _composed(markdown)
    return replace(
        meta,
        title=_field(meta.title),
        headline=_field(meta.headline),
        authors=_fields(signed_authors(meta, body.signature)),
        site_name=_field(meta.site_name),
        section=_field(meta.section),
        tags=_fields(meta.tags),
        description=_field(meta.description),
        rating=_field(meta.rating),
        text=text,
        markdown=markdown,
        removed=(*cut, *body.removed),
        next_page=more,
    )


# A body this short may be an app shell's placeholder ("Give us feedback"); the article
# its scripts carry replaces it when that is this many times longer.
_SHELL_TEXT, _SHELL_GAIN = 200, 3


def _body_from_scripts(
    document: str | bytes, meta: Article, links: str | None, explain: bool, shown: bool
) -> Body | None:
    """An app shell's article, from the markup its scripts carry, else from its JSON-LD
    `articleBody` (see `scripts`); else, when the page has `shown` no text at all, from
    what it shows a browser that runs no scripts (a caption or a brief is its own text).

    Cleaning removed the scripts from the first tree, so the page is parsed again: this
    costs a millisecond, and only on pages that gave no text.
    """
    tree = LexborHTMLParser(document)
    markup = (
        article_markup_in_scripts(tree, meta.description)
        or article_markup_in_attributes(tree, meta.description)
        or article_markup_in_blocks(tree, meta.description)
        or article_markup_in_jsonld(tree)
        or (None if shown else article_markup_in_fallbacks(tree, meta.description))
    )
    return None if markup is None else _body_of_markup(markup, meta, links, explain)


# A paywalled page shows a teaser and may carry the whole story in its JSON-LD
# `articleBody`: taken when it is this many times longer and starts as the teaser does.
_TEASER_TEXT, _TEASER_GAIN, _TEASER_START = 2000, 2, 80


def _body_from_jsonld(
    article_body: str, meta: Article, links: str | None, explain: bool
) -> Body | None:
    markup = jsonld_markup(article_body)
    return None if markup is None else _body_of_markup(markup, meta, links, explain)


def _body_of_markup(markup: str, meta: Article, links: str | None, explain: bool) -> Body:
    tree = LexborHTMLParser(f"<html><body><article>{markup}</article></body></html>")
    return find_body(tree, meta, links, explain=explain)


def _continues(teaser: str, whole: str) -> bool:
    """Whether `whole` is the story `teaser` begins: much longer, and starting alike."""
    if len(whole) < _TEASER_GAIN * len(teaser):
        return False
    start = " ".join(teaser.split())[:_TEASER_START].casefold()
    return start in " ".join(whole[: len(teaser) + 400].split()).casefold()


def _field(text: str | None) -> str | None:
    """A metadata field as `extract` gives it: printable (no control character: a page's
    JSON or character references may write them) and composed."""
    return _composed(_printable_field(text))


def _fields(texts: list[str]) -> list[str]:
    return [field for text in texts if (field := _field(text))]


@overload
def _composed(text: str) -> str: ...
@overload
def _composed(text: None) -> None: ...
def _composed(text: str | None) -> str | None:
    """`text` in Unicode's composed form (NFC), as the web's text should be: a page may
    write "é" or "য়" as a letter and a mark, and then a search for the word typed on a
    keyboard, or the same name on another page, would not find it. (Nearly every text is
    composed already: then it is only checked, and returned as it is.)"""
    if not text or text.isascii():
        return text
    return unicodedata.normalize("NFC", text)
