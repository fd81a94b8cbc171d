"""Which queued URLs a run fetches, and in what order.

The queue lives in the archive; a run reads it a batch at a time, new URLs (newest news
first) and due revisits taking turns within a host, hosts taking turns and no host's
backlog taking a whole batch, so the per-host delay never leaves the run's workers
waiting behind one site.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import zip_longest
from typing import TypeVar

from .archive import Archive
from .schedule import utc_now
from .urls import host_of

__all__ = [
    "HOST_SHARE",
    "WORK_BATCH",
    "Job",
    "fair_share",
    "interleave_by_host",
    "queue_jobs",
    "take_turns",
    "work_list",
]

_T = TypeVar("_T")

# New URLs (and as many due revisits) taken from the queue at a time: a few MB of jobs.
# Within a batch hosts take turns; a queue shorter than this is interleaved whole.
WORK_BATCH = 20_000
# The most new URLs (and the most revisits) of one host a batch holds: more than a
# 15-minute cron run fetches from one host at the default one-second delay. Past that
# the batch is filled from the other hosts, so one host's long backlog (a sitemap of
# 50 000 undated pages is as new as the poll that found it) cannot hold up the rest,
# which the per-host delay would otherwise leave the run's workers waiting behind.
HOST_SHARE = 1_000


@dataclass(frozen=True, slots=True)
class Job:
    """A URL to fetch: new, or a revisit with what its last fetch gave for a conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    revisit: bool = False
    visits: int = 0
    moved_to: str | None = None  # where `url` redirects for good: asked for there


def queue_jobs(archive: Archive, skipped: Container[str] = ()) -> Iterator[Job]:
    """The queue's jobs, read a batch at a time as the workers take them: memory stays
    flat however long the queue (one sitemap may list millions of URLs), and each
    batch starts from the newest news. What this run took is never taken again (a
    transient failure waits for the next run), nor a URL of a host in `skipped` (left
    alone this run: it may grow as the run goes)."""
    tried: set[str] = set()
    while jobs := work_list(archive, limit=WORK_BATCH, tried=tried, skipped=skipped):
        for job in jobs:
            tried.add(job.url)
            yield job


def work_list(
    archive: Archive, *, limit: int, tried: set[str], skipped: Container[str] = ()
) -> list[Job]:
    """Up to `limit` new URLs and as many due revisits, none of them in `tried`, at most
    `HOST_SHARE` of each per host, each host's taking turns (`take_turns`), interleaved by
    host so no host starves the rest."""
    now = utc_now()
    with closing(archive.iter_pending()) as pending:
        new = fair_share(pending, lambda url: url, limit, tried, skipped)
    with closing(archive.iter_due(now)) as due:
        revisits = fair_share(due, lambda r: r.url, limit, tried, skipped)
    fresh = [Job(url) for url in new]
    again = [
        Job(r.url, r.etag, r.last_modified, revisit=True, visits=r.visits, moved_to=r.moved_to)
        for r in revisits
    ]
    return list(interleave_by_host(take_turns(again, fresh)))


def take_turns(revisits: Iterable[Job], new: Iterable[Job]) -> Iterator[Job]:
    """Each host's due revisits (earliest due first) and new URLs (newest first) taking
    turns, a revisit first: a host's backlog of new URLs, longer than a run under
    `--max-time` gets through, must not hold back the revisits of its young stories, the
    ones most likely to change, nor can due revisits hold back today's news."""
    hosts: dict[str, tuple[list[Job], list[Job]]] = defaultdict(lambda: ([], []))
    for job in revisits:
        hosts[host_of(job.url)][0].append(job)
    for job in new:
        hosts[host_of(job.url)][1].append(job)
    for again, fresh in hosts.values():
        for pair in zip_longest(again, fresh):
            yield from (job for job in pair if job is not None)


def fair_share(
    rows: Iterable[_T],
    url: Callable[[_T], str],
    limit: int,
    tried: set[str],
    skipped: Container[str] = (),
) -> list[_T]:
    """The first `limit` of `rows` whose URL is not in `tried`, taking at most
    `HOST_SHARE` of one host. What a run tried may still be queued (a transient failure:
    it waits for the next run), and a host past its share is passed over, so the queue is
    read as deep as it takes; the rows are streamed, so that costs time, not memory."""
    taken: Counter[str] = Counter()
    chosen: list[_T] = []
    for row in rows:
        address = url(row)
        if address in tried:
            continue
        host = host_of(address)
        if taken[host] >= HOST_SHARE or host in skipped:
            continue
        taken[host] += 1
        chosen.append(row)
        if len(chosen) >= limit:
            break
    return chosen


def interleave_by_host(jobs: Iterable[Job]) -> Iterator[Job]:
    queues: dict[str, deque[Job]] = defaultdict(deque)
    for job in jobs:
        queues[host_of(job.url)].append(job)
    while queues:
        for host in list(queues):
            yield queues[host].popleft()
            if not queues[host]:
                del queues[host]
