"""A clock behind the archive: a run that starts before the last one did.

A run with the clock fast (a board that booted on a wrong date, until NTP set it right)
stores times in the future: when it fetched each story, and each next revisit, counted
from then. With the clock right again, none of those revisits is due until its wrong
time comes round, and a story's first day of edits, when news changes most, goes
unwatched. So a run that starts well before the last run started or ended says so on
stderr, and brings forward the revisits of every URL last fetched "in the future" to
where they would be had that fetch been now. The run after it starts after it: one
warning for one step of the clock.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from . import clock
from .archive import Archive, FetchedAhead
from .clock import parse_iso, to_iso
from .schedule import DEFAULT_SCHEDULE, next_visit

__all__ = ["SLACK", "checked_now"]

log = logging.getLogger(__name__)

SLACK = timedelta(minutes=5)  # more than clocks drift apart: the clock stepped


def checked_now(archive: Archive, schedule: tuple[float, ...] = DEFAULT_SCHEDULE) -> str:
    """The time to start a run at, now; said on stderr first if the clock is behind the
    archive's last run by more than `SLACK`, with the revisits it put off brought forward
    (`schedule`: the run's)."""
    now = clock.now()
    last = archive.last_run_time()
    if last is None or parse_iso(last) - now <= SLACK:
        return to_iso(now)
    behind = timedelta(seconds=int((parse_iso(last) - now).total_seconds()))
    # Every URL last fetched after now: fetched now, as far as its revisits go.
    moved = archive.bring_forward(
        to_iso(now + SLACK), to_iso(now), lambda url: _due(now, schedule, url)
    )
    log.warning(
        "the clock is behind the archive by %s: its last run is dated %s (check the system"
        " clock and NTP); the revisits of %d URLs fetched 'in the future' brought forward",
        behind, last, moved,
    )  # fmt: skip
    return to_iso(now)


def _due(now: datetime, schedule: tuple[float, ...], url: FetchedAhead) -> str | None:
    """When to revisit a `url` whose last fetch lies ahead of `now`: at its next slot had
    that fetch been now (its visits made, the first included); a takedown's recheck as
    much sooner as that fetch lies ahead."""
    due, last, first = url.next_visit_at, url.last_fetched_at, url.first_seen_at
    if due is None:
        return None
    if first is None or url.removed_at is not None or url.visits < 1:
        return to_iso(max(now, parse_iso(due) - (parse_iso(last) - now)))
    return next_visit(
        to_iso(min(parse_iso(first), now)), url.visits - 1, schedule, after=to_iso(now)
    )
