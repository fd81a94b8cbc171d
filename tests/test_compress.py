"""Raw-page compression: zstd, with a dictionary per host made from its own pages."""

from __future__ import annotations

import random
import sqlite3
import zlib
from pathlib import Path

import pytest
from sqlite_utils import Database

from scraper.archive import open_archive
from scraper.archive.compress import MAX_DICTIONARY, Codec, build_dictionary, pack_dictionary
from scraper.archive.pages import PageStore
from scraper.archive.schema import migrate
from scraper.errors import ArchiveError
from scraper.models import Article, Page

WORDS = [
    *("harbour", "council", "bridge", "mayor", "river", "flood", "railway", "election"),
    *("budget", "school", "hospital", "minister", "market", "village", "festival"),
]


def site_page(site: str, n: int) -> bytes:
    """A page of a made-up news site: the same large template around a different story."""
    template = random.Random(site)  # the same markup for every page of the site
    nav = "".join(
        f'<li class="nav-item nav-{i}"><a href="/{template.choice(WORDS)}/{i}">'
        f"{template.choice(WORDS).title()}</a></li>"
        for i in range(300)
    )
    script = "".join(f"var cfg{i} = {template.getrandbits(64)};" for i in range(400))
    story = random.Random(f"{site}-{n}")
    text = "".join(
        "<p>" + " ".join(story.choice(WORDS) for _ in range(60)) + ".</p>" for _ in range(8)
    )
    return (
        f"<!doctype html><html><head><title>Story {n} | {site}</title>"
        f"<script>{script}</script></head><body><nav><ul>{nav}</ul></nav>"
        f"<article><h1>Story {n}</h1>{text}</article><footer>{site} {n}</footer></body></html>"
    ).encode()


def page(site: str, n: int) -> Page:
    url = f"https://{site}/story/{n}"
    return Page(url, url, 200, (("Content-Type", "text/html"),), site_page(site, n), "2024-03-01")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    open_archive(tmp_path / "a.db").close()
    database = Database(sqlite3.connect(tmp_path / "a.db", isolation_level=None))
    migrate(database, "2024-03-01")
    return database


def test_codec_round_trips_without_and_with_a_dictionary() -> None:
    pages = [site_page("news.example", n) for n in range(4)]
    dictionary = build_dictionary(pages[:2])
    assert dictionary is not None
    codec = Codec(lambda dict_id: pack_dictionary(dictionary))
    for body in pages:
        assert codec.decompress(codec.compress(body)) == body
        assert codec.decompress(codec.compress(body, 1), 1) == body


def test_a_retired_dictionary_leaves_the_cache_and_its_pages_stay_readable() -> None:
    pages = [site_page("news.example", n) for n in range(3)]
    dictionary = build_dictionary(pages[:2])
    assert dictionary is not None
    loads: list[int] = []

    def load(dict_id: int) -> bytes:
        loads.append(dict_id)
        return pack_dictionary(dictionary)

    codec = Codec(load)
    blob = codec.compress(pages[2], 1)
    codec.compress(pages[2], 1)
    assert loads == [1]  # cached
    codec.retire(1)
    assert codec.decompress(blob, 1) == pages[2]
    assert loads == [1, 1]  # loaded again when an old page is read


def test_a_site_dictionary_beats_gzip_by_far() -> None:
    pages = [site_page("news.example", n) for n in range(12)]
    dictionary = build_dictionary(pages[-1:-3:-1])
    assert dictionary is not None
    codec = Codec(lambda dict_id: pack_dictionary(dictionary))
    gzipped = sum(len(zlib.compress(body, 6)) for body in pages[:10])
    with_dictionary = len(pack_dictionary(dictionary)) + sum(
        len(codec.compress(body, 1)) for body in pages[:10]
    )
    assert with_dictionary < 0.35 * gzipped


def test_build_dictionary_puts_the_newest_page_last_and_skips_empty() -> None:
    assert build_dictionary([]) is None
    assert build_dictionary([b""]) is None
    assert build_dictionary([b"newest", b"older", b"oldest"]) == b"oldernewest"
    huge = build_dictionary([b"x" * (MAX_DICTIONARY + 10), b"older"])
    assert huge == b"x" * MAX_DICTIONARY


def test_pages_get_a_dictionary_after_enough_of_their_host(db: Database) -> None:
    store = PageStore(db, train_after=4, retrain_after=100)
    ids = [store.put(page("news.example", n)) for n in range(3)]
    ids.append(store.put(page("other.example", 0)))
    assert db["dictionaries"].count == 0
    ids.append(store.put(page("news.example", 3)))  # the fourth page of the host
    assert db.execute("SELECT host FROM dictionaries").fetchall() == [("news.example",)]
    dict_ids = dict(db.execute("SELECT id, dict_id FROM pages").fetchall())
    assert [dict_ids[i] for i in ids] == [1, 1, 1, None, 1]  # the first three recompressed
    for n, page_id in zip([0, 1, 2, 0, 3], ids, strict=True):
        site = "other.example" if page_id == ids[3] else "news.example"
        stored = store.get(page_id)
        assert stored is not None and stored.body == site_page(site, n)


def test_a_new_dictionary_never_changes_old_pages(db: Database, tmp_path: Path) -> None:
    store = PageStore(db, train_after=2, retrain_after=3)
    ids = [store.put(page("news.example", n)) for n in range(8)]
    by_page = dict(db.execute("SELECT id, dict_id FROM pages").fetchall())
    assert [by_page[i] for i in ids] == [1, 1, 1, 1, 1, 2, 2, 2]
    assert db["dictionaries"].count == 3
    # A fresh process (empty caches) reads every page with the dictionary it names.
    with open_archive(tmp_path / "a.db") as archive:
        for n, page_id in enumerate(ids):
            assert archive.raw_page(page_id).body == site_page("news.example", n)


def test_identical_body_of_the_same_url_is_stored_once(db: Database) -> None:
    store = PageStore(db)
    assert store.put(page("news.example", 1)) == store.put(page("news.example", 1))
    assert db["pages"].count == 1


def test_a_rolled_back_dictionary_is_not_used_afterwards(tmp_path: Path) -> None:
    # The 8th page of a host builds a dictionary; its save fails (no run 999) and is rolled
    # back, so the next dictionary gets the same id with other bytes.
    with open_archive(tmp_path / "a.db") as archive:
        run = archive.start_run("2024-03-01")
        for n in range(7):
            archive.save_page(run, page("news.example", n), Article(), next_visit_at=None)
        with pytest.raises(ArchiveError):
            archive.save_page(999, page("news.example", 7), Article(), next_visit_at=None)
        for n in range(100, 104):
            archive.save_page(run, page("news.example", n), Article(), next_visit_at=None)
        assert archive.stats()["dictionaries"] == 1
    with open_archive(tmp_path / "a.db") as archive:  # fresh caches
        bodies = [p.body for _, p in archive.iter_pages()]
    assert bodies == [site_page("news.example", n) for n in [*range(7), *range(100, 104)]]
