"""End-to-end throughput: `scraper run` against trafilatura's CLI and a naive loop, same sites.

    python bench/pipeline.py CORPUS_DIR [--n 1000 --n 10000] [--sites 20] [--concurrency 4]
                             [--skip trafilatura] [--skip naive] [--out bench/out]
                             [--repeat R] [--profile]

For each N, `bench/sitegen.py` writes N articles spread over `--sites` sites (reused when
already there), `bench/server.py` serves them from loopback addresses in its own process, and
each contender runs as a child process on a cold start, one after the other:

- ours: `scraper add` of each site's feed (even sites) or sitemap (odd sites) into a fresh
  archive, then `scraper run --delay 0 --concurrency C --json`; then the same run once more
  (nothing new: what a cron tick costs);
- trafilatura: its CLI on the list of article URLs (`-i urls.txt -o DIR`), with a config
  file that sets SLEEP_TIME = 0 and SSRF_PROTECTION = off (loopback) and `--parallel` = C ×
  sites download threads; it extracts in its main thread;
- naive: one httpx client, then for each URL in turn GET, `trafilatura.extract`, and an
  insert into SQLite (this script run as `pipeline.py --naive-worker URLS_FILE DB`).

Wall time, articles/s, CPU (user + sys of the child and its children, from wait4), peak
memory (the largest single process's maxrss, from wait4; and the peak of the whole process
tree's PSS, sampled every 50 ms from /proc: what counts when a run uses worker processes) and
the server's CPU during the run are printed as a table, with ratios, and
written to `OUT/results.json`. With `--repeat R` each contender runs R times and the fastest
try counts (the machine may be shared); `--profile` adds an untimed run of ours under py-spy
and prints its top functions. Run it with the bench venv (`/work/benchvenv/bin/python`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from tempfile import TemporaryFile
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import generate

BENCH = Path(__file__).resolve().parent
Manifest = dict[str, Any]  # what sitegen.generate returns
PEERS = ("ours", "trafilatura", "naive")
CLOCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    """One child process run to its end."""

    wall: float
    cpu: float  # user + sys, the child and the children it waited for
    maxrss_mb: float  # the largest single process (wait4)
    tree_peak_mb: float  # the largest PSS sum over the process tree (sampled)
    returncode: int
    stdout: str
    stderr: str
    load: float  # the 1-minute load average as it started: other work on the machine


@dataclass
class Row:
    name: str
    n: int
    wall: float
    cpu: float
    maxrss_mb: float
    tree_peak_mb: float
    archived: int
    server_cpu: float
    requests: dict[str, int] = field(default_factory=dict)
    output_bytes: int = 0
    load: float = 0.0
    note: str = ""

    @property
    def rate(self) -> float:
        return self.archived / self.wall if self.wall else 0.0


def tree_memory_kb(root: int) -> int:
    """Memory held by `root` and all its descendants: the sum of their PSS, from /proc.

    PSS splits each shared page among the processes sharing it, so forked workers that
    share their parent's pages are not counted twice (a sum of RSS would).
    """
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:", 1)[1].split()[0])
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue  # the process ended between two reads
    return total


def measure(cmd: list[str], *, cwd: Path | None = None, timeout: float = 7200) -> Measured:
    """Run `cmd` to its end; its time, CPU and memory (stdout and stderr kept in files)."""
    with TemporaryFile("w+") as out, TemporaryFile("w+") as err:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, text=True)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_memory_kb(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4, not Popen.wait: it also returns the child's resource usage.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        killer.cancel()
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        return Measured(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            maxrss_mb=usage.ru_maxrss / 1024,
            tree_peak_mb=peak[0] / 1024,
            returncode=child.returncode,
            stdout=out.read(),
            stderr=err.read(),
            load=load,
        )


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK


def http_get(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only: our server
        return bytes(response.read())


class Server:
    """`bench/server.py` in its own process, for the lifetime of a `with` block."""

    def __init__(self, sites_dir: Path, port: int) -> None:
        self.sites_dir, self.port = sites_dir, port
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        server = [sys.executable, str(BENCH / "server.py"), str(self.sites_dir)]
        self.process = subprocess.Popen(
            [*server, "--port", str(self.port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        if not self.process.stdout.readline().startswith("ready"):
            raise SystemExit("bench/server.py did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait()

    def reset(self) -> float:
        http_get(self.base + "/__bench/reset")
        return server_cpu(self.process.pid)

    def finish(self, cpu_before: float) -> tuple[float, dict[str, int]]:
        stats = json.loads(http_get(self.base + "/__bench/stats"))
        return server_cpu(self.process.pid) - cpu_before, stats


SCRAPER: list[str] = []  # `--scraper`: the command to measure, when given


def scraper_command() -> list[str]:
    """`--scraper`, else the `scraper` console script beside this Python, else `python -m
    scraper`. A bench environment holds the peers' dependencies too (numpy, which
    sqlite-utils then imports), so `--scraper` can measure scraper as users install it."""
    if SCRAPER:
        return SCRAPER
    script = Path(sys.executable).with_name("scraper")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scraper"]


def dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_ours(manifest: Manifest, work: Path, server: Server, concurrency: int) -> list[Row]:
    n = sum(len(s["articles"]) for s in manifest["sites"])
    db = work / "ours.db"
    for leftover in work.glob("ours.db*"):
        leftover.unlink()
    sources = [s["feed"] if s["index"] % 2 == 0 else s["sitemap"] for s in manifest["sites"]]
    scraper = scraper_command()
    added = measure([*scraper, "add", *sources, "--db", str(db), "--delay", "0"])
    check(added, "scraper add")
    run = [*scraper, "run", "--db", str(db), "--delay", "0", "--concurrency", str(concurrency)]
    rows = []
    for label in ("ours", "ours (re-run)"):
        cpu_before = server.reset()
        measured = measure([*run, "--quiet", "--json"])
        check(measured, "scraper run")
        report = json.loads(measured.stdout)
        rows.append(row(label, n, measured, report.get("archived", 0), server, cpu_before, db))
        rows[-1].note = summary(report)
    rows[0].note += f" (+ `scraper add`: {added.wall:.1f} s)"
    return rows


def profile_ours(manifest: Manifest, work: Path, concurrency: int) -> str:
    """`scraper run` on a fresh archive under py-spy (not timed): where its CPU goes."""
    db = work / "profile.db"
    for leftover in work.glob("profile.db*"):
        leftover.unlink()
    sources = [s["feed"] if s["index"] % 2 == 0 else s["sitemap"] for s in manifest["sites"]]
    scraper = scraper_command()
    check(measure([*scraper, "add", *sources, "--db", str(db), "--delay", "0"]), "scraper add")
    raw = work / "profile.txt"
    run = [*scraper, "run", "--db", str(db), "--delay", "0", "--concurrency", str(concurrency)]
    spy = Path(sys.executable).with_name("py-spy")
    record = [str(spy), "record", "--subprocesses", "--format", "raw", "-o", str(raw), "--"]
    check(measure([*record, *run, "--quiet"]), "py-spy record")
    return profile_summary(raw)


# Frames every sample passes through: they say nothing about where the time goes.
PLUMBING = (
    "process ",
    "<module>",
    "Command.",
    "Group.",
    "Context.",
    "Runner.",
    "run (",
    "Handle.",
    "BaseEventLoop.",
    "run_command (",
    "_fetch_all.<locals>.worker",
)


def profile_summary(raw: Path, top: int = 25) -> str:
    """Top functions by own and by inclusive samples, from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        samples = int(count)
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            if not frame.startswith(PLUMBING):
                inclusive[frame] += samples
    lines = [f"{total} samples"]
    for title, counter in (("own", own), ("inclusive", inclusive)):
        lines.append(f"top by {title} time:")
        lines += [f"  {100 * c / total:5.1f}%  {frame}" for frame, c in counter.most_common(top)]
    return "\n".join(lines)


def summary(report: dict[str, Any]) -> str:
    keys = ("fetched", "archived", "not_modified", "failed", "skipped", "gone")
    return " ".join(f"{k}={report[k]}" for k in keys if report.get(k))


def row(
    name: str, n: int, m: Measured, archived: int, server: Server, cpu_before: float, out: Path
) -> Row:
    cpu, requests = server.finish(cpu_before)
    return Row(
        name,
        n,
        m.wall,
        m.cpu,
        m.maxrss_mb,
        m.tree_peak_mb,
        archived,
        cpu,
        requests,
        output_bytes=sum(dir_bytes(p) for p in out.parent.glob(out.name + "*")),
        load=m.load,
    )


def check(measured: Measured, what: str) -> None:
    if measured.returncode != 0:
        tail = (measured.stderr or measured.stdout)[-2000:]
        raise SystemExit(f"{what} exited with {measured.returncode}:\n{tail}")


def article_urls(manifest: Manifest) -> list[str]:
    """Every article URL, sites interleaved as a crawler's frontier would hold them."""
    lists = [s["articles"] for s in manifest["sites"]]
    longest = max(len(urls) for urls in lists)
    return [urls[i] for i in range(longest) for urls in lists if i < len(urls)]


def run_trafilatura(manifest: Manifest, work: Path, server: Server, concurrency: int) -> Row:
    import trafilatura

    urls = work / "urls.txt"
    urls.write_text("\n".join(article_urls(manifest)) + "\n")
    settings = (Path(trafilatura.__file__).parent / "settings.cfg").read_text()
    config = work / "trafilatura.cfg"
    config.write_text(
        settings.replace("SLEEP_TIME = 5.0", "SLEEP_TIME = 0").replace(
            "SSRF_PROTECTION = on", "SSRF_PROTECTION = off"
        )
    )
    out = work / "trafilatura-out"
    shutil.rmtree(out, ignore_errors=True)
    cli = Path(sys.executable).with_name("trafilatura")
    threads = str(concurrency * len(manifest["sites"]))
    cpu_before = server.reset()
    options = ["--config-file", str(config), "--parallel", threads]
    measured = measure([str(cli), "-i", str(urls), "-o", str(out), *options])
    written = sum(1 for p in out.rglob("*") if p.is_file()) if out.exists() else 0
    result = row(
        "trafilatura CLI", len(urls.read_text().split()), measured, written, server, cpu_before, out
    )
    result.note = f"exit {measured.returncode}"
    return result


def run_naive(manifest: Manifest, work: Path, server: Server) -> Row:
    urls = work / "urls.txt"
    urls.write_text("\n".join(article_urls(manifest)) + "\n")
    db = work / "naive.db"
    for leftover in work.glob("naive.db*"):
        leftover.unlink()
    cpu_before = server.reset()
    measured = measure([sys.executable, __file__, "--naive-worker", str(urls), str(db)])
    check(measured, "naive worker")
    stored = int(measured.stdout.strip() or 0)
    return row(
        "naive loop", len(urls.read_text().split()), measured, stored, server, cpu_before, db
    )


def naive_worker(urls_file: Path, db: Path) -> None:
    """GET, `trafilatura.extract`, INSERT: one URL at a time. Prints the rows stored."""
    import sqlite3

    import httpx
    import trafilatura

    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE articles (url TEXT PRIMARY KEY, html BLOB, text TEXT)")
    stored = 0
    with httpx.Client(timeout=30) as client:
        for url in urls_file.read_text().split():
            try:
                response = client.get(url)
                response.raise_for_status()
            except httpx.HTTPError as error:
                print(f"{url}: {error}", file=sys.stderr)
                continue
            text = trafilatura.extract(response.text, url=url)
            if text:
                connection.execute(
                    "INSERT INTO articles VALUES (?, ?, ?)", (url, response.content, text)
                )
                stored += 1
    connection.commit()
    connection.close()
    print(stored)


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def times(theirs: float, ours: float, better: str, worse: str) -> str:
    """ "2.0× faster" when ours is half of theirs, "2.0× slower" when it is double."""
    if not theirs or not ours:
        return "n/a"
    ratio = theirs / ours
    return f"{ratio:.1f}× {better}" if ratio >= 1 else f"{1 / ratio:.1f}× {worse}"


def print_run(n: int, manifest: Manifest, rows: list[Row]) -> None:
    sites = len(manifest["sites"])
    print(f"\n### N = {n:,} articles on {sites} sites\n")
    print(
        "| run | wall s | articles/s | CPU s | max RSS MB (tree PSS) | archived | server CPU s "
        "| requests | load | notes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---|")
    for r in rows:
        requests = " ".join(f"{k}: {v}" for k, v in sorted(r.requests.items()))
        print(
            f"| {r.name} | {r.wall:.1f} | {r.rate:.0f} | {r.cpu:.1f} | "
            f"{r.maxrss_mb:.0f} ({r.tree_peak_mb:.0f}) | {r.archived:,} | {r.server_cpu:.1f} "
            f"| {requests} | {r.load:.1f} | {r.note} |"
        )
    by_name = {r.name: r for r in rows}
    ours = by_name.get("ours")
    if ours:
        for peer in ("trafilatura CLI", "naive loop"):
            other = by_name.get(peer)
            if other and ours.wall:
                print(
                    f"\nours vs {peer}: {times(other.wall, ours.wall, 'faster', 'slower')} "
                    f"(wall), {times(other.cpu, ours.cpu, 'less', 'more')} CPU, "
                    f"{times(other.tree_peak_mb, ours.tree_peak_mb, 'less', 'more')} peak memory"
                )
    print(
        f"\nstorage: raw pages {mb(manifest['raw_bytes'])} MB, pages gzipped one by one "
        f"{mb(manifest['gzip_bytes'])} MB"
        + "".join(
            f", {r.name} {mb(r.output_bytes)} MB"
            for r in rows
            if r.output_bytes and "re-run" not in r.name
        )
    )


def print_growth(results: dict[int, list[Row]]) -> None:
    if len(results) < 2:
        return
    ns = sorted(results)
    print("\n### Growth\n")
    print("| run | " + " | ".join(f"N={n:,}: s, art/s, MB" for n in ns) + " |")
    print("|---|" + "---:|" * len(ns))
    names = [r.name for r in results[ns[0]]]
    for name in names:
        cells = []
        for n in ns:
            found = [r for r in results[n] if r.name == name]
            cells.append(
                f"{found[0].wall:.1f}, {found[0].rate:.0f}, {found[0].tree_peak_mb:.0f}"
                if found
                else "—"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")


def free_port(first: int, sites: int) -> int:
    """The first port from `first` on that every site's loopback address can listen on."""
    for port in range(first, first + 50):
        try:
            for s in range(sites):
                with socket.create_server((f"127.0.0.{s + 1}", port)):
                    pass
        except OSError:
            continue
        return port
    raise SystemExit(f"no free port in {first}-{first + 49} on the sites' loopback addresses")


def bench_one(args: argparse.Namespace, n: int) -> list[Row]:
    port = free_port(args.port, args.sites)
    # The port is in every generated URL: sites for another port are another folder.
    sites_dir = args.out / f"sites-n{n}-s{args.sites}-p{port}"
    started = time.perf_counter()
    manifest = generate(args.corpus, sites_dir, n, args.sites, port)
    print(
        f"sites for N={n:,}: {sites_dir} ({time.perf_counter() - started:.1f} s)", file=sys.stderr
    )
    work = args.out / f"work-n{n}"
    work.mkdir(parents=True, exist_ok=True)
    contenders: dict[str, Callable[[Server], list[Row]]] = {
        "ours": lambda server: run_ours(manifest, work, server, args.concurrency),
        "trafilatura": lambda server: [run_trafilatura(manifest, work, server, args.concurrency)],
        "naive": lambda server: [run_naive(manifest, work, server)],
    }
    rows: list[Row] = []
    profile = ""
    with Server(sites_dir, port) as server:
        for name, contender in contenders.items():
            if name in args.skip:
                continue
            tries = [contender(server) for _ in range(args.repeat)]
            for i in range(len(tries[0])):  # per row: the fastest try, the least disturbed
                rows.append(min((t[i] for t in tries), key=lambda r: r.wall))
                print(
                    f"  {rows[-1].name}: {[round(t[i].wall, 1) for t in tries]} s", file=sys.stderr
                )
        if args.profile:
            profile = profile_ours(manifest, work, args.concurrency)
            (work / "profile-summary.txt").write_text(profile)
    print_run(n, manifest, rows)
    if args.profile:
        print(f"\nprofile of ours (py-spy, {work / 'profile.txt'}):\n{profile}")
    return rows


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--naive-worker":
        naive_worker(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable; 1000)")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4, help="per host (default 4)")
    parser.add_argument("--skip", action="append", default=[], choices=PEERS)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--port", type=int, default=8360, help="first port to try")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="also profile ours with py-spy")
    parser.add_argument("--scraper", type=Path, help="the scraper executable to measure")
    args = parser.parse_args()
    if args.scraper:
        SCRAPER.append(str(args.scraper.resolve()))
    print(
        f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    results = {n: bench_one(args, n) for n in args.n or [1000]}
    print_growth(results)
    (args.out / "results.json").write_text(
        json.dumps(
            {n: [asdict(r) | {"rate": r.rate} for r in rows] for n, rows in results.items()},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
