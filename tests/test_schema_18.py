"""The upgrade to schema 18 (which addresses of `source_addresses` a source that joined
another was at) of an archive with a moved source and a joined one: each address is read
as it was, as one left or as one the other source is read for."""

from __future__ import annotations

from pathlib import Path

from downgrade import assert_upgraded, downgrade  # tests/ is on sys.path (no __init__.py)

from scraper.archive import Archive, open_archive

DAY = ("2026-10-01T08:00:00+00:00", "2026-10-01T20:00:00+00:00", "2026-10-02T08:00:00+00:00")
A, B, C, D = (f"https://{n}.example/feed" for n in "abcd")


def redirected(archive: Archive, url: str, to: str) -> None:
    """Three polls of the source at `url` redirected for good to `to` over a day."""
    found = archive.source(url)
    assert found is not None and found.id is not None
    for at in DAY:
        archive.record_poll(
            found.id, outcome="ok", etag=None, last_modified=None, at=at, moved_to=to,
            for_good=True,
        )  # fmt: skip


def addresses(archive: Archive) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(s.url, s.past_urls, s.read_for) for s in archive.sources(removed=True)]


def test_an_archive_of_schema_17_upgrades_with_its_joins_told_from_its_moves(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        for url in (A, B, C):
            archive.add_source(url, "feed")
        redirected(archive, A, B)  # A joins B's source
        redirected(archive, C, D)  # C's source moves to D
        expected = [(A, (), ()), (B, (), (A,)), (D, (C,), ())]
        assert addresses(archive) == expected
    before = downgrade(path, 17)
    with open_archive(path, read_only=True) as older:  # (read as it is, not upgraded)
        assert addresses(older) == expected
    with open_archive(path) as archive:
        assert_upgraded(archive, before)
        assert addresses(archive) == expected
        marked = archive.db.execute("SELECT url, joined FROM source_addresses ORDER BY url")
        assert marked.fetchall() == [(A, 1), (C, 0)]
