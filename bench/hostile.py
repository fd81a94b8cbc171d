"""`scraper run` against the hostile site (tests/hostilesite.py): time, memory, outcomes.

    python bench/hostile.py [--timeout 10] [--work DIR] [--keep]

Starts the hostile site on 127.0.0.1 in a thread of this process, then runs, each as a
child process on a fresh archive:

    scraper add FEED SITEMAP BAD-SOURCES... && scraper run --timeout T --json

(the bad sources serve a harmless feed while they are added, then turn hostile, as real
feeds do). For `scraper run` it prints the exit status, wall time and the child's peak RSS
(`ru_maxrss` from `wait4`), the run's counts, `scraper sources` and `scraper log --failed`,
and checks every case against what tests/hostilesite.py expects of it (a case the run left
for the next one, its host failing URL after URL, is fetched as that run would). Exit
status 0 when the run exited 0, every case ended as expected, peak RSS < 300 MB and wall
time < 120 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostilesite import CASES, SOURCES, HostileSite
from webserver import WebServer

from scraper.urls import normalize_url

MAX_RSS_MB = 300
MAX_WALL_S = 120


@dataclass(frozen=True)
class Child:
    """One finished child process."""

    status: int
    wall: float  # seconds
    max_rss_mb: float
    stdout: str
    stderr: str


def scraper(db: Path, *args: str) -> Child:
    """Run `python -m scraper ARGS --db DB` and measure it with wait4 (this child only)."""
    command = [sys.executable, "-m", "scraper", *args, "--db", str(db)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(
            status=process.returncode,
            wall=wall,
            max_rss_mb=usage.ru_maxrss / 1024,  # kB on Linux
            stdout=out.read().decode(),
            stderr=err.read().decode(),
        )


def check_cases(site: HostileSite, log: list[dict[str, Any]]) -> list[str]:
    """Every case whose latest fetch-log entry is not what hostilesite.py expects."""
    latest: dict[str, dict[str, Any]] = {}
    for row in log:  # newest first
        latest.setdefault(row["url"], row)
    wrong = []
    for case in CASES:
        url = site.url(case.path)
        entry = latest.get(normalize_url(url) or url)
        if entry is None:
            wrong.append(f"{case.name}: never fetched")
            continue
        outcome, reason = entry["outcome"], entry["reason"] or ""
        expected = {"archived": ("ok",), "gone": ("gone",), "skipped": ("skipped",)}.get(
            case.expect, ("error", "blocked")
        )
        if outcome not in expected or not reason.startswith(case.reason):
            wrong.append(f"{case.name}: {outcome} {reason!r}, expected {case.expect}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="scraper run --timeout")
    parser.add_argument("--work", type=Path, help="directory for the archive (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the archive afterwards")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "archive.db"
    for leftover in work.glob("archive.db*"):
        leftover.unlink()
    fetch = ["--delay", "0", "--timeout", f"{args.timeout:g}"]

    with WebServer() as server:
        site = HostileSite(server)
        sources = [site.feed_url, site.sitemap_url, *(site.url(s.path) for s in SOURCES)]
        added = scraper(db, "add", *sources, *fetch)
        if added.status != 0:
            print(f"scraper add failed ({added.status}):\n{added.stderr}", file=sys.stderr)
            return 1
        site.turn_sources_bad()
        ran = scraper(db, "run", "--json", *fetch)
        listed = scraper(db, "sources").stdout
        # What the run left for the next one (their host failed URL after URL), fetched
        # then, as the next run would.
        rows = json.loads(scraper(db, "log", "--json").stdout)
        deferred = sorted({row["url"] for row in rows if row["outcome"] == "deferred"})
        if deferred:
            scraper(db, "fetch", *deferred, *fetch)
        failed_table = scraper(db, "log", "--failed").stdout
        log = json.loads(scraper(db, "log", "--json").stdout)
        wrong = check_cases(site, log)

    report = json.loads(ran.stdout) if ran.stdout.strip() else {}
    counts = {k: v for k, v in report.items() if isinstance(v, int) and k != "run_id"}
    print(f"$ scraper run --json {' '.join(fetch)}")
    print(f"exit status {ran.status}, wall {ran.wall:.1f} s, peak RSS {ran.max_rss_mb:.0f} MB")
    if deferred:
        print(f"left for the next run and fetched then: {len(deferred)}")
    print("counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"\n$ scraper sources\n{listed}")
    print(f"$ scraper log --failed\n{failed_table}")
    if ran.stderr.strip():
        print(f"stderr of the run:\n{ran.stderr}")
    for line in wrong:
        print(f"UNEXPECTED {line}")
    print(f"{len(CASES) - len(wrong)} of {len(CASES)} cases as expected")
    if not args.keep and args.work is None:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    ok = ran.status == 0 and not wrong and ran.max_rss_mb < MAX_RSS_MB and ran.wall < MAX_WALL_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
