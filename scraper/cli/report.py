"""Runs and the archive's numbers in words, for `scraper run` and `scraper stats`.

`--json` prints the numbers themselves; these are for a person at a terminal, or a cron
mail: one line per idea, sizes in KB/MB/GB, and the last run told as `scraper run` told it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["run_summary", "stats_lines"]

# The states of a URL in the queue (`urls.state`), in the words `stats` uses.
_URL_STATES = {
    "done": "archived",
    "new": "queued",
    "retry": "to retry",
    "failed": "failed",
    "gone": "gone",
    "skipped": "not HTML",
}


def run_summary(report: dict[str, Any]) -> str:
    """One run's outcome (`RunReport.to_dict()`), as `scraper run` prints it; an import's
    (`scraper import-warc`) as one."""
    # Unchanged: answered 304, or fetched again with the same story (reports stored
    # before that was counted have no such count).
    unchanged = report["not_modified"] + report.get("unchanged", 0)
    counts = (
        f"archived {report['archived']} new, {report['new_versions']} changed, "
        f"{unchanged} unchanged, {report['failed']} failed, {report['skipped']} skipped"
    )
    if copies := report.get("copies"):  # (reports stored before copies were: none)
        counts += f", {copies} cop{'y' if copies == 1 else 'ies'} of archived stories"
    if report.get("kind") == "import":  # (reports stored before kinds were: runs)
        stopped = " — stopped before the end of the files" if report["stopped_early"] else ""
        return f"imported from WARC files: {counts}{stopped}"
    deferred = report.get("deferred")  # (reports stored before deferrals were: none)
    failed = report.get("sources_failed")
    polled = f"{report['sources_polled']} sources polled" + (
        f", {failed} failed: see `scraper sources`" if failed else ""
    )
    polled = f" ({polled})" if report["sources_polled"] else ""  # (none: `fetch`)
    waiting = ", ".join(f"{w['host']} until {w['until']}" for w in report.get("waiting", ()))
    return (
        f"{counts}, {report['gone']} gone{polled}"
        + (f"; {deferred} left for the next run (their host was skipped)" if deferred else "")
        + (f"; left alone as they asked: {waiting}" if waiting else "")
        + (" — stopped at --max-time" if report["stopped_early"] else "")
    )


def stats_lines(numbers: dict[str, Any]) -> list[str]:
    """`Archive.stats()` in words, a line for each idea."""
    urls = numbers["urls"]
    states = [f"{urls[s]} {words}" for s, words in _URL_STATES.items() if urls.get(s)]
    raw, stored = numbers["raw_bytes"], numbers["stored_bytes"]
    pages = f"{numbers['pages']}, {_size(raw)} as fetched, {_size(stored)} stored"
    if stored:
        pages += f" ({raw / stored:.0f}× smaller)"
    lines = [
        ("sources", f"{numbers['sources']} polled, {numbers['removed_sources']} removed"),
        ("URLs", ", ".join(states) or "none yet"),
        ("articles", f"{numbers['articles']} in {numbers['versions']} versions"
                     f" (named by {numbers['aliases']} URLs)"),
        ("raw pages", pages),
        ("archive file", _size(numbers["db_bytes"])),
        ("runs", str(numbers["runs"])),
    ]  # fmt: skip
    last = numbers["last_run"]
    if last is not None:
        told = f"; {run_summary(last['report'])}" if last["report"] else ""
        when = (
            f"{last['started_at']} to {last['finished_at']}"
            if last["finished_at"]
            else f"started {last['started_at']}, never finished (stopped, or still running)"
        )
        lines.append(("last run", f"{when}{told}"))
    lines += [
        ("site", f"{site['host']}: {site['articles']} articles in {site['versions']} versions"
                 f", {site['removed']} taken down")
        for site in numbers.get("sites", ())
    ]  # fmt: skip
    lines += [
        (name, f"{key}: {count} article{'' if count == 1 else 's'}")
        for name, field in (("language", "languages"), ("month", "months"))
        for key, count in numbers.get(field, {}).items()
    ]
    return [f"{name:13} {value}" for name, value in lines]


def _size(count: float) -> str:
    unit = 0
    while count >= 1000 and unit < len(_UNITS) - 1:
        count, unit = count / 1000, unit + 1
    return f"{count:.0f} bytes" if unit == 0 else f"{count:.1f} {_UNITS[unit]}"


_UNITS = ("bytes", "KB", "MB", "GB", "TB")
