"""Which stories were published in a window: `published` as the page gives it (a day,
"2024-01-16"; a time with the page's offset; a time without one) against a reader's
bounds. A day bound is a whole day, the page's own: the day it writes, in its own time
zone. A time bound is an instant: a time without an offset is UTC, and a day alone stands
for the whole of that day in UTC, kept if any of it is in the window."""

from __future__ import annotations

import re
from datetime import date

from ..clock import parse_since
from ..errors import UsageError

__all__ = ["published_bound", "published_condition"]


def published_bound(text: str) -> str:
    """A bound as `published_condition` compares it: a day ("2024-09-01") as it is, any
    other time (`parse_since`: a date-time, its offset counted, or "2d" back from now) in
    UTC as SQLite's `datetime()` writes one ("2024-09-01 08:00:00"); `UsageError` for
    anything else."""
    text = text.strip()
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise UsageError(f"not a date: {text!r}") from None
    return parse_since(text)[:19].replace("T", " ")


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def published_condition(
    since: str | None, until: str | None, column: str = "published"
) -> tuple[str, list[str]]:
    """SQL true for a `column` published from `since` to `until` (`published_bound`s,
    either None for no bound), and its parameters. A row without a date is never in it."""
    bounds = [(side, bound) for side, bound in (("since", since), ("until", until)) if bound]
    parts = [_BOUNDS[len(bound) == len("2024-09-01"), side] for side, bound in bounds]
    sql = " AND ".join(part.format(p=column) for part in parts)
    return f"({sql})", [bound for _, bound in bounds]


# Per kind of bound (a day: True) and side, the condition on a date `{p}`. A day compares
# the page's own day (the date before its time and offset: 23:30-05:00 on the 16th is the
# 16th); a time, the instant `datetime()` makes of `{p}` in UTC, whose last second a bare
# date reaches for `since` (its first, for `until`). A `{p}` that is no date is NULL.
_BOUNDS = {
    (True, "since"): "date(substr({p}, 1, 10)) >= ?",
    (True, "until"): "date(substr({p}, 1, 10)) <= ?",
    (False, "since"): "datetime({p}, iif(length({p}) = 10, '+86399 seconds', '+0 seconds')) >= ?",
    (False, "until"): "datetime({p}) < ?",
}
