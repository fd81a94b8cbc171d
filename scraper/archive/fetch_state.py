"""The archive's record of the fetch side, as methods of `Archive`: the sources a run
polls and how each poll went, the sitemaps an index lists, and what a host asked of us
or told us (a Retry-After beyond the run, its robots.txt) that the next runs need. Kept
apart from `store`, whose other writes are the frontier's, the results' and the runs'.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from ..fetch_memory import Hold, RobotsCopy
from ..models import Discovered, Source, SourceKind
from . import queries, source_reads
from .hosts import HostMemory
from .reads import explaining
from .records import ChildSitemap, Removal, SourceYield
from .sitemaps import ChildSitemaps
from .sources import Sources

__all__ = ["FetchState"]


# (Its SQLite errors outside a transaction are `ArchiveError`s too, as the reads' are.)
@explaining
class FetchState:
    """What `Archive` keeps for polling and fetching; the archive gives these their
    fields (each write is one transaction of its own)."""

    db: Database
    _sources: Sources
    _sitemaps: ChildSitemaps
    _hosts: HostMemory

    # --- sources -----------------------------------------------------------------------

    def add_source(self, url: str, kind: SourceKind, *, trusted: bool = True) -> Source:
        """Add a feed, sitemap or page to poll; an already known URL returns its source
        (polled again if it was removed). `trusted=False` for a source the user did not
        name (a feed another site's page advertises): its host must be public."""
        return self._sources.add(url, kind, trusted=trusted)

    def sources(self, *, removed: bool = False) -> list[Source]:
        """The sources a run polls; with `removed`, the removed ones too."""
        return source_reads.sources(self.db, removed=removed)

    def source(self, ref: str | int) -> Source | None:
        """The source with this id, or at this URL or moved from it; removed or not."""
        return self._sources.find(ref)

    def source_yields(self) -> dict[int, SourceYield]:
        """Per source id: the article URLs first found through it, how many are archived,
        and when the newest was found."""
        return queries.source_yields(self.db)

    def remove_source(self, ref: str | int, *, stop_revisits: bool = False) -> Removal | None:
        """Stop polling a source (by URL or id); None if there is no such active source.

        The URLs it found that no run fetched yet leave the queue; articles already
        archived stay, and are revisited as before unless `stop_revisits`. The source's
        row stays (the URLs it found still name it), so `add_source` brings it back.
        """
        return self._sources.remove(ref, stop_revisits=stop_revisits)

    def record_poll(
        self,
        source_id: int,
        *,
        outcome: str,
        etag: str | None,
        last_modified: str | None,
        at: str | None,
        failed: bool = False,
        listed: int | None = None,
        moved_to: str | None = None,
        for_good: bool = False,
    ) -> None:
        """Note a poll of a source; validators are kept when a poll brings none (a failure).
        `at` None: a poll not finished in the run's time, which keeps the source's turn.
        How it fared: whether it `failed`, the entries its document `listed` (None: not
        read), the other address it redirected to (`moved_to`; None: its own), `for_good`
        (301s and 308s only: a few polls in a row move the source there)."""
        self._sources.record_poll(
            source_id, outcome=outcome, etag=etag, last_modified=last_modified, at=at,
            failed=failed, listed=listed, moved_to=moved_to, for_good=for_good,
        )  # fmt: skip

    def reclaim_source_address(self, url: str, at: str, *, split: bool = False) -> None:
        """`url`, an address that names a source elsewhere (it moved or joined another
        from there), serves its own document again: it is that source's own again; with
        `split` (that source reads one where it is too), a source of its own to be."""
        self._sources.reclaim(url, at, split=split)

    def trusted_hosts(self) -> set[str]:
        """The hosts the user named the active sources on: where each trusted one is, and
        for one moved off to another host since, the host it was named on."""
        return source_reads.trusted_hosts(self.db)

    def source_left_at(self, url: str) -> str | None:
        """When the source an address names stopped being read there (moved, joined)."""
        return source_reads.left_at(self.db, url)

    def child_sitemaps(self, source_id: int) -> dict[str, ChildSitemap]:
        """The sitemaps a source's index lists (and the indexes it lists), by URL."""
        return self._sitemaps.of(source_id)

    def list_child_sitemaps(
        self, source_id: int, parent: str, listed: Iterable[Discovered]
    ) -> None:
        """Note what the index `parent` now lists (normalised URLs), with the dates it
        gives them; what it listed before and no longer does is forgotten."""
        self._sitemaps.note_listing(source_id, parent, listed)

    def record_child_sitemap(
        self, source_id: int, url: str, *, etag: str | None, last_modified: str | None, at: str
    ) -> None:
        """Note that a listed sitemap was read (call it after queueing its articles: a run
        killed in between reads it again rather than losing them)."""
        self._sitemaps.note_read(source_id, url, etag=etag, last_modified=last_modified, at=at)

    def forget_child_sitemap(self, source_id: int, url: str) -> None:
        """Drop a listed sitemap that is gone (404, 410): it is not asked for again unless
        an index lists it again."""
        self._sitemaps.forget(source_id, url)

    # --- hosts: what outlives a run (`scraper.fetch_memory.FetchMemory`) --------------

    def host_holds(self, now: str) -> list[Hold]:
        """The hosts that asked (a Retry-After) to be left alone until after `now`."""
        return self._hosts.holds(now)

    def hold_host(self, hold: Hold, at: str) -> None:
        """Note that a host asked, at `at`, to be left alone until `hold.until` (a later
        time it gave before stands); the holds that are over are forgotten."""
        self._hosts.hold(hold, at)

    def robots_copy(self, url: str) -> RobotsCopy | None:
        """The robots.txt at `url` as last asked for; None if never."""
        return self._hosts.robots(url)

    def keep_robots(self, copy: RobotsCopy) -> None:
        """Keep what asking for a robots.txt gave, in place of what it gave before."""
        self._hosts.keep_robots(copy)
