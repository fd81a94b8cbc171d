"""Commands on the sources a run polls: `add`, `sources` and `remove`."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..models import Source
from ..urls import normalize_url

if TYPE_CHECKING:
    from ..archive.records import SourceYield

from . import archive_at, cli, db_option, fetch_config, fetch_options, json_option


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@fetch_options
def add(urls: tuple[str, ...], db: Path, **fetch: Any) -> None:
    """Register sources: RSS/Atom feeds, sitemaps, or HTML pages (kind detected).

    An HTML page is scanned for the feeds it advertises, which are added too; a site's
    home page also brings the Google News sitemaps its robots.txt lists.
    """
    with archive_at(db, create=True) as archive:
        from ..pipeline import add_sources

        results = asyncio.run(add_sources(archive, urls, fetch_config(**fetch)))
    failed = 0
    for url, source, note in results:
        if source is None:
            failed += 1
            click.echo(f"failed  {url}: {note}", err=True)
        else:
            click.echo(f"{source.kind:8}{url}  ({note})")
    if failed == len(urls):
        sys.exit(1)


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="Removed sources too.")
@db_option
@json_option
def sources(show_all: bool, db: Path, as_json: bool) -> None:
    """List sources with their last poll, and what each has brought."""
    with archive_at(db, reading=True) as archive:
        rows = archive.sources(removed=show_all)
        yields = archive.source_yields()
    if as_json:
        click.echo(json.dumps([_source_dict(s, yields.get(s.id or 0)) for s in rows], indent=2))
        return
    for s in rows:
        polled = f"{s.last_polled_at or 'never'}: {s.last_outcome or '-'}"
        got = _yield_dict(yields.get(s.id or 0))
        brought = f"{got['found']} found, {got['archived']} archived"
        if got["newest_found_at"]:
            brought += f", newest {got['newest_found_at'][:10]}"
        removed = f"  (removed {s.removed_at})" if s.removed_at else ""
        health = "".join(f"\n{'':14}{line}" for line in _health(s))
        click.echo(f"{s.id:>4} {s.kind:8} {s.url}  [{polled}] {brought}{removed}{health}")


def _health(s: Source) -> list[str]:
    """What the last poll alone does not say: an outage, an emptied document, a move."""
    lines = []
    if s.failures:
        polls = "the last poll" if s.failures == 1 else f"the last {s.failures} polls"
        lines.append(f"failing: {polls} failed; last good poll {s.last_ok_at or 'never'}")
    if s.listed == 0:
        lines.append("empty: its document lists nothing")
    if s.moved_to:
        lines.append(f"moved: redirects to {s.moved_to} (since {s.moved_since})")
    if s.moved_from:  # (moved by the scraper, after its permanent redirects)
        lines.append(f"moved from {_left(s)} (since {s.moved_at})")
    lines += [f"also read for {url}, which redirects here" for url in s.read_for]
    return lines


@cli.command()
@click.argument("refs", metavar="URL|ID...", nargs=-1, required=True)
@click.option("--stop-revisits", is_flag=True, help="Also stop revisiting the articles it brought.")
@db_option
def remove(refs: tuple[str, ...], stop_revisits: bool, db: Path) -> None:
    """Stop polling sources (by URL or id, as `sources` lists them).

    The URLs a source found that were not fetched yet leave the queue; its archived
    articles stay, and are still revisited unless --stop-revisits. `add` brings a
    removed source back.
    """
    unknown = 0
    # (Under the run lock: a run going on would still fetch the URLs this drops.)
    with archive_at(db) as archive, archive.lock():
        for ref in refs:
            removal = archive.remove_source(ref, stop_revisits=stop_revisits)
            if removal is None:
                unknown += 1
                hint = _read_by(archive.source(ref), ref)
                click.echo(f"scraper: not an active source: {ref}{hint}", err=True)
                continue
            note = f"{removal.dropped} queued URLs dropped"
            if stop_revisits:
                note += f", {removal.revisits_stopped} revisits stopped"
            click.echo(f"removed {removal.source.url}{_moved(removal.source)}  ({note})")
    if unknown:
        sys.exit(1)


def _read_by(s: Source | None, ref: str) -> str:
    """For an address that joined another source: which one reads its feed now."""
    url = normalize_url(ref) or ref
    if s is None or s.removed_at is not None or url in (s.url, *s.past_urls):
        return ""
    return f" (it redirects to {s.url}, which source {s.id} reads: remove that to stop it)"


def _moved(s: Source) -> str:
    """Where a source moved from, for one a user may name by the address they added."""
    return f" (moved from {_left(s)} on {(s.moved_at or '')[:10]})" if s.moved_from else ""


def _left(s: Source) -> str:
    """The addresses a source moved from, each of which still names it: "A, then B"."""
    return ", then ".join(s.past_urls or (s.moved_from or "",))


def _source_dict(s: Source, got: SourceYield | None) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "kind": s.kind,
        "last_polled_at": s.last_polled_at,
        "last_outcome": s.last_outcome,
        "removed_at": s.removed_at,
        "failures": s.failures,
        "last_ok_at": s.last_ok_at,
        "listed": s.listed,
        "moved_to": s.moved_to,
        "moved_since": s.moved_since,
        "moved_from": s.moved_from,
        "moved_at": s.moved_at,
        "past_urls": list(s.past_urls),
        "read_for": list(s.read_for),
        **_yield_dict(got),
    }


def _yield_dict(got: SourceYield | None) -> dict[str, Any]:
    """What a source brought (nothing yet, for one never polled)."""
    return {
        "found": got.found if got else 0,
        "archived": got.archived if got else 0,
        "newest_found_at": got.newest_found_at if got else None,
    }
