"""A live blog's entries keep their times.

A line that is only a time or a date ("18:35 GMT") is dropped as the page's dateline,
which is metadata. A live blog opens each of its entries with one: there it says when
the entry was posted, and without it the archived text is an undated heap of updates
that cannot even be told apart. So the time that opens each of several sibling entries
of the body (each an element whose first block it is, with prose of its own after it)
is kept, as the entry's first line, the same way for every entry.
"""

from __future__ import annotations

import re
from typing import Final

from .blockrules import STRAY
from .layout import within
from .page import Block, Page

__all__ = ["keep_entry_times"]

_TIME_RULES: Final = frozenset({"dateline", STRAY})  # the rules that drop an entry's time
_TIME_CHARS: Final = 60  # a time, a date and a label ("Key event") at most
# A line that opens with a clock time or a date ("18:35 GMT", "9.05am", "28 Nov 18:50").
_TIMED: Final = re.compile(
    r"\d{1,2}[:.h]\d{2}(?!\d)|\d{1,2}\.? ?[^\W\d]{3,}\.? \d{4}|\d{4}-\d{2}-\d{2}"
)
_ENTRIES: Final = 2  # a live blog has several entries (its first visits may show two)


def keep_entry_times(
    page: Page, weights: list[int], decisions: list[tuple[Block, str | None]], body: int
) -> None:
    """Keep (in `decisions`) the time line that opens each of several sibling entries
    inside the `body` element."""
    times = [
        index
        for index, (block, rule) in enumerate(decisions)
        if rule in _TIME_RULES and len(block.text) <= _TIME_CHARS and _TIMED.match(block.text)
    ]
    if len(times) < _ENTRIES:  # (most pages)
        return
    parents = page.parents
    first: dict[int, int] = {}  # per element below the body, the index of its first block
    for index, (block, _) in enumerate(decisions):
        element = block.element
        while element > body and element not in first:
            first[element] = index
            element = parents[element]
    entries: dict[int, list[tuple[int, int]]] = {}  # per parent, its entries and their times
    for index, after in zip(times, [*times[1:], -1], strict=True):
        entry = decisions[index][0].element
        if not within(parents, entry, body) or entry == body:
            continue  # (the body's continuation around it holds no entries)
        later = decisions[after][0].element if after >= 0 else -1
        # Up to the entry the time opens: not into the wrapper that holds the next too.
        while (
            parents[entry] > body
            and first[parents[entry]] == index
            and not within(parents, later, parents[entry])
        ):
            entry = parents[entry]
        entries.setdefault(parents[entry], []).append((entry, index))
    for siblings in entries.values():
        told = [i for entry, i in siblings if _told(parents, entry, i, decisions, weights)]
        if len(told) >= _ENTRIES:
            for index in told:
                decisions[index] = (decisions[index][0], None)


def _told(
    parents: list[int],
    entry: int,
    index: int,
    decisions: list[tuple[Block, str | None]],
    weights: list[int],
) -> bool:
    """Whether the entry that the time at `index` opens holds prose that is kept."""
    for at in range(index + 1, len(decisions)):
        block, rule = decisions[at]
        if not within(parents, block.element, entry):
            return False
        if rule is None and weights[at] > 0:
            return True
    return False
