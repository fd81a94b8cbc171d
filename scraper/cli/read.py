"""Commands that read the archive, and `extract`, which needs none."""

from __future__ import annotations

import asyncio
import json
import sys
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from ..errors import ScraperError, SiteRulesError, UsageError
from ..extract import SiteRules, extract
from ..extract.markdown import escape
from ..models import Article
from ..sniff import binary_kind
from . import (
    archive_at,
    cli,
    db_option,
    fail,
    json_option,
    progress_bar,
    record_dict,
    since_option,
    site_option,
    stored_article,
)
from .exports import author_option, language_option, published_options
from .report import stats_lines

if TYPE_CHECKING:
    pass


class _DashedQuery(click.Command):
    """A command whose argument may start with a dash ("-bridge ferry", "-5°C"): an
    argument that is none of its options is the query, not a bundle of short options
    (click would read "-chamber" as "-c -h …", and print the help); after `--`, all is."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Each option's name, and whether it takes a value.
        takes = {
            name: not (param.is_flag or param.count)
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
            for name in [*param.opts, *param.secondary_opts]
        }
        options: list[str] = []
        query: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                query.extend(rest)
            elif (name := arg.split("=")[0]) in takes:
                options.append(arg)
                if takes[name] and "=" not in arg:
                    options.extend(islice(rest, 1))  # its value, whatever it starts with
            else:
                query.append(arg)
        return super().parse_args(ctx, [*options, "--", *query])


@cli.command(cls=_DashedQuery)
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--all-versions", is_flag=True, help="Search every stored version, not only the latest."
)
@site_option
@since_option(
    "Only articles new or changed since TIME (with --all-versions, versions first seen"
    " since then): ISO 8601, or back from now (20m, 6h, 2d)."
)
@since_option(
    "Only what was first seen before TIME (as --since compares): the end of its window.",
    name="--until",
)
@language_option
@published_options
@author_option
@db_option
@json_option
def search(
    query: str,
    limit: int,
    all_versions: bool,
    sites: frozenset[str],
    since: str | None,
    until: str | None,
    languages: frozenset[str],
    published_since: str | None,
    published_until: str | None,
    authors: frozenset[str],
    db: Path,
    as_json: bool,
) -> None:
    """Full-text search over titles and texts, best first."""
    with archive_at(db, reading=True) as archive:
        try:  # (one more than asked for says whether there are more)
            found = archive.search(
                query, limit=limit + 1, all_versions=all_versions, sites=sites, since=since,
                until=until, languages=languages, published_since=published_since,
                published_until=published_until, authors=authors,
            )  # fmt: skip
        except UsageError as error:  # a query that asks for nothing, or a bad NEAR
            raise click.BadParameter(str(error), param_hint="QUERY") from error
    hits = found[:limit]
    if as_json:
        click.echo(json.dumps([record_dict(h) for h in hits], indent=2, ensure_ascii=False))
        return
    for h in hits:
        version = f" v{h.version}" if all_versions else ""
        removed = f"  (removed from the site {h.removed_at[:10]})" if h.removed_at else ""
        snippet = " ".join(h.snippet.split())  # its paragraphs on the hit's one line
        click.echo(f"[{h.article_id}{version}] {h.title or '(no title)'}{removed}")
        click.echo(f"    {h.url}\n    {snippet}")
    if len(found) > limit:
        click.echo(f"(the best {limit}; more match: --limit N for more)")


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
@click.option(
    "--version", "number", type=click.IntRange(min=1), metavar="N",
    help="Version N, as it read then (`scraper history` lists them) [default: the latest].",
)  # fmt: skip
@db_option
def show(ref: str, fmt: str, number: int | None, db: Path) -> None:
    """Show one archived article (by URL or id); `--format html` gives the raw page."""
    with archive_at(db, reading=True) as archive:
        stored = stored_article(archive, ref)
        versions = archive.versions(stored.id)
        if number is not None and not 1 <= number <= len(versions):
            fail(f"article {stored.id} has no version {number} (it has 1–{len(versions)})", 2)
        version = versions[(number or len(versions)) - 1]
        if fmt == "html":
            if version.page_id is None:
                fail(f"article {stored.id} has no raw page stored")
            # The bytes as fetched: a page that declares its charset (windows-1251) is
            # read by a browser as it says only in that encoding.
            sys.stdout.buffer.write(archive.raw_page(version.page_id).body)
            return
    # (The latest as the article's row has it: what search, export and `reextract` see.)
    article = stored.article if number is None else version.article
    data = article.to_dict() | {
        "id": stored.id,
        "version": version.number,
        "seen_at": version.seen_at,
        "fetched_at": stored.fetched_at,
        "first_seen_at": stored.first_seen_at,
        "versions": stored.versions,
        "removed_at": stored.removed_at,
    }
    click.echo(_render(article, fmt, data))
    if stored.removed_at and fmt != "json":  # (said last: the text stays what it was)
        click.echo(f"\n(removed from the site: gone when visited at {stored.removed_at})")


def _render(article: Article, fmt: str, data: dict[str, Any] | None = None) -> str:
    if fmt == "json":
        return json.dumps(data or article.to_dict(), indent=2, ensure_ascii=False)
    if fmt != "markdown":
        return "\n\n".join(line for line in (article.title, _byline(article), article.text) if line)
    # The page's words are text in markdown, not markup: a title may hold "<script>".
    title = f"# {escape(article.title)}" if article.title else ""
    return "\n\n".join(line for line in (title, escape(_byline(article)), article.markdown) if line)


def _byline(article: Article) -> str:
    rated = f"rated {article.rating}" if article.rating else ""  # (a review's)
    parts = [", ".join(article.authors), article.published or "", rated, article.url or ""]
    return " · ".join(p for p in parts if p)


@cli.command(name="log")
@click.option("--failed", is_flag=True, help="Only failed attempts.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, newest first.")
@db_option
@json_option
def log_command(failed: bool, limit: int | None, db: Path, as_json: bool) -> None:
    """Every fetch attempt: URL, time, status, outcome and reason."""
    with archive_at(db, reading=True) as archive:
        entries = archive.iter_fetch_log(failed_only=failed, limit=limit)
        if as_json:  # one JSON array, written as the rows are read: the log may be long
            click.echo("[", nl=False)
            for n, e in enumerate(entries):
                row = json.dumps(record_dict(e), ensure_ascii=False)
                click.echo(f"{',' if n else ''}\n  {row}", nl=False)
            click.echo("\n]")
            return
        for e in entries:
            click.echo(f"{e.at}  {e.status or '-':>3}  {e.outcome:12} {e.url}  {e.reason}")


@cli.command()
@click.option(
    "--top-sites", "top", type=click.IntRange(min=1), metavar="N",
    help="The N sites with the most articles, with their articles, versions and takedowns.",
)  # fmt: skip
@click.option(
    "--by", "breakdowns", type=click.Choice(["language", "month"]), multiple=True,
    help="Articles per language (en with en-GB), or per month the pages date them"
    " (repeatable).",
)  # fmt: skip
@db_option
@json_option
def stats(top: int | None, breakdowns: tuple[str, ...], db: Path, as_json: bool) -> None:
    """Counts and sizes of the archive."""
    with archive_at(db, reading=True) as archive:
        numbers = archive.stats()
        if top:
            numbers["sites"] = archive.top_sites(top)
        for by in dict.fromkeys(breakdowns):
            numbers[_BREAKDOWN_KEYS[by]] = archive.breakdown(by)
    if as_json:
        click.echo(json.dumps(numbers, indent=2, default=str))
        return
    for line in stats_lines(numbers):
        click.echo(line)


# Where `stats --json` puts each breakdown (`Archive.breakdown`).
_BREAKDOWN_KEYS = {"language": "languages", "month": "months"}


@cli.command()
@db_option
@json_option
def verify(db: Path, as_json: bool) -> None:
    """Check that everything stored is intact: the SQLite file, the full-text indexes,
    and every raw page against the size and SHA-1 it was fetched with."""
    with archive_at(db, reading=True) as archive, progress_bar(enabled=not as_json) as progress:
        result = archive.verify(progress)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": result.ok,
                    "pages": result.pages,
                    "problems": [{"where": p.where, "detail": p.detail} for p in result.problems],
                    "skipped": list(result.skipped),
                },
                indent=2,
            )
        )
    else:
        for problem in result.problems:
            click.echo(f"{problem.where}: {problem.detail}")
        for skipped in result.skipped:
            click.echo(f"skipped {skipped}")
        count = len(result.problems)
        verdict = "intact" if result.ok else f"{count} problem{'' if count == 1 else 's'}"
        parts = "the file" if result.skipped else "the file, its indexes"
        click.echo(f"checked {parts} and {result.pages} pages: {verdict}")
    if not result.ok:
        sys.exit(1)


# --- one page, no archive ------------------------------------------------------------


@cli.command(name="extract")
@click.argument("source")
@click.option("--url", help="The page's address (for relative links and metadata).")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--explain", is_flag=True, help="Also list what each boilerplate rule removed (on stderr)."
)
@click.option(
    "--sites", "rules_file", type=click.File("r", encoding="utf-8"),
    help="Per-site rules (TOML, as `scraper sites` takes) to apply to the page.",
)  # fmt: skip
def extract_command(
    source: str, url: str | None, fmt: str, explain: bool, rules_file: TextIO | None
) -> None:
    """Extract one article from FILE, URL, or - (stdin) and print it."""
    try:
        rules = SiteRules.parse(rules_file.read()) if rules_file else None
    except SiteRulesError as error:
        fail(f"{getattr(rules_file, 'name', 'rules')}: {error}", 2)
    content_type = None
    if source == "-":
        data = sys.stdin.buffer.read()
    elif source.startswith(("http://", "https://")):
        from ..pipeline import fetch_page

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
    name = "stdin" if source == "-" else source
    if not data.strip():
        fail(f"nothing to extract: {name} is empty")
    if kind := binary_kind(data[:1024]):
        fail(f"not HTML: {name} is {kind}")
    try:
        article = extract(data, url, content_type=content_type, explain=explain, sites=rules)
    except ScraperError as error:
        fail(str(error))
    if not (article.text or article.title):
        fail(f"nothing to extract: no article in {name}")
    click.echo(_render(article, fmt))
    for removal in article.removed:
        click.echo(f"removed [{removal.rule}] {removal.text}", err=True)
