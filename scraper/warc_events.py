"""A story's takedowns and returns in an import: a 404/410 capture, or this archive's export
telling one ("removed from the site", "back on the site"), as a run's visit records it.
Each returns what the import counts it as."""

from __future__ import annotations

from .archive import Archive, Tracked
from .clock import parse_iso

__all__ = ["came_back", "seen_since", "taken_down"]


def taken_down(archive: Archive, run_id: int, url: str, at: str, status: int) -> str:
    """An archived story taken down at `at`, unless a capture after it (or this very
    takedown) was archived already; any other URL is passed over."""
    tracked = archive.tracked(url)
    if tracked is None or tracked.state not in ("done", "gone"):
        return "skipped"
    if _known(archive, url, tracked, at, "removed_at"):
        return "older"
    if tracked.state != "done":  # (a 404 of a page given up, not of a story)
        return "skipped"
    archive.record_gone(run_id, url, status=status, at=at)
    return "removed"


def came_back(archive: Archive, run_id: int, url: str, at: str) -> str:
    """An archived story taken down that a visit keeping no page (a 304) found back at
    `at`, unless a capture after it (or this return) was archived already."""
    tracked, stored = archive.tracked(url), archive.article(url)
    if tracked is None or stored is None or tracked.state not in ("done", "gone"):
        return "skipped"
    if _known(archive, url, tracked, at, "back_at") or stored.removed_at is None:
        return "older"
    archive.record_not_modified(run_id, url, status=200, at=at, next_visit_at=tracked.next_visit_at)
    return "unchanged"


def _known(archive: Archive, url: str, tracked: Tracked, at: str, end: str) -> bool:
    """Whether the archive fetched `url` after `at`, or knows a takedown's `end` (its
    `removed_at` or `back_at`) at `at`: an export's events share a second with captures,
    which the archive keeps in the order seen."""
    last = tracked.last_fetched_at
    if last is not None and parse_iso(last) > parse_iso(at):
        return True
    stored = archive.article(url)
    spells = archive.takedown_history(stored.id).get(stored.id, []) if stored else []
    return any(getattr(spell, end) == at for spell in spells)


def seen_since(tracked: Tracked | None, captured: str) -> bool:
    """Whether the archive fetched the URL at or after `captured`."""
    last = tracked.last_fetched_at if tracked else None
    return last is not None and parse_iso(last) >= parse_iso(captured)
