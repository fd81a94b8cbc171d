"""`scraper export`, and the filters it shares with `search` (`language_option`,
`published_options`, `author_option`)."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any

import click

from . import (
    F,
    archive_at,
    checked_option,
    cli,
    db_option,
    fail,
    once_option,
    since_option,
    site_option,
)
from .signals import interruptible


def _language_codes(names: tuple[str, ...]) -> Any:
    from ..archive.filters import language_codes  # (the archive loads only when used)

    return language_codes(names)


# `--language CODE` (repeatable): only texts in those languages ("en" takes "en-GB"); a
# code that is none (a name, "English") is a usage error.
language_option = checked_option(
    "--language", "languages", "CODE", check=_language_codes,
    help="Only texts in this language (repeatable): en, de, pt-BR; en takes en-GB too.",
)  # fmt: skip


def _author_names(names: tuple[str, ...]) -> Any:
    from ..archive.bylines import author_names

    return author_names(names)


# `--author NAME` (repeatable): only stories one of those signed, by a whole name or a
# part of it; a name with no word in it is a usage error.
author_option = checked_option(
    "--author", "authors", "NAME", check=_author_names,
    help="Only stories this author signed (repeatable): a name or part of one (Vance,"
    " 'Eleanor Vance'), as words in any order; case and accents do not count.",
)  # fmt: skip


def _published_bound(text: str) -> str:
    from ..archive.published import published_bound

    return published_bound(text)


def published_options(func: F) -> F:
    """`--published-since DATE` and `--published-until DATE`: by the page's own date of
    publication, a day a whole day (`archive.published`)."""
    helps = {
        "--published-since": "Only stories the page dates on or after DATE (2024-09-01: the"
        " day the page writes, in its own time zone), or at or after a TIME"
        " (2024-09-01T12:00+02:00, 2d: a page's date alone is its whole day in UTC);"
        " undated ones never.",
        "--published-until": "Only stories the page dates on or before DATE (the whole day"
        " included), or before a TIME; undated ones never.",
    }
    for name, help in reversed(helps.items()):
        func = once_option(name, "DATE", _published_bound, help)(func)
    return func


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "warc"]),
    default="jsonl",
    show_default=True,
)
@since_option(
    "Only articles new or changed since TIME: ISO 8601 (2024-03-02, 2024-03-02T10:00+01:00)"
    " or back from now (20m, 6h, 2d); raw pages fetched since then, for WARC."
)
@since_option(
    "Only what was first seen before TIME (an article's current version; with"
    " --all-versions, each version): the end of --since's window.",
    name="--until",
)
@click.option("--all-versions", is_flag=True, help="Every version, not only the latest.")
@site_option
@language_option
@published_options
@author_option
@click.option("--removed", is_flag=True, help="Only stories taken down from their site.")
@click.option("--changed", is_flag=True, help="Only stories of more than one version.")
@click.option(
    "--formula-guard/--no-formula-guard", default=True, show_default=True,
    help="CSV: put ' before a cell a spreadsheet would run as a formula (=, +, -, @ …);"
    " --no-formula-guard writes every cell as stored, for pandas, R, csvkit.",
)  # fmt: skip
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@db_option
def export(
    fmt: str,
    since: str | None,
    until: str | None,
    all_versions: bool,
    sites: frozenset[str],
    languages: frozenset[str],
    published_since: str | None,
    published_until: str | None,
    authors: frozenset[str],
    removed: bool,
    changed: bool,
    formula_guard: bool,
    output: Path | None,
    db: Path,
) -> None:
    """Export articles as JSONL or CSV, or raw pages and extractions as WARC."""
    from .. import export as exporters

    narrowed = (until, languages, published_since, published_until, authors, removed, changed)
    if fmt == "warc" and any(narrowed):
        fail(
            "--until, --language, --published-since, --published-until, --author, --removed"
            " and --changed are for JSONL and CSV",
            2,
        )
    written = f"{output} not written" if output else "the output is cut short"
    with (
        interruptible(lambda: f"export interrupted: {written}"),
        archive_at(db, reading=True) as archive,
    ):
        if fmt == "warc":
            with _output(output, db, binary=True) as out:
                exporters.export_warc(archive, out, since=since, sites=sites)
            return
        writer = (
            partial(exporters.export_csv, formula_guard=formula_guard)
            if fmt == "csv"
            else exporters.export_jsonl
        )
        with _output(output, db, binary=False) as text_out:
            writer(
                archive, text_out, since=since, all_versions=all_versions, sites=sites,
                until=until, languages=languages, removed=removed, changed=changed,
                published_since=published_since, published_until=published_until,
                authors=authors,
            )  # fmt: skip


@contextmanager
def _output(path: Path | None, db: Path, *, binary: bool) -> Iterator[Any]:
    """Where an export goes: stdout, or a file written whole or not at all (a partial
    file beside it, renamed when done), never over the archive it reads."""
    if path is None:
        if not binary and isinstance(sys.stdout, io.TextIOWrapper):
            # Data, not a terminal's text: UTF-8 whatever the locale, as with -o FILE.
            sys.stdout.reconfigure(encoding="utf-8", newline="")
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if _is_archive_file(path, db):
        fail(f"{path} is the archive's own file: export to another path", 2)
    if path.exists() and not path.is_file():  # /dev/stdout, a named pipe
        with _open(path, binary) as out:
            yield out
        return
    partial = path.with_name(f".{path.name}.partial")
    try:
        with _open(partial, binary) as out:
            yield out
        partial.replace(path)
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")
    finally:
        partial.unlink(missing_ok=True)


def _open(path: Path, binary: bool) -> IO[Any]:
    return path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")


def _is_archive_file(path: Path, db: Path) -> bool:
    from ..archive import archive_files  # (the archive loads only when used)

    return path.resolve() in archive_files(db) or (
        path.exists() and db.exists() and path.samefile(db)
    )
