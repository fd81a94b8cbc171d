"""Revisits at scale: what a cron tick costs when nothing is due, and what an unchanged
revisit adds to the archive.

    python bench/revisits.py [--n 10000] [--sites 20] [--port 8370] [--repeat 5]
                             [--noisy 1000] [--work bench/out/revisits]

1. Writes N synthetic news pages (generated here, no corpus: per site a template with
   inline CSS and JS, navigation and footer; per page a 500-1500 word story and related
   links, ~55 KB raw) over `--sites` sites on 127.0.0.{1..S}:PORT, in the layout
   `bench/server.py` serves (gzip files, a manifest), and starts that server in a child
   process: it answers If-None-Match with 304.
2. Builds the archive through the `Archive` API, as the pipeline would after fetching each
   page (`extract`, then `save_page` with the page's real ETag), the first revisit far off; each
   site's feed is a source whose stored ETag makes its poll a 304.
3. (a) Nothing due: `scraper run` as a subprocess (wall time, Python start-up included)
   and `pipeline.run` in-process, `--repeat` times each, plus the requests the server saw.
4. (b) Every article due (one UPDATE moves `next_visit_at` to the past, as time passing
   would), every page unchanged: one `scraper run`, then the archive's growth per revisit
   (file size after a WAL checkpoint, and per table from SQLite's `dbstat`), against the
   mean raw and stored size of a page. Target: < 10 % of a page per revisit.
5. (c) `--noisy` articles re-rendered with a new "updated" time (new ETag, same story):
   revisited with a 200 that makes no new version; growth per such revisit.

Prints the numbers and writes them to WORK/results.json. Work files (~40 MB of gzip pages
and the archive for N = 10 000) go in `--work` (bench/out/ is gitignored).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gzip
import html
import itertools
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.utils import formatdate
from pathlib import Path
from typing import Any

from scraper import open_archive
from scraper.archive import Archive
from scraper.archive.records import digests
from scraper.clock import utc_now
from scraper.extract import extract
from scraper.extract_pool import revision_of
from scraper.fetch import FetchConfig
from scraper.models import Page, RunReport
from scraper.pipeline import RunOptions, run

BENCH = Path(__file__).resolve().parent
SCRAPER = Path(sys.executable).with_name("scraper")  # the console script of this venv
FAR_AHEAD = "2099-01-01T00:00:00+00:00"
SYLLABLES = tuple(
    c + v
    for c in ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "st", "t", "tr", "v")
    for v in "aeiou"
)


# --- synthetic sites ---------------------------------------------------------------------


class Words:
    """Pseudo-words with a Zipf distribution, so text compresses about like prose."""

    def __init__(self, rng: random.Random, size: int = 6000) -> None:
        vocabulary: set[str] = set()
        while len(vocabulary) < size:
            length = rng.choice((1, 2, 2, 2, 3, 3, 4))
            vocabulary.add("".join(rng.choice(SYLLABLES) for _ in range(length)))
        self.words = sorted(vocabulary)
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(size)))
        self.rng = rng

    def take(self, count: int) -> list[str]:
        top = self.cumulative[-1]
        return [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * top)]
            for _ in range(count)
        ]

    def sentence(self) -> str:
        words = self.take(self.rng.randint(6, 24))
        return " ".join(words).capitalize() + self.rng.choice(".....?!")

    def title(self) -> str:
        return " ".join(self.take(self.rng.randint(5, 11))).capitalize()


@dataclass(frozen=True)
class Template:
    """A site's markup around the story: the part every page of the site repeats."""

    name: str
    head: str
    nav: str
    footer: str

    @classmethod
    def make(cls, index: int, words: Words, rng: random.Random) -> Template:
        name = f"The {words.title().split()[0].capitalize()} Courier {index}"
        rules = "\n".join(
            f".{w}-{i} {{ margin: {rng.randint(0, 40)}px; color: #{rng.randrange(16**6):06x};"
            f" font-size: {rng.randint(10, 30)}px; }}"
            for i, w in enumerate(words.take(350))
        )
        config = json.dumps({w: words.take(6) for w in words.take(250)})
        script = f"window.__CONFIG__ = {config};\n" + "\n".join(
            f"function {w}{i}(a, b) {{ return a.{w} ? b + {i} : null; }}"
            for i, w in enumerate(words.take(120))
        )
        head = f"<style>{rules}</style>\n<script>{script}</script>"
        nav = "<nav><ul>" + "".join(
            f'<li><a href="/section/{w}/">{w.capitalize()}</a></li>' for w in words.take(120)
        )
        footer = "<footer><ul>" + "".join(
            f'<li><a href="/about/{w}/">{w.capitalize()}</a></li>' for w in words.take(40)
        )
        return cls(name, head, nav + "</ul></nav>", footer + f"</ul><p>© {name}</p></footer>")


@dataclass(frozen=True)
class Story:
    title: str
    author: str
    paragraphs: list[str]
    related: list[tuple[str, str]]

    @classmethod
    def make(cls, words: Words, rng: random.Random, articles: int) -> Story:
        paragraphs = [
            " ".join(words.sentence() for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(8, 22))
        ]
        related = [(f"/news/{rng.randrange(articles)}.html", words.title()) for _ in range(15)]
        author = " ".join(w.capitalize() for w in words.take(2))
        return cls(words.title(), author, paragraphs, related)

    def render(self, site: Template, url: str, updated: str) -> bytes:
        esc = html.escape
        body = "\n".join(f"<p>{esc(p)}</p>" for p in self.paragraphs)
        related = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for u, t in self.related)
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(self.title)} | {esc(site.name)}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{esc(site.name)}">
<meta property="article:published_time" content="2026-11-01T08:00:00Z">
<meta property="article:modified_time" content="{updated}">
{site.head}
</head><body>
{site.nav}
<main><article>
<h1>{esc(self.title)}</h1>
<p class="byline">By {esc(self.author)}</p>
<p class="updated">Updated {updated}</p>
{body}
</article>
<aside><h2>Related</h2><ul>{related}</ul></aside></main>
{site.footer}
</body></html>""".encode()


@dataclass(frozen=True)
class Site:
    index: int
    root: Path
    host: str  # 127.0.0.x:port
    template: Template

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


def write_file(path: Path, body: bytes) -> tuple[str, str]:
    """Write `path.gz` as bench/server.py serves it; returns its (ETag, Last-Modified)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
    stat = target.stat()
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    return etag, formatdate(int(stat.st_mtime), usegmt=True)


# --- building the archive -------------------------------------------------------------------


@dataclass
class Built:
    sites: list[Site]
    stories: dict[str, tuple[Site, Story]]  # url → its site and story
    raw_bytes: int
    seconds: float


def build(work: Path, n: int, site_count: int, port: int, archive: Archive) -> Built:
    """Write the sites and archive every article as if a run had just fetched it."""
    started = time.perf_counter()
    rng = random.Random(1)
    words = Words(rng)
    sites = [
        Site(
            s,
            work / "sites" / f"site-{s:03}",
            f"127.0.0.{s + 1}:{port}",
            Template.make(s, words, rng),
        )
        for s in range(site_count)
    ]
    run_id = archive.start_run(utc_now())
    stories: dict[str, tuple[Site, Story]] = {}
    raw = 0
    for i in range(n):
        site = sites[i % site_count]
        path = f"/news/{i // site_count}.html"
        url = site.url(path)
        story = Story.make(words, rng, n // site_count)
        body = story.render(site.template, url, "2026-11-01T09:00:00Z")
        etag, modified = write_file(site.root / path.lstrip("/"), body)
        page = _page(url, body, etag, modified)
        article = replace(extract(body, url, content_type=page.content_type), url=url)
        known = digests(body, article, revision_of(extract))  # as a run's worker makes them
        archive.save_page(run_id, page, article, next_visit_at=FAR_AHEAD, digests=known)
        stories[url] = (site, story)
        raw += len(body)
        if i % 1000 == 999:
            print(f"  archived {i + 1} pages", file=sys.stderr)
    for site in sites:
        feed = _feed(site, [u for u, (s, _) in stories.items() if s is site][-50:])
        etag, modified = write_file(site.root / "feed.xml", feed)
        source = archive.add_source(site.url("/feed.xml"), "feed")
        assert source.id is not None
        archive.record_poll(
            source.id, outcome="bench", etag=etag, last_modified=modified, at=utc_now()
        )
    archive.finish_run(run_id, RunReport(run_id, utc_now(), utc_now(), archived=n))
    manifest = {"sites": [{"host": s.host, "dir": s.root.name} for s in sites]}
    (work / "sites" / "manifest.json").write_text(json.dumps(manifest))
    return Built(sites, stories, raw, time.perf_counter() - started)


def _page(url: str, body: bytes, etag: str, modified: str) -> Page:
    headers = (
        ("Content-Type", "text/html; charset=utf-8"),
        ("ETag", etag),
        ("Last-Modified", modified),
        ("Content-Length", str(len(body))),
    )
    return Page(url, url, 200, headers, body, utc_now())


def _feed(site: Site, urls: list[str]) -> bytes:
    items = "".join(f"<item><title>{u}</title><link>{u}</link></item>" for u in urls)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>{site.url('/')}</link>{items}</channel></rss>"
    ).encode()


# --- the server ---------------------------------------------------------------------------


class Server:
    """bench/server.py in a child process, with its request counters."""

    def __init__(self, sites_dir: Path, port: int, host: str) -> None:
        self.host, self.port = host, port
        self.child = subprocess.Popen(
            [sys.executable, str(BENCH / "server.py"), str(sites_dir), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.child.stdout is not None
        line = self.child.stdout.readline().decode()
        if not line.startswith("ready"):
            self.stop()
            raise SystemExit(f"bench/server.py did not start: {line!r}")

    def stats(self) -> dict[str, int]:
        """Requests answered since the last `reset`, by status."""
        return self._control("stats")

    def reset(self) -> None:
        self._control("reset")

    def _control(self, action: str) -> dict[str, int]:
        url = f"http://{self.host}/__bench/{action}"
        with urllib.request.urlopen(url, timeout=10) as response:
            found: dict[str, int] = json.loads(response.read())
        return found

    def stop(self) -> None:
        self.child.terminate()
        self.child.wait()


# --- measuring ------------------------------------------------------------------------------


def fast_options(concurrency: int = 1) -> RunOptions:
    return RunOptions(fetch=FetchConfig(delay=0, timeout=10, concurrency=concurrency))


def cli_run(db: Path, *extra: str) -> tuple[float, dict[str, Any]]:
    """`scraper run` as a cron job starts it: wall seconds and its JSON report."""
    command = [str(SCRAPER), "run", "--db", str(db), "--delay", "0", "--json", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
    report: dict[str, Any] = json.loads(done.stdout)
    return elapsed, report


def timed(repeat: int, call: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def startup_seconds(repeat: int) -> float:
    """Python start-up plus importing the CLI: the floor under any `scraper` command."""
    command = [sys.executable, "-c", "import scraper.cli"]
    return min(timed(repeat, lambda: subprocess.run(command, check=True)))


@dataclass(frozen=True)
class Size:
    file: int  # the database file after a WAL checkpoint
    used: int  # its pages minus the free list
    tables: dict[str, int]  # bytes per table and index (dbstat)

    @classmethod
    def of(cls, db: Path) -> Size:
        with open_archive(db) as archive:
            archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            page_size = archive.db.execute("PRAGMA page_size").fetchone()[0]
            free = archive.db.execute("PRAGMA freelist_count").fetchone()[0]
            tables = dict(
                archive.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
            )
        file = db.stat().st_size
        return cls(file, file - free * page_size, tables)

    def growth(self, before: Size) -> dict[str, int]:
        names = self.tables.keys() | before.tables.keys()
        grown = {n: self.tables.get(n, 0) - before.tables.get(n, 0) for n in names}
        return dict(sorted(((n, g) for n, g in grown.items() if g), key=lambda x: -x[1]))


def page_sizes(db: Path) -> tuple[float, float]:
    """Mean raw and stored size of a page (stored: compressed body, dictionaries shared)."""
    with open_archive(db) as archive:
        pages, raw, body = archive.db.execute(
            "SELECT count(*), sum(raw_size), sum(length(body)) FROM pages"
        ).fetchone()
        (dictionaries,) = archive.db.execute(
            "SELECT coalesce(sum(length(data)), 0) FROM dictionaries"
        ).fetchone()
    return raw / pages, (body + dictionaries) / pages


def make_all_due(db: Path, urls: list[str] | None = None) -> None:
    """Move next visits to the past, as time passing would (the API has no clock to set)."""
    with open_archive(db) as archive:
        archive.db.execute("BEGIN IMMEDIATE")
        past = "2000-01-01T00:00:00+00:00"
        if urls is None:
            archive.db.execute("UPDATE urls SET next_visit_at = ? WHERE state = 'done'", [past])
        else:
            archive.db.conn.executemany(
                "UPDATE urls SET next_visit_at = ? WHERE url = ?", [(past, u) for u in urls]
            )
        archive.db.execute("COMMIT")


def stats_line(times: list[float]) -> str:
    return (
        f"min {min(times):.3f} s, median {statistics.median(times):.3f} s, max {max(times):.3f} s"
    )


def nothing_due(db: Path, server: Server, repeat: int) -> dict[str, Any]:
    server.reset()
    cli = []
    for _ in range(repeat):
        elapsed, report = cli_run(db)
        assert report["fetched"] == report["not_modified"] == 0, report
        cli.append(elapsed)
    requests_cli = server.stats()
    with open_archive(db) as archive:
        reports: list[RunReport] = []
        in_process = timed(
            repeat, lambda: reports.append(asyncio.run(run(archive, fast_options())))
        )
    assert all(r.fetched == r.not_modified == 0 for r in reports)
    return {
        "cli_seconds": cli,
        "in_process_seconds": in_process,
        "startup_seconds": startup_seconds(repeat),
        "requests_per_run": {k: v / repeat for k, v in requests_cli.items()},
        "article_requests": sum(v for k, v in requests_cli.items() if k == "200"),
    }


def unchanged_revisits(db: Path, server: Server, n: int) -> dict[str, Any]:
    make_all_due(db)
    before = Size.of(db)
    server.reset()
    elapsed, report = cli_run(db, "--concurrency", "4")
    requests = server.stats()
    after = Size.of(db)
    raw_page, stored_page = page_sizes(db)
    return _growth(n, report, requests, elapsed, before, after, raw_page, stored_page)


def noisy_revisits(db: Path, server: Server, built: Built, count: int) -> dict[str, Any]:
    """Re-render `count` pages with a new "updated" time: new ETag, same story."""
    urls = list(built.stories)[:count]
    for url in urls:
        site, story = built.stories[url]
        path = url.removeprefix(f"http://{site.host}/")
        write_file(site.root / path, story.render(site.template, url, "2026-11-02T10:30:00Z"))
    raw_page, stored_page = page_sizes(db)
    make_all_due(db, urls)
    before = Size.of(db)
    server.reset()
    elapsed, report = cli_run(db, "--concurrency", "4")
    requests = server.stats()
    after = Size.of(db)
    return _growth(count, report, requests, elapsed, before, after, raw_page, stored_page)


def _growth(
    n: int,
    report: dict[str, Any],
    requests: dict[str, int],
    elapsed: float,
    before: Size,
    after: Size,
    raw_page: float,
    stored_page: float,
) -> dict[str, Any]:
    per_file = (after.file - before.file) / n
    per_used = (after.used - before.used) / n
    return {
        "revisits": n,
        "seconds": elapsed,
        "report": {k: report[k] for k in ("fetched", "not_modified", "new_versions", "failed")},
        "requests": requests,
        "file_bytes_before": before.file,
        "file_bytes_after": after.file,
        "growth_per_revisit_file": per_file,
        "growth_per_revisit_used": per_used,
        "growth_by_table": after.growth(before),
        "mean_raw_page": raw_page,
        "mean_stored_page": stored_page,
        "of_raw_page": per_used / raw_page,
        "of_stored_page": per_used / stored_page,
    }


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to archive")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--port", type=int, default=8370)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--noisy", type=int, default=1000, help="articles with a new timestamp")
    parser.add_argument("--work", type=Path, default=BENCH / "out" / "revisits")
    args = parser.parse_args()
    if not 0 < args.sites <= 250 or args.n < args.sites:
        parser.error("need 1-250 sites and at least one article per site")

    work = args.work / f"n{args.n}-s{args.sites}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "archive.db"
    with open_archive(db) as archive:
        built = build(work, args.n, args.sites, args.port, archive)
    raw_page, stored_page = page_sizes(db)
    print(
        f"built: {args.n} articles on {args.sites} sites in {built.seconds:.1f} s; "
        f"{Size.of(db).file / 1e6:.1f} MB archive; mean page {raw_page / 1e3:.1f} KB raw, "
        f"{stored_page / 1e3:.2f} KB stored"
    )
    server = Server(work / "sites", args.port, built.sites[0].host)
    try:
        results = {"n": args.n, "sites": args.sites, "build_seconds": built.seconds}
        results["nothing_due"] = idle = nothing_due(db, server, args.repeat)
        _print_idle(idle)
        results["unchanged"] = unchanged = unchanged_revisits(db, server, args.n)
        _print_growth("(b) unchanged revisits (304)", unchanged)
        if args.noisy:
            results["noisy"] = noisy = noisy_revisits(db, server, built, min(args.noisy, args.n))
            _print_growth("(c) timestamp-only changes (200, no new version)", noisy)
    finally:
        server.stop()
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results: {work / 'results.json'}")


def _print_idle(idle: dict[str, Any]) -> None:
    print("(a) nothing due (sources answer 304):")
    print(f"  scraper run (subprocess, wall): {stats_line(idle['cli_seconds'])}")
    print(f"  pipeline.run (in-process):      {stats_line(idle['in_process_seconds'])}")
    print(f"  python + import scraper.cli:    {idle['startup_seconds']:.3f} s (floor)")
    print(f"  requests per run by status: {idle['requests_per_run']}")


def _print_growth(title: str, g: dict[str, Any]) -> None:
    print(f"{title}: {g['revisits']} revisits in {g['seconds']:.1f} s; report {g['report']}")
    print(f"  server answered: {g['requests']}")
    print(
        f"  archive {g['file_bytes_before'] / 1e6:.2f} → {g['file_bytes_after'] / 1e6:.2f} MB; "
        f"growth per revisit {g['growth_per_revisit_used']:.0f} B used "
        f"({g['growth_per_revisit_file']:.0f} B file) = "
        f"{g['of_raw_page']:.2%} of a raw page ({g['mean_raw_page'] / 1e3:.1f} KB), "
        f"{g['of_stored_page']:.2%} of a stored page ({g['mean_stored_page'] / 1e3:.2f} KB)"
    )
    top = ", ".join(
        f"{name} {size / g['revisits']:+.0f}"
        for name, size in list(g["growth_by_table"].items())[:6]
    )
    print(f"  per revisit by table (B): {top}")


if __name__ == "__main__":
    main()
