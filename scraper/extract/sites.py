"""Per-site rules: what a user knows about one site that no general rule can guess.

The extractor's rules are general: they read any page. Some choices are a publisher's
own, and nothing on the page predicts them. Which of its titles (the JSON-LD headline,
og:title, the `<h1>`) a site means as the headline is the plainest case: on the
news-pages corpus the right one is among them on 156 pages of 160, but the best fixed
order of them is right on 132 (the general rules, on 135). A site rule says it once:

    [[site]]
    hosts = ["example.com"]                  # and its subdomains
    paths = ["/news/"]                       # optional: only pages under these paths
    title = "og:title"                       # a metadata source, or a CSS selector
    authors = ".byline a[rel=author]"        # CSS: each element names an author
    published = "time.published"            # CSS: its datetime (or content, or text)
    tags = "ul.topics a"                     # CSS: each element is a tag
    body = "div.story-body"                  # CSS: the text is in these elements only
    drop = [".newsletter-box", "aside"]      # CSS: elements that are never text

Every key but `hosts` is optional, and what a rule does not say is found as on any other
page. A selector that matches nothing on a page is passed over there, so a redesign makes
a site read as any other site, not empty. The body's elements are still cleaned by the
general rules (a share bar inside them still goes).

`extract(html, url, sites=SiteRules.parse(text))` applies the rule of `url`'s host. Each
rule has a `digest`, part of the extractor's revision for its pages (`revision`), so an
archive knows which extractions an edited rule has made stale.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from ..errors import SiteRulesError
from ..models import Removal
from ..urls import host_and_parents, normalize_host

__all__ = [
    "TITLE_SOURCES",
    "SiteRule",
    "SiteRules",
    "body_tree",
    "date_texts",
    "drop_elements",
    "selectors_found",
    "texts",
]

# Titles a rule may name by source rather than by selector: the JSON-LD headline and the
# metadata tags. (None of them is a valid CSS selector, so the two never mix up.)
TITLE_SOURCES = ("json-ld", "og:title", "twitter:title", "dc.title", "parsely-title")
_SELECTORS = ("title", "authors", "published", "tags", "body")
_KEYS = frozenset({"hosts", "paths", "drop", *_SELECTORS})


@dataclass(frozen=True, slots=True)
class SiteRule:
    """One site's rule (see the module's docstring for what each field means)."""

    hosts: tuple[str, ...]
    paths: tuple[str, ...] = ()  # path prefixes it applies under; none: the whole host
    title: str | None = None
    authors: str | None = None
    published: str | None = None
    tags: str | None = None
    body: str | None = None
    drop: tuple[str, ...] = ()

    @property
    def selectors(self) -> tuple[str, ...]:
        """Every selector the rule gives (its title's source among them), key by key."""
        said = (*(getattr(self, key) for key in _SELECTORS), *self.drop)
        return tuple(selector for selector in said if selector)

    @property
    def digest(self) -> str:
        """A short digest of what the rule says (not of how its file spells it)."""
        said = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(said.encode(), digest_size=4).hexdigest()


@dataclass(frozen=True)
class SiteRules:
    """A set of site rules, each found by the host of a page's URL."""

    rules: tuple[SiteRule, ...] = ()

    @classmethod
    def parse(cls, text: str) -> SiteRules:
        """Rules from TOML text (`[[site]]` tables); `SiteRulesError` says what is wrong."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SiteRulesError(f"not TOML: {error}") from None
        unknown = sorted(set(data) - {"site"})
        if unknown:
            raise SiteRulesError(f"unknown key {unknown[0]!r}: rules are [[site]] tables")
        tables = data.get("site", [])
        if not isinstance(tables, list):
            raise SiteRulesError("`site` must be a list of tables: write [[site]]")
        rules = tuple(_rule(number, table) for number, table in enumerate(tables, 1))
        _check_unique(rules)
        return cls(rules)

    @cached_property
    def _by_host(self) -> dict[str, list[SiteRule]]:
        found: dict[str, list[SiteRule]] = {}
        for rule in self.rules:
            for host in rule.hosts:
                found.setdefault(host, []).append(rule)
        return found

    def for_url(self, url: str | None) -> SiteRule | None:
        """The rule for `url`: of the rules of its host, or else of the nearest of its
        parent domains, the one with the longest of its paths that the URL's path starts
        with (a rule with no paths takes the rest of the host)."""
        if not self.rules or not url:
            return None
        path = _path(url)
        for host in host_and_parents(url):  # (spelt as the archive does: "xn--…")
            rule = _longest_path(self._by_host.get(host, ()), path)
            if rule is not None:
                return rule
        return None

    def __bool__(self) -> bool:
        return bool(self.rules)


def _path(url: str) -> str:
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return "/"


def _longest_path(rules: Iterable[SiteRule], path: str) -> SiteRule | None:
    best, length = None, -1
    for rule in rules:
        for prefix in rule.paths or ("",):
            if len(prefix) > length and path.startswith(prefix):
                best, length = rule, len(prefix)
    return best


def _rule(number: int, table: Any) -> SiteRule:
    if not isinstance(table, Mapping):
        raise SiteRulesError(f"site {number}: not a table")
    where = f"site {number}"
    hosts = table.get("hosts")
    if isinstance(hosts, str):
        hosts = [hosts]
    if not hosts or not isinstance(hosts, list):
        raise SiteRulesError(f"{where}: `hosts` must list the site's host names")
    where = f"site {number} ({hosts[0]})"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise SiteRulesError(f"{where}: unknown key {unknown[0]!r} (the keys are {known})")
    drop = table.get("drop", [])
    if isinstance(drop, str):
        drop = [drop]
    if not isinstance(drop, list):
        raise SiteRulesError(f"{where}: `drop` must be a list of CSS selectors")
    paths = table.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(
        isinstance(path, str) and path.startswith("/") for path in paths
    ):
        raise SiteRulesError(f"{where}: `paths` must list paths that start with / ('/news/')")
    values = {key: table.get(key) for key in _SELECTORS}
    for key, value in [*values.items(), *(("drop", d) for d in drop)]:
        if value is not None:
            _check_selector(where, key, value)
    return SiteRule(
        hosts=tuple(_host(where, host) for host in hosts),
        paths=tuple(paths),
        drop=tuple(drop),
        **values,
    )


def _host(where: str, host: Any) -> str:
    name = normalize_host(host.strip()) if isinstance(host, str) else None
    if not name or name.startswith("["):
        raise SiteRulesError(
            f"{where}: {host!r} is not a host name (write one like 'example.com';"
            " its subdomains are included)"
        )
    return name


def _check_selector(where: str, key: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise SiteRulesError(f"{where}: `{key}` must be a CSS selector")
    if key == "title" and value in TITLE_SOURCES:
        return
    try:
        _EMPTY.css(value)
    except SelectolaxError:
        hint = f" or one of {', '.join(TITLE_SOURCES)}" if key == "title" else ""
        raise SiteRulesError(f"{where}: `{key}`: {value!r} is not a CSS selector{hint}") from None


_EMPTY = LexborHTMLParser("<html></html>")


def _check_unique(rules: tuple[SiteRule, ...]) -> None:
    seen: set[tuple[str, str]] = set()
    for rule in rules:
        for place in ((host, path) for host in rule.hosts for path in rule.paths or ("",)):
            if place in seen:
                where = place[0] + place[1]
                raise SiteRulesError(f"{where!r} has two rules: keep one")
            seen.add(place)


def texts(tree: LexborHTMLParser, selector: str) -> list[str]:
    """The text of each element `selector` matches, whitespace collapsed, empty ones left
    out. (Inline markup is not a word's end: `Wörter<b>buch</b>` is one word.)"""
    found = (" ".join(node.text().split()) for node in tree.css(selector))
    return [text for text in found if text]


def date_texts(tree: LexborHTMLParser, selector: str) -> list[str]:
    """What each element `selector` matches says of a date: its machine-readable
    attribute (`<time datetime>`, `<meta content>`), else its text."""
    found = []
    for node in tree.css(selector):
        attrs = node.attributes
        value = attrs.get("datetime") or attrs.get("content") or node.text()
        if value and value.strip():
            found.append(" ".join(value.split()))
    return found


def drop_elements(tree: LexborHTMLParser, rule: SiteRule, *, explain: bool) -> list[Removal]:
    """Remove what the rule's `drop` selectors match; what each removed, if `explain`."""
    removed: list[Removal] = []
    root = tree.root
    for selector in rule.drop:
        for node in _outermost(tree.css(selector)):
            if root is not None and node.mem_id == root.mem_id:
                continue  # (`html`, `:root`, `*`: the document stays, as a page to read)
            if explain and (text := " ".join(node.text(separator=" ").split())):
                removed.append(Removal(f"site: {selector}", text))
            node.decompose()
    return removed


def body_tree(tree: LexborHTMLParser, rule: SiteRule) -> LexborHTMLParser | None:
    """A document of the elements the rule's `body` selector matches, in page order, as
    one article; None when the rule names no body or the page has none of it."""
    if rule.body is None:
        return None
    nodes = _outermost(tree.css(rule.body))
    if not nodes:
        return None
    inner = "".join(node.html or "" for node in nodes)
    # (Scripting on, as for the page itself: `<noscript>` is text.)
    return LexborHTMLParser(f"<html><body><article>{inner}</article></body></html>", scripting=True)


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """`nodes` (in page order) but those inside another of them: removing a node frees
    the nodes inside it, and a body given twice would be read twice."""
    kept: list[LexborNode] = []
    ids: set[int] = set()
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            kept.append(node)
            ids.add(node.mem_id)
    return kept


def selectors_found(tree: LexborHTMLParser, rule: SiteRule) -> set[str]:
    """The rule's selectors that match something in `tree` (its title's too, when it
    names a metadata source: then it is the `<meta>` that must be there)."""
    return {
        selector
        for selector in rule.selectors
        if (_title_present(tree, selector) if selector == rule.title else tree.css_first(selector))
    }


def _title_present(tree: LexborHTMLParser, title: str) -> bool:
    if title == "json-ld":
        return tree.css_first('script[type="application/ld+json"]') is not None
    if title in TITLE_SOURCES:
        return any(
            title in (node.attributes.get("property"), node.attributes.get("name"))
            for node in tree.css("meta")
        )
    return tree.css_first(title) is not None
