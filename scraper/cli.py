"""The `scraper` command: a thin click shell over the library.

Exit status: 0 done (per-page failures are recorded, not fatal); 1 the command could not
do its job (archive unwritable, every source failed, nothing to extract); 2 usage error;
75 (EX_TEMPFAIL) another run holds the archive's lock.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__
from .errors import ArchiveError, LockHeld, ScraperError, UsageError
from .extract import extract
from .extract.decode import decode_html
from .models import Article, RunReport
from .schedule import DEFAULT_SCHEDULE, parse_schedule

# The archive (sqlite-utils, numpy), the fetcher (httpx) and the pipeline load only in the
# commands that use them: `scraper extract` and `--help` start fast, and so does each
# extraction worker process, which imports this module again (multiprocessing's spawn).
if TYPE_CHECKING:
    from .archive import Archive
    from .fetch import FetchConfig

EX_TEMPFAIL = 75
F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default="archive.db",
        envvar="SCRAPER_DB",
        show_default=True,
        help="The archive file (or $SCRAPER_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scraper")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Discover, fetch, extract and archive news articles in SQLite."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@contextmanager
def archive_at(db: Path, *, reading: bool = False) -> Iterator[Archive]:
    """Open the archive, turning its errors into exit status 1 with one clear line.

    Commands that only read need no archive to exist beforehand, and work on a
    read-only one (a copy on a read-only mount, another user's archive).
    """
    if reading and not db.exists():
        fail(f"no archive at {db} (add sources with `scraper add URL`, or pass --db)")
    try:
        archive = _open(db, reading=reading)
    except ArchiveError as error:
        fail(f"cannot open the archive {db}: {error}")
    try:
        yield archive
    except LockHeld as error:
        click.echo(f"scraper: {error}", err=True)
        sys.exit(EX_TEMPFAIL)
    except ArchiveError as error:
        fail(f"archive {db}: {error}")
    finally:
        archive.close()


def _open(db: Path, *, reading: bool) -> Archive:
    from .archive import open_archive

    try:
        return open_archive(db)
    except ArchiveError as error:
        if reading and "read-only" in str(error):
            return open_archive(db, read_only=True)
        raise


def fail(message: str, status: int = 1) -> NoReturn:
    click.echo(f"scraper: {message}", err=True)
    sys.exit(status)


def fetch_config(
    timeout: float | None = None,
    delay: float | None = None,
    concurrency: int | None = None,
    user_agent: str | None = None,
) -> FetchConfig:
    from .fetch import FetchConfig

    given: dict[str, Any] = {
        "timeout": timeout,
        "delay": delay,
        "concurrency": concurrency,
        "user_agent": user_agent,
    }
    return FetchConfig(**{k: v for k, v in given.items() if v is not None})


def fetch_options(func: F) -> F:
    for option in reversed(
        [
            click.option(
                "--delay",
                type=click.FloatRange(min=0),
                help="Seconds between requests to one host [default: 1].",
            ),
            click.option(
                "--concurrency",
                type=click.IntRange(min=1),
                help="Requests in flight per host [default: 1].",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0.1),
                help="Seconds per request [default: 30].",
            ),
            click.option(
                "--user-agent",
                envvar="SCRAPER_USER_AGENT",
                help="User-Agent header (or $SCRAPER_USER_AGENT).",
            ),
        ]
    ):
        func = option(func)
    return func


# --- sources and runs ----------------------------------------------------------------


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@fetch_options
def add(urls: tuple[str, ...], db: Path, **fetch: Any) -> None:
    """Register sources: RSS/Atom feeds, sitemaps, or HTML pages (kind detected).

    An HTML page is scanned for the feeds it advertises, which are added too.
    """
    with archive_at(db) as archive:
        from .pipeline import add_sources

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
@db_option
@json_option
def sources(db: Path, as_json: bool) -> None:
    """List sources with their last poll."""
    with archive_at(db, reading=True) as archive:
        rows = archive.sources()
    if as_json:
        click.echo(json.dumps([_source_dict(s) for s in rows], indent=2))
        return
    for s in rows:
        polled = f"{s.last_polled_at or 'never'}: {s.last_outcome or '-'}"
        click.echo(f"{s.id:>4} {s.kind:8} {s.url}  [{polled}]")


def _source_dict(s: Any) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "kind": s.kind,
        "last_polled_at": s.last_polled_at,
        "last_outcome": s.last_outcome,
    }


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
    help="Revisit schedule after first seen, e.g. '1h,3h,12h,1d,3d,7d'.",
)
@click.option("--quiet", "run_quiet", is_flag=True, help="Print nothing on success (for cron).")
@json_option
def run_command(
    db: Path,
    max_time: float | None,
    schedule: str | None,
    run_quiet: bool,
    as_json: bool,
    **fetch: Any,
) -> None:
    """The cron job: poll every source, fetch new and due articles, archive them."""
    try:
        plan = parse_schedule(schedule) if schedule else DEFAULT_SCHEDULE
    except UsageError as error:
        raise click.BadParameter(str(error), param_hint="--revisit") from error
    from .pipeline import RunOptions, run

    options = RunOptions(fetch=fetch_config(**fetch), max_time=max_time, schedule=plan)
    with archive_at(db) as archive, archive.lock():
        if not archive.sources():
            fail("no sources: add some with `scraper add URL`")
        with _progress(enabled=not (run_quiet or as_json)) as progress:
            report = asyncio.run(run(archive, options, progress=progress))
    _print_report(report, quiet=run_quiet, as_json=as_json)
    if report.sources_polled and report.sources_failed == report.sources_polled:
        fail("every source failed; see `scraper sources`")


@cli.command(name="fetch")
@click.argument("urls", nargs=-1, required=True)
@db_option
@fetch_options
@json_option
def fetch_command(urls: tuple[str, ...], db: Path, as_json: bool, **fetch: Any) -> None:
    """Archive the given article URLs now."""
    from .pipeline import RunOptions, archive_urls

    options = RunOptions(fetch=fetch_config(**fetch))
    with archive_at(db) as archive, archive.lock():
        report = asyncio.run(archive_urls(archive, urls, options))
    _print_report(report, quiet=False, as_json=as_json)
    if report.archived + report.new_versions + report.not_modified == 0 and report.failed:
        sys.exit(1)


def _print_report(report: RunReport, *, quiet: bool, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    if quiet:
        for url, reason in report.failures if report.archived == 0 and report.failed else ():
            click.echo(f"failed {url}: {reason}", err=True)
        return
    click.echo(
        f"archived {report.archived} new, {report.new_versions} changed, "
        f"{report.not_modified} unchanged, {report.failed} failed, {report.skipped} skipped, "
        f"{report.gone} gone ({report.sources_polled} sources polled)"
        + (" — stopped at --max-time" if report.stopped_early else "")
    )
    for url, reason in report.failures[:10]:
        click.echo(f"  failed {url}: {reason}")


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar, only when stdout is a terminal."""
    if not (enabled and sys.stdout.isatty()):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("fetching", total=None)

        def update(phase: str, done: int, total: int) -> None:
            bar.update(task, description=phase, completed=done, total=total or None)

        yield update


# --- reading the archive -------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--all-versions", is_flag=True, help="Search every stored version, not only the latest."
)
@db_option
@json_option
def search(query: str, limit: int, all_versions: bool, db: Path, as_json: bool) -> None:
    """Full-text search over titles and texts, best first."""
    with archive_at(db, reading=True) as archive:
        hits = archive.search(query, limit=limit, all_versions=all_versions)
    if as_json:
        click.echo(json.dumps([_hit_dict(h) for h in hits], indent=2, ensure_ascii=False))
        return
    for h in hits:
        version = f" v{h.version}" if all_versions else ""
        click.echo(
            f"[{h.article_id}{version}] {h.title or '(no title)'}\n    {h.url}\n    {h.snippet}"
        )


def _hit_dict(h: Any) -> dict[str, Any]:
    return {
        "id": h.article_id,
        "version": h.version,
        "url": h.url,
        "title": h.title,
        "published": h.published,
        "snippet": h.snippet,
    }


FORMATS = click.Choice(["text", "markdown", "json"])


@cli.command()
@click.argument("ref")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
)
@db_option
def show(ref: str, fmt: str, db: Path) -> None:
    """Show one archived article (by URL or id); `--format html` gives the raw page."""
    with archive_at(db, reading=True) as archive:
        stored = archive.article(ref)
        if stored is None:
            fail(f"no article {ref!r} in the archive")
        if fmt == "html":
            page_id = archive.versions(stored.id)[-1].page_id
            if page_id is None:
                fail(f"article {stored.id} has no raw page stored")
            page = archive.raw_page(page_id)
            click.echo(decode_html(page.body, page.content_type))
            return
    data = stored.article.to_dict() | {
        "id": stored.id,
        "fetched_at": stored.fetched_at,
        "first_seen_at": stored.first_seen_at,
        "versions": stored.versions,
        "removed_at": stored.removed_at,
    }
    click.echo(_render(stored.article, fmt, data))


def _render(article: Article, fmt: str, data: dict[str, Any] | None = None) -> str:
    if fmt == "json":
        return json.dumps(data or article.to_dict(), indent=2, ensure_ascii=False)
    head = [article.title or "", _byline(article)]
    body = article.markdown if fmt == "markdown" else article.text
    if fmt == "markdown" and article.title:
        head[0] = f"# {article.title}"
    return "\n\n".join([line for line in head if line] + [body])


def _byline(article: Article) -> str:
    parts = [", ".join(article.authors), article.published or "", article.url or ""]
    return " · ".join(p for p in parts if p)


@cli.command()
@click.argument("ref")
@db_option
@json_option
def history(ref: str, db: Path, as_json: bool) -> None:
    """List an article's versions with what changed in each."""
    with archive_at(db, reading=True) as archive:
        stored = archive.article(ref)
        if stored is None:
            fail(f"no article {ref!r} in the archive")
        versions = archive.versions(stored.id)
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
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"[{stored.id}] {stored.article.url}")
    for v in versions:
        click.echo(f"  v{v.number}  {v.seen_at}  {v.summary}")
    if stored.removed_at:
        click.echo(f"  removed  {stored.removed_at}")


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
    """Word-level diff of an article's title and text between two versions."""
    from .versions import diff_articles, diff_to_dict, render_html, render_text

    with archive_at(db, reading=True) as archive:
        stored = archive.article(ref)
        if stored is None:
            fail(f"no article {ref!r} in the archive")
        versions = {v.number: v for v in archive.versions(stored.id)}
    new_n = to if to is not None else max(versions)
    old_n = from_ if from_ is not None else max(1, new_n - 1)
    for n in (old_n, new_n):
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


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "warc"]),
    default="jsonl",
    show_default=True,
)
@click.option("--since", help="Only articles fetched on or after this date (ISO 8601).")
@click.option("--all-versions", is_flag=True, help="Every version, not only the latest.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@db_option
def export(fmt: str, since: str | None, all_versions: bool, output: Path | None, db: Path) -> None:
    """Export articles as JSONL or CSV, or raw pages and extractions as WARC."""
    from . import export as exporters

    with archive_at(db, reading=True) as archive:
        if fmt == "warc":
            with _binary_out(output) as out:
                exporters.export_warc(archive, out, since=since)
            return
        with _text_out(output) as text_out:
            writer = exporters.export_csv if fmt == "csv" else exporters.export_jsonl
            writer(archive, text_out, since=since, all_versions=all_versions)


@contextmanager
def _binary_out(path: Path | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout.buffer
        return
    with path.open("wb") as out:
        yield out


@contextmanager
def _text_out(path: Path | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


@cli.command(name="log")
@click.option("--failed", is_flag=True, help="Only failed attempts.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, newest first.")
@db_option
@json_option
def log_command(failed: bool, limit: int | None, db: Path, as_json: bool) -> None:
    """Every fetch attempt: URL, time, status, outcome and reason."""
    with archive_at(db, reading=True) as archive:
        entries = archive.fetch_log(failed_only=failed, limit=limit)
    if as_json:
        rows = [
            {
                "url": e.url,
                "at": e.at,
                "status": e.status,
                "outcome": e.outcome,
                "reason": e.reason,
                "run_id": e.run_id,
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for e in entries:
        click.echo(f"{e.at}  {e.status or '-':>3}  {e.outcome:12} {e.url}  {e.reason}")


@cli.command(name="reextract")
@db_option
@click.option(
    "--processes", type=click.IntRange(min=0),
    help="Extraction worker processes (default: one per core; 0: inline).",
)  # fmt: skip
@click.option("--quiet", is_flag=True, help="Print nothing unless a page failed.")
def reextract_command(db: Path, processes: int | None, quiet: bool) -> None:
    """Re-run the current extractor over every stored raw page."""
    with archive_at(db) as archive, archive.lock():
        from .reextract import reextract

        with _progress(enabled=not quiet) as progress:
            report = reextract(archive, processes=processes, progress=progress)
    if not quiet or report.failed:
        failed = f", {report.failed} failed (kept as they were)" if report.failed else ""
        click.echo(f"re-extracted {report.pages} pages, {report.changed} changed{failed}")


@cli.command()
@db_option
@json_option
def stats(db: Path, as_json: bool) -> None:
    """Counts and sizes of the archive."""
    with archive_at(db, reading=True) as archive:
        numbers = archive.stats()
    if as_json:
        click.echo(json.dumps(numbers, indent=2, default=str))
        return
    for key, value in numbers.items():
        click.echo(f"{key:24} {value}")


# --- one page, no archive ------------------------------------------------------------


@cli.command(name="extract")
@click.argument("source")
@click.option("--url", help="The page's address (for relative links and metadata).")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--explain", is_flag=True, help="Also list what each boilerplate rule removed (on stderr)."
)
def extract_command(source: str, url: str | None, fmt: str, explain: bool) -> None:
    """Extract one article from FILE, URL, or - (stdin) and print it."""
    content_type = None
    if source == "-":
        data = sys.stdin.buffer.read()
    elif source.startswith(("http://", "https://")):
        from .pipeline import fetch_page

        outcome = asyncio.run(fetch_page(source))
        if outcome.page is None:
            fail(f"{source}: {outcome.reason}")
        data, content_type = outcome.page.body, outcome.page.content_type
        url = url or outcome.page.final_url
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            fail(f"cannot read {source}: {error.strerror}", 2)
    try:
        article = extract(data, url, content_type=content_type, explain=explain)
    except ScraperError as error:
        fail(str(error))
    click.echo(_render(article, fmt))
    for removal in article.removed:
        click.echo(f"removed [{removal.rule}] {removal.text}", err=True)


def main() -> None:  # pragma: no cover - `python -m scraper`
    cli(prog_name="scraper")


if __name__ == "__main__":  # pragma: no cover
    main()
