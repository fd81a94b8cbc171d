"""The `scraper` command: a thin click shell over the library.

Exit status: 0 done (per-page failures are recorded, not fatal); 1 the command could not
do its job (archive unwritable, every source failed, nothing to extract); 2 usage error;
74 (EX_IOERR) its output could not be written (what it did to the archive is done); 75
(EX_TEMPFAIL) another run holds the archive's lock; 128 + N stopped by signal N.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import urlsplit, urlunsplit

import click

from .. import __version__
from ..clock import parse_since
from ..errors import ArchiveError, LockHeld, SiteRulesError, UsageError
from ..extract import COMPILED
from ..urls import site_hosts

# The archive (sqlite-utils), the fetcher (httpx) and the pipeline load only in the
# commands that use them: `scraper extract` and `--help` start fast, and so does each
# extraction worker process, which imports this module again (multiprocessing's spawn).
if TYPE_CHECKING:
    from ..archive import Archive, StoredArticle
    from ..fetch import FetchConfig

EX_IOERR = 74  # the output could not be written
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


def since_option(help: str, name: str = "--since") -> Callable[[F], F]:
    """`--since TIME` (or `name`, e.g. "--until"): an ISO 8601 date or date-time (any
    offset), or a duration back from now ("20m": since a cron job's last run), passed on
    as stored times are written."""
    return once_option(name, "TIME", parse_since, help)


def once_option(
    name: str, metavar: str, reader: Callable[[str], Any], help: str
) -> Callable[[F], F]:
    """An option given once at most (twice, click would keep the last without a word: a
    usage error), its text read by `reader`, whose `UsageError` is a usage error."""

    def once(ctx: click.Context, param: click.Parameter, given: tuple[str, ...]) -> Any:
        if len(given) > 1:
            raise click.BadParameter(f"given {len(given)} times ({', '.join(given)})", ctx, param)
        try:
            return reader(given[0]) if given else None
        except UsageError as error:
            raise click.BadParameter(str(error), ctx, param) from error

    return click.option(name, metavar=metavar, multiple=True, callback=once, help=help)


def checked_option(
    flag: str, dest: str, metavar: str, help: str, check: Callable[[tuple[str, ...]], Any]
) -> Callable[[F], F]:
    """A repeatable option whose values `check` reads, its `UsageError` a usage error."""

    def checked(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Any:
        try:
            return check(values)
        except UsageError as error:
            raise click.BadParameter(str(error), ctx, param) from error

    return click.option(flag, dest, multiple=True, metavar=metavar, callback=checked, help=help)


# `--site HOST` (repeatable): the hosts, as the archive spells them, whose pages and
# subdomains' pages a command keeps; a URL or a mistyped name is a usage error.
site_option = checked_option(
    "--site", "sites", "HOST", check=site_hosts,
    help="Only the pages of this site and its subdomains (repeatable), e.g. bbc.co.uk.",
)  # fmt: skip


class _Shell(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        with _output_guarded():  # (`--help` and `--version` write before any command runs)
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _output_guarded():  # (inside click's own handling, which exits 1 on EPIPE)
            return super().invoke(ctx)


@contextmanager
def _output_guarded() -> Iterator[None]:
    """A command's output that cannot be written ends it in one line, not a traceback."""
    try:
        try:
            yield
        finally:
            if sys.stdout is not None:  # (what is left to write fails here, not at exit)
                sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`scraper export | head`): it had what it asked
        # for. Exit 0, quietly (click's own handling exits 1, "could not do its job").
        _drop_output()
        sys.exit(0)
    except OSError as error:
        # Stdout on a full disk, or gone: what the command did is done, its output is
        # lost. (The files a command writes itself name themselves, and say so.)
        if error.filename is not None:
            raise
        _drop_output()
        fail(f"cannot write the output: {error.strerror or error}", EX_IOERR)


def _drop_output() -> None:
    """Point stdout at /dev/null: the interpreter's last flush at exit finds nothing to
    fail on (and print a traceback of its own)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _closed_to_null() -> None:
    """A standard stream closed (`>&-`, a service started without one) reads and writes
    as /dev/null: not a terminal, no input, output dropped."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


@click.group(
    cls=_Shell,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit status: 0 done (a page's failure is recorded, not fatal); 1 the command"
    " could not do its job; 2 usage error; 74 its output could not be written; 75 another"
    " run holds the archive's lock; 130, 143, 129 stopped by Ctrl-C, SIGTERM, SIGHUP.",
)
@click.version_option(
    f"{__version__} (extractor {'compiled with mypyc' if COMPILED else 'in pure Python'})",
    prog_name="scraper",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Discover, fetch, extract and archive news articles in SQLite."""
    _closed_to_null()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "−" or "…"
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@contextmanager
def archive_at(db: Path, *, reading: bool = False, create: bool = False) -> Iterator[Archive]:
    """Open the archive, turning its errors into exit status 1 with one clear line.

    Only the commands that put something in (`create`: add, fetch, import-warc, sites
    FILE) make a new archive; the others need one to exist (a mistyped `--db` makes
    no empty archive), and those that only read work on a read-only one (a copy on a
    read-only mount, another user's archive).
    """
    if not create and (not db.exists() or (db.is_file() and db.stat().st_size == 0)):
        fail(f"no archive at {db} (add sources with `scraper add URL`, or pass --db)")
    try:
        archive = _open(db, reading=reading, create=create)
    except ArchiveError as error:
        fail(f"cannot open the archive {db}: {error}")
    try:
        yield archive
    except LockHeld as error:
        if not _quiet():  # cron tries again: with --quiet, the overlap mails no one
            click.echo(f"scraper: {error}", err=True)
        sys.exit(EX_TEMPFAIL)
    except ArchiveError as error:  # (named once: the message may name the file already)
        fail(str(error) if str(db) in str(error) else f"archive {db}: {error}")
    except SiteRulesError as error:  # the archive's own: set by an older or newer release
        fail(f"archive {db}: {error} (replace them with `scraper sites FILE`)")
    finally:
        archive.close()


def _quiet() -> bool:
    """Whether the command at hand was asked to be quiet (`-q`, before or after its name)."""
    context = click.get_current_context(silent=True)
    return context is not None and bool(context.params.get("quiet"))


def _open(db: Path, *, reading: bool, create: bool) -> Archive:
    from ..archive import open_archive

    try:
        return open_archive(db, create=create)
    except ArchiveError:
        # A read-only file, directory or mount, or a full disk, fails in several ways
        # ("attempt to write a readonly database", "unable to open database file", "disk
        # I/O error"): reading, try it read-only, whose own error says why it cannot read.
        if not reading:
            raise
        return open_archive(db, read_only=True)


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
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


def stored_article(archive: Archive, ref: str) -> StoredArticle:
    """The archived article `ref` names (a URL or an id), or exit 1 saying there is none.
    A URL that names none is tried with the other scheme and with or without its
    trailing slash, as papers and datasets cite them; one article found that way is it."""
    stored = archive.article(ref)
    if stored is not None:
        return stored
    near = {found.id: found for url in _variants(ref) if (found := archive.article(url))}
    if len(near) != 1:
        named = f" (its other forms name articles {', '.join(map(str, sorted(near)))})"
        fail(f"no article {ref!r} in the archive{named if near else ''}")
    return near.popitem()[1]


def _variants(url: str) -> list[str]:
    """`url` with the other of http and https, and with or without a trailing slash."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    other = "https" if parts.scheme == "http" else "http"
    path = parts.path.removesuffix("/") if parts.path.endswith("/") else parts.path + "/"
    forms = [(other, parts.path), (parts.scheme, path), (other, path)]
    return [urlunsplit(parts._replace(scheme=scheme, path=p)) for scheme, p in forms]


def record_dict(record: Any) -> dict[str, Any]:
    """A search hit, a change, …, as `--json` prints it: its fields, the article's id as
    `id`."""
    return {"id" if k == "article_id" else k: v for k, v in asdict(record).items()}


def quiet_option(help: str) -> Callable[[F], F]:
    """`-q/--quiet` on a command, as after the command's name as before it (`scraper -q
    run` and `scraper run -q` alike: a cron line writes either)."""

    def either(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        return value or bool(ctx.find_root().params.get("quiet"))

    return click.option("-q", "--quiet", is_flag=True, callback=either, help=help)


def fail(message: str, status: int = 1) -> NoReturn:
    with suppress(OSError):  # (stderr gone too, with the terminal: the status says it)
        click.echo(f"scraper: {message}", err=True)
    sys.exit(status)


def fetch_config(
    timeout: float | None = None,
    delay: float | None = None,
    concurrency: int | None = None,
    user_agent: str | None = None,
) -> FetchConfig:
    from ..fetch import FetchConfig

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


def main() -> None:  # pragma: no cover - `python -m scraper`
    cli(prog_name="scraper")


# The commands register themselves on `cli` when their modules load.
from . import crawl, exports, read, sites, sources, versions  # noqa: E402, F401
