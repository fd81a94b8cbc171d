"""The upgrade to schema 17 (every address a source left, a feed item's guid per URL) of an
archive of stories: nothing lost, no fingerprint changed, and the address each moved source
was added at (`moved_from`, all schema 16 kept) still names it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from downgrade import assert_upgraded, downgrade  # tests/ is on sys.path (no __init__.py)
from sqlite_utils import Database
from test_ratings import T0, T1, keep_stories

from scraper.archive import open_archive
from scraper.archive.schema import migrate
from scraper.models import Discovered

FEEDS = ("https://a.example/feed", "https://b.example/feed", "https://c.example/feed")
DAYS = ("2026-10-01T08:00:00+00:00", "2026-10-01T20:00:00+00:00", "2026-10-02T08:00:00+00:00")


def a_schema_16_archive(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Stories (one of two versions), a feed's URL and a source moved A -> B -> C, as
    schema 16 holds them (without what 17 added); returns its rows."""
    with open_archive(path) as archive:
        keep_stories(archive)
        source = archive.add_source(FEEDS[0], "feed")
        assert source.id is not None
        for to, month in ((FEEDS[1], "10"), (FEEDS[2], "11")):
            for at in DAYS:
                archive.record_poll(
                    source.id, outcome="ok", etag=None, last_modified=None,
                    at=at.replace("-10-", f"-{month}-"), moved_to=to, for_good=True,
                )  # fmt: skip
        item = Discovered("https://a.example/news/queued", guid="4101")
        archive.enqueue([item], source_id=source.id, at=T1)
    return downgrade(path, 16)


def test_an_archive_of_schema_16_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    before = a_schema_16_archive(path)
    (moved,) = before["sources"]
    assert (moved["url"], moved["moved_from"]) == (FEEDS[2], FEEDS[0])
    with open_archive(path, read_only=True) as older:  # (read as it is, not upgraded)
        found = older.source(FEEDS[0])
        assert found is not None and (found.url, found.past_urls) == (FEEDS[2], (FEEDS[0],))
        assert [s.past_urls for s in older.sources()] == [(FEEDS[0],)]
    with open_archive(path) as archive:
        assert_upgraded(archive, before)
        # The address it was added at (what 16 kept) names it; B, dropped by 16, cannot.
        found = archive.source(FEEDS[0])
        assert found is not None and found.url == FEEDS[2]
        assert (found.past_urls, archive.source(FEEDS[1])) == ((FEEDS[0],), None)
        (guids,) = archive.db.execute("SELECT count(guid) FROM urls").fetchone()
        assert guids == 0
        # A later poll listing the queued URL under its guid notes it (none stored by 16).
        item = Discovered("https://a.example/news/queued", guid="4101")
        archive.enqueue([item], source_id=found.id, at=T1)
        moved_on = Discovered("https://a.example/news/queued-2", guid="4101")
        archive.enqueue([moved_on], source_id=found.id, at=T1)
        assert archive.pending() == [moved_on.url]
    fresh = Database(memory=True)
    migrate(fresh, T0)
    upgraded = Database(path)
    for table in fresh.table_names():  # (the same layout as an archive made at 17)
        assert upgraded[table].columns_dict == fresh[table].columns_dict, table
