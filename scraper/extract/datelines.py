"""Datelines printed for readers, for pages with no date in their metadata: the date by
the headline (in `headline_window`'s text), else in an element classed as a date, with
the update printed beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from selectolax.lexbor import LexborHTMLParser

from .dates import after_update_label, date_from_url, find_dates
from .localtime import find_update_after
from .window import NEAR

__all__ = ["Dateline", "find_dateline", "find_dateline_as_written", "read_dateline"]

_BESIDE: Final = 200  # a published date further from the update's is the story's, not the page's
_DATED: Final = 'time, [class*="date" i], [class*="publish" i]'


class Dateline(NamedTuple):
    published: str | None
    updated: str | None  # printed beside it, labelled as an update ("Updated …")


def find_dateline_as_written(
    tree: LexborHTMLParser, window: str, locales: Sequence[str | None], url: str | None
) -> Dateline:
    """The dateline as the page's country writes dates: "3/4/2024" is March 4 on a page
    whose `locales` (`<html lang>`, og:locale) say US English, or where the date in its
    URL says so, and April 3 elsewhere."""
    month_first = any(v and v.replace("_", "-").lower().startswith("en-us") for v in locales)
    found = find_dateline(tree, window, month_first)
    on_url = date_from_url(url)
    written = found.published or found.updated
    if written and on_url and not written.startswith(on_url):
        other = find_dateline(tree, window, not month_first)
        if (other.published or other.updated or "").startswith(on_url):
            return other
    return found


def find_dateline(tree: LexborHTMLParser, window: str, month_first: bool = False) -> Dateline:
    """A written date by the headline, else in an element labelled as a date, with the
    update printed beside it.

    The window starts at the headline and ends with what precedes it, so its two ends
    are the headline's neighbourhood; the middle is body text, where dates are events.
    """
    near = window if len(window) <= 2 * NEAR else window[:NEAR] + "\n" + window[-NEAR // 2 :]
    found = read_dateline(near, month_first)
    if found.published:
        return found
    update = found  # only an update, or nothing: a published date may yet be found
    for node in tree.css(_DATED)[:20]:
        text = node.text(separator=" ", strip=True)
        if 0 < len(text) <= 200:
            found = read_dateline(text, month_first)
            if found.published:
                return found
            update = update if update.updated else found
    return update


def read_dateline(text: str, month_first: bool) -> Dateline:
    """The first date in `text`, passing over one labelled as an update ("Updated Jan
    17, 2024 | Published Jan 16, 2024") for a date printed beside it; and that update,
    before or beside the date ("Published Jan 16, 2024 | Updated Jan 17, 2024")."""
    published: tuple[int, str] | None = None
    updated: tuple[int, str] | None = None
    for start, found in find_dates(text, month_first):
        first = published or updated
        if first is not None and start - first[0] > _BESIDE:
            break
        if not after_update_label(text, start):
            published = published or (start, found)
        else:
            updated = updated or (start, found)
        if published and updated:
            break
    if published is None:  # only an update: the modified date (`metadata` dates the story)
        return Dateline(None, updated[1] if updated else None)
    updated = updated or find_update_after(text, published, _BESIDE)
    return Dateline(published[1], updated[1] if updated else None)
