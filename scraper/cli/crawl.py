"""Commands that change the archive: runs, fetches, imports and re-extraction (the
sources a run polls are `sources`'s)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..errors import UsageError
from ..models import RunReport
from ..notices import EXTRACTION_FAILED
from ..schedule import DEFAULT_SCHEDULE, parse_schedule

if TYPE_CHECKING:
    from ..archive import Archive
    from ..reextract import ReextractReport
    from ..warc_import import ImportReport

from . import (
    archive_at,
    cli,
    db_option,
    fail,
    fetch_config,
    fetch_options,
    json_option,
    progress_bar,
    quiet_option,
    site_option,
)
from .report import run_summary
from .signals import interruptible

_EVER = "9999-12-31"  # a time every revisit is due by
# Extractions that all raised, in a row, across runs, that make a run fail: a broken
# install (a library too old, a compiled module that cannot load), which a page or two
# alone are not (a cron run may extract only one or two pages).
_BROKEN = 3


@cli.command(name="run")
@db_option
@fetch_options
@click.option(
    "--max-time", type=click.FloatRange(min=0), help="Stop cleanly after this many seconds."
)
@click.option(
    "--revisit",
    "schedule",
    default=None,
    metavar="SPEC",
    help="Revisit schedule after first seen (default '1h,3h,12h,1d,3d,7d'; 'none': never).",
)
@quiet_option("Print nothing on success (for cron).")
@json_option
def run_command(
    db: Path,
    max_time: float | None,
    schedule: str | None,
    quiet: bool,
    as_json: bool,
    **fetch: Any,
) -> None:
    """The cron job: poll every source, fetch new and due articles, archive them."""
    try:
        plan = parse_schedule(schedule) if schedule else DEFAULT_SCHEDULE
    except UsageError as error:
        raise click.BadParameter(str(error), param_hint="--revisit") from error
    from ..pipeline import RunOptions, run

    options = RunOptions(fetch=fetch_config(**fetch), max_time=max_time, schedule=plan)
    with archive_at(db) as archive, archive.lock():
        # Without sources, a run still fetches what is queued and revisits the archive
        # (after `remove`, or `fetch` alone); with nothing ever to do, it says why.
        if not archive.sources() and not archive.is_due_or_pending_any(_EVER):
            fail("no sources: add some with `scraper add URL`")
        with (
            progress_bar(enabled=not (quiet or as_json)) as progress,
            interruptible(lambda: _RUN_STOPPED),
        ):
            report = asyncio.run(run(archive, options, progress=progress))
        broken = _broken(archive, report.extracted, report.extraction_errors)
    _print_report(report, quiet=quiet, as_json=as_json)
    if report.sources_polled and report.sources_failed == report.sources_polled:
        fail("every source failed; see `scraper sources`")
    if broken:
        _fail_broken(report.failures)


def _broken(archive: Archive, extracted: int, errors: int) -> bool:
    """Whether every extraction of this run (or import) raised, and so did the archive's
    last `_BROKEN` ones, across runs: one odd page raising among pages that worked, now
    or in the runs before, is no broken install. (`errors` of `_BROKEN` or more suffice:
    an import logs no failure for a page the archive holds.)"""
    return 0 < errors == extracted and (errors >= _BROKEN or archive.extractions_raised(_BROKEN))


def _fail_broken(failures: Sequence[tuple[str, str]]) -> NoReturn:
    reason = next((r for _, r in failures if r.startswith(EXTRACTION_FAILED)), "")
    fail(f"every page's extraction failed, the installation rather than the pages: {reason}")


@cli.command(name="fetch")
@click.argument("urls", nargs=-1, required=True)
@db_option
@fetch_options
@quiet_option("Print nothing unless nothing could be archived.")
@json_option
def fetch_command(
    urls: tuple[str, ...], db: Path, quiet: bool, as_json: bool, **fetch: Any
) -> None:
    """Archive the given article URLs now."""
    from ..pipeline import RunOptions, archive_urls
    from ..urls import normalize_url

    if wrong := [url for url in urls if normalize_url(url) is None]:
        fail("; ".join(map(_not_a_url, wrong)), 2)
    options = RunOptions(fetch=fetch_config(**fetch))
    with archive_at(db, create=True) as archive, archive.lock():
        report = asyncio.run(archive_urls(archive, urls, options))
        missing = _not_archived(archive, report.run_id, urls)
    nothing = len(missing) == len(urls)
    if as_json or not quiet:  # (--json wins over -q: a script asked for it)
        _print_report(report, quiet=False, as_json=as_json)
    if not as_json and (nothing or not quiet):
        for url, reason in missing:
            click.echo(f"scraper: not archived: {url}: {reason}", err=True)
    if nothing:
        sys.exit(1)


def _not_archived(archive: Archive, run_id: int, urls: tuple[str, ...]) -> list[tuple[str, str]]:
    """The URLs asked for that the run did not archive, and why, from its fetch log."""
    from ..urls import normalize_url

    last: dict[str, str] = {}
    for entry in archive.iter_fetch_log():  # (newest first: this run's rows come first)
        if entry.run_id != run_id:
            break
        if entry.outcome not in ("ok", "not_modified"):
            last.setdefault(entry.url, entry.reason or entry.outcome)
        else:
            last.setdefault(entry.url, "")
    keys = {url: normalize_url(url) or url for url in urls}
    why = "not fetched: its host was skipped this run; left for the next"
    return [(url, last.get(keys[url], why)) for url in urls if last.get(keys[url], why)]


_RUN_STOPPED = "interrupted: what was fetched is archived; the rest waits for the next run"


def _not_a_url(text: str) -> str:
    from ..urls import MAX_URL_LENGTH

    shown = text if len(text) <= 100 else f"{text[:100]}…"
    if len(text) > MAX_URL_LENGTH and text.lower().startswith(("http://", "https://")):
        return f"URL too long ({len(text)} characters; at most {MAX_URL_LENGTH}): {shown}"
    return f"not an http(s) URL: {shown}"


def _print_report(report: RunReport, *, quiet: bool, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    if quiet:
        for url, reason in report.failures if report.archived == 0 and report.failed else ():
            click.echo(f"failed {url}: {reason}", err=True)
        return
    click.echo(run_summary(report.to_dict()))
    for url, reason in report.failures[:10]:
        click.echo(f"  failed {url}: {reason}")


@cli.command(name="reextract")
@db_option
@click.option(
    "--processes", type=click.IntRange(min=0),
    help="Extraction worker processes (default: one per core; 0: inline).",
)  # fmt: skip
@click.option("--all", "everything", is_flag=True, help="Also the pages it has read already.")
@quiet_option("Print nothing unless a page failed.")
def reextract_command(db: Path, processes: int | None, everything: bool, quiet: bool) -> None:
    """Re-run the current extractor over every stored raw page another one read."""
    done = [0, 0]  # pages done (each kept as it is done), of how many
    bar: Callable[[str, int, int], None] | None = None

    def counted(phase: str, pages: int, total: int) -> None:
        done[:] = pages, total
        if bar is not None:
            bar(phase, pages, total)

    def said() -> str:
        # (A pass over every page has no place to resume from: what it redid is marked
        # as this extractor's already, whether it changed or not.)
        again = (
            "`scraper reextract --all` starts over"
            if everything
            else ("`scraper reextract` again goes on from there")
        )
        return f"reextract interrupted: {done[0]} of {done[1]} pages done and kept; {again}"

    with archive_at(db) as archive, archive.lock():
        from ..reextract import reextract

        done[1] = archive.page_count()
        with progress_bar(enabled=not quiet) as bar, interruptible(said):
            report = reextract(
                archive, processes=processes, progress=counted, everything=everything
            )
    if not quiet or report.failed:
        click.echo(_reextract_line(report))


def _records(report: ImportReport) -> str:
    """The records an import read: "3 responses and 2 takedowns"."""
    counts = ((report.revisits, "revisit"), (report.takedowns, "takedown"))
    more = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
    return " and ".join([f"{report.responses} responses", *more])


def _reextract_line(report: ReextractReport) -> str:
    line = f"re-extracted {report.pages} pages, {report.changed} changed"
    line += f", {report.failed} failed (kept as they were)" if report.failed else ""
    line += f"; {report.current} read by this extractor already" if report.current else ""
    n = report.folded
    return line + (
        f"; {n} version{'s' if n != 1 else ''} the same as the one before, folded into it"
        if n
        else ""
    )


@cli.command(name="import-warc")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@db_option
@click.option(
    "--processes", type=click.IntRange(min=0),
    help="Extraction worker processes (default: one, with two cores or more; 0: inline).",
)  # fmt: skip
@site_option
@json_option
def import_warc(
    files: tuple[Path, ...], db: Path, processes: int | None, sites: frozenset[str], as_json: bool
) -> None:
    """Archive the HTML pages of WARC files (Common Crawl's CC-NEWS, an export)."""
    from ..warc_import import import_warcs

    read = [0.0]  # the share of the files' bytes read

    def counted(phase: str, done: int, total: int) -> None:
        read[0] = done / total if total else 1.0
        if bar is not None:
            bar(phase, done, total)

    def said() -> str:
        return (
            f"import interrupted, {read[0]:.0%} of the files read: what was read is archived"
            " and kept; the same `scraper import-warc` again passes over it and goes on"
        )

    with (
        archive_at(db, create=True) as archive,
        archive.lock(),
        progress_bar(enabled=not as_json) as bar,
        interruptible(said),
    ):
        report = asyncio.run(
            import_warcs(archive, files, processes=processes, sites=sites, progress=counted)
        )
        broken = _broken(archive, report.extracted, report.extraction_errors)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"imported {_records(report)}: {report.archived} new articles, "
            f"{report.new_versions} changed, {report.unchanged} unchanged, {report.older} "
            f"no newer than the archive's, {report.failed} failed, {report.skipped} skipped"
            + (f", {report.removed} taken down" if report.removed else "")
        )
        for url, reason in report.failures[:10]:
            click.echo(f"  failed {url}: {reason}")
    for path, reason in report.bad_files:
        click.echo(f"scraper: {path}: {reason}", err=True)
    if broken:
        _fail_broken(report.failures)
    if report.bad_files:
        sys.exit(1)
