"""How archived stories change: what changed lately, one article's versions, a diff."""

from __future__ import annotations

import json
import sys
from itertools import accumulate
from pathlib import Path

import click

from . import (
    archive_at,
    cli,
    db_option,
    fail,
    json_option,
    record_dict,
    since_option,
    site_option,
    stored_article,
)


@cli.command()
@since_option("What changed since TIME: ISO 8601, or back from now (20m, 6h, 2d) [default: 1d].")
@site_option
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, newest first.")
@db_option
@json_option
def changes(
    since: str | None, sites: frozenset[str], limit: int | None, db: Path, as_json: bool
) -> None:
    """The archived articles that changed lately: each new version and each story taken
    down from its site, newest first, with what changed (`scraper diff ID` shows how)."""
    with archive_at(db, reading=True) as archive:
        found = archive.changes(since=since or "1d", sites=sites, limit=limit)
    if as_json:
        click.echo(json.dumps([record_dict(c) for c in found], indent=2, ensure_ascii=False))
        return
    for c in found:
        click.echo(f"[{c.article_id} v{c.version}] {c.seen_at}  {c.title or '(no title)'}")
        click.echo(f"    {c.url}\n    {c.summary}")


@cli.command()
@click.argument("ref")
@db_option
@json_option
def history(ref: str, db: Path, as_json: bool) -> None:
    """List an article's versions with what changed in each, and each time it was taken
    down from its site and found back on it."""
    from ..archive.takedowns import BACK, REMOVED

    with archive_at(db, reading=True) as archive:
        stored = stored_article(archive, ref)
        versions = archive.versions(stored.id)
        takedowns = archive.takedown_history(stored.id).get(stored.id, [])
    if as_json:
        rows = [
            {
                "version": v.number,
                "seen_at": v.seen_at,
                "title": v.article.title,
                "summary": v.summary,
            }
            for v in versions
        ]
        click.echo(
            json.dumps(
                {
                    "id": stored.id,
                    "url": stored.article.url,
                    "removed_at": stored.removed_at,
                    "versions": rows,
                    "takedowns": [record_dict(t) for t in takedowns],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    # In the order seen; a visit that found the story back tells it before its version.
    # Versions in their numbers' order, even one an archive dated before the one it
    # follows (a clock stepped back, before captures were kept in order).
    ats = accumulate((v.seen_at for v in versions), max)
    lines = [(at, 1, v.number, v.seen_at, f"v{v.number}", v.summary)
             for at, v in zip(ats, versions, strict=True)]  # fmt: skip
    lines += [(t.removed_at, 0, 0, t.removed_at, "--", REMOVED) for t in takedowns]
    lines += [(t.back_at, 0, 0, t.back_at, "--", BACK) for t in takedowns if t.back_at]
    click.echo(f"[{stored.id}] {stored.article.url}")
    for *_, at, label, summary in sorted(lines):
        click.echo(f"  {label}  {at}  {summary}")


@cli.command()
@click.argument("ref")
@click.option(
    "--from", "from_", type=int, help="Version to compare from [default: the one before --to]."
)
@click.option("--to", type=int, help="Version to compare to [default: the latest].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json"]),
    default="text",
    show_default=True,
)
@db_option
def diff(ref: str, from_: int | None, to: int | None, fmt: str, db: Path) -> None:
    """Word-level diff of an article's title and text between two versions, and the
    metadata that changed."""
    from ..versions import diff_articles, diff_to_dict, render_html, render_text

    with archive_at(db, reading=True) as archive:
        stored = stored_article(archive, ref)
        versions = {v.number: v for v in archive.versions(stored.id)}
    if len(versions) == 1 and from_ is None and to is None and fmt == "text":
        (only,) = versions.values()
        click.echo(f"article {stored.id} has one version ({only.seen_at}): nothing to compare yet")
        return
    new_n = to if to is not None else max(versions)
    old_n = from_ if from_ is not None else max(1, new_n - 1)
    for n in (new_n, old_n):  # (the one asked for first: the other follows from it)
        if n not in versions:
            fail(f"article {stored.id} has no version {n} (it has 1–{max(versions)})", 2)
    old, new = versions[old_n], versions[new_n]
    d = diff_articles(
        old.article,
        new.article,
        from_version=old_n,
        to_version=new_n,
        from_seen_at=old.seen_at,
        to_seen_at=new.seen_at,
    )
    if fmt == "json":
        click.echo(json.dumps(diff_to_dict(d), indent=2, ensure_ascii=False))
    elif fmt == "html":
        click.echo(render_html(d))
    else:
        click.echo(render_text(d, color=sys.stdout.isatty()))
