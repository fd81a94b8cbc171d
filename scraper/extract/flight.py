"""The story in a Next.js app-router page's flight data, as React elements.

Such a page sends its server components' output in `self.__next_f.push([1, "…"])`
scripts: one string cut into pushes, rows of `ID:JSON` lines. A page that rendered on
the server also has the story in its markup; one that bailed out to client rendering has
it only there, as element arrays (`["$", "p", null, {"children": "…"}]`), not as the
HTML strings `scripts` finds. Each row is rendered back to markup (components, `$L1`,
give only their children; the references to other rows, nothing) for `scripts` to pick
from.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

__all__ = ["flight_markups"]

# Where the string a push hands over starts: a JSON string literal, read by `json`.
_PUSH: Final = re.compile(r'__next_f\.push\(\[1,\s*(?=")')
_ROW: Final = re.compile(r"^[0-9a-f]+:(?=[\[{])", re.MULTILINE)
_TAG: Final = re.compile(r"[a-z][a-z0-9]{0,15}")
_VOID: Final = frozenset({"br", "hr", "img", "wbr"})
_MAX_PAYLOAD: Final = 5_000_000  # characters: a bound on the work one page can ask for
_MAX_DEPTH: Final = 200  # lists within lists (each element two): a bound on the recursion


def flight_markups(scripts: Iterable[str]) -> Iterator[str]:
    """The markup of each row of element trees in the scripts' flight data."""
    payload = "".join(_pushed(code) for code in scripts if "__next_f" in code)[:_MAX_PAYLOAD]
    starts = [m.end() for m in _ROW.finditer(payload)]
    decoder = json.JSONDecoder()
    for start in starts:
        try:
            row = decoder.raw_decode(payload, start)[0]
        except (ValueError, RecursionError):
            continue
        markup = _markup(row, 0)
        if markup:
            yield markup


def _pushed(code: str) -> str:
    decoder, strings = json.JSONDecoder(), []
    for match in _PUSH.finditer(code):
        try:
            strings.append(decoder.raw_decode(code, match.end())[0])
        except ValueError:
            continue
    return "".join(s for s in strings if isinstance(s, str))


def _markup(node: Any, depth: int) -> str:
    """`node` (an element, a list of nodes, a string) as HTML."""
    if isinstance(node, str):
        # "$…" is a reference (to a row, a component, `undefined`); "$$…" a literal "$…".
        if node[:1] == "$":
            node = node[1:] if node[:2] == "$$" else ""
        return html.escape(node)
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    if not isinstance(node, list) or depth > _MAX_DEPTH:
        return ""
    if len(node) < 4 or node[0] != "$" or not isinstance(node[1], str):
        return "".join(_markup(child, depth + 1) for child in node)
    props = node[3] if isinstance(node[3], dict) else {}
    inner = _markup(props.get("children"), depth + 1)
    tag = node[1]
    if not _TAG.fullmatch(tag):  # a component ("$L1", "Suspense"): its children only
        return inner
    # The class and the link: what cleaning reads a box's purpose from, and markdown keeps.
    attributes = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in (("class", props.get("className")), ("href", props.get("href")))
        if isinstance(value, str)
    )
    return f"<{tag}{attributes}>" if tag in _VOID else f"<{tag}{attributes}>{inner}</{tag}>"
