"""A source moved to where its address redirects for good: the address it was added at
still names it (`remove`, `add`), and its trust stays on the host the user named."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from webserver import WebServer

from scraper import fetch, open_archive, poll
from scraper.archive import Archive
from scraper.cli import cli
from scraper.fetch import FetchConfig
from scraper.models import Source
from scraper.pipeline import RunOptions, run

FAST = FetchConfig(delay=0, timeout=5, retries=0)
DAY_ONE = ("2024-03-01T08:00:00+00:00", "2024-03-01T20:00:00+00:00", "2024-03-02T08:00:00+00:00")
RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>N</title></channel></rss>'


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def archive(db: Path) -> Iterator[Archive]:
    with open_archive(db) as opened:
        yield opened


def redirected(archive: Archive, source: Source, to: str, times: tuple[str, ...]) -> None:
    """Polls of `source` at `times`, each redirected for good to `to`."""
    for at in times:
        archive.record_poll(
            source.id or 0, outcome="not modified", etag=None, last_modified=None, at=at,
            moved_to=to, for_good=True,
        )  # fmt: skip


def move(archive: Archive, source: Source, to: str, times: tuple[str, ...] = DAY_ONE) -> Source:
    """Three polls redirected for good to `to` over a day: the source moves there."""
    assert source.id is not None
    redirected(archive, source, to, times)
    moved = archive.source(source.id)
    assert moved is not None and moved.url == to
    return moved


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_address_a_source_was_added_at_still_names_it(
    archive: Archive, server: WebServer, db: Path
) -> None:
    """`remove OLD` removes the moved source and says so; `add OLD` brings it back, not
    a second source polling a redirect (the old address asked once: no feed of its own)."""
    old, new = server.url("/feed.xml"), server.url("/feed.xml", host="localhost")
    moved = move(archive, archive.add_source(old, "feed"), new)
    code, out, err = invoke("remove", old, "--db", db)
    assert (code, err) == (0, "")
    assert out == f"removed {new} (moved from {old} on 2024-03-02)  (0 queued URLs dropped)\n"
    assert invoke("remove", old, "--db", db)[0] == 1  # (removed already)

    code, out, err = invoke("add", old, "--db", db, "--delay", "0")
    assert (code, err) == (0, "")
    assert out == f"feed    {old}  (moved to {new} on 2024-03-02)\n"
    assert [(r.host, r.path) for r in server.requests if r.path != "/robots.txt"] == [
        ("127.0.0.1", "/feed.xml")
    ]
    (listed,) = json.loads(invoke("sources", "--json", "--db", db)[1])
    assert (listed["id"], listed["url"], listed["removed_at"]) == (moved.id, new, None)
    assert (listed["moved_from"], listed["moved_at"]) == (old, DAY_ONE[-1])
    code, out, _ = invoke("remove", str(moved.id), "--db", db)
    assert out.startswith(f"removed {new} (moved from {old} on 2024-03-02)  (")


def test_a_page_advertising_a_moved_feed_s_old_address_adds_no_second_source(
    archive: Archive,
) -> None:
    old, new = "https://news.example/feed", "https://news.example/rss/"
    moved = move(archive, archive.add_source(old, "feed"), new)
    again = archive.add_source(old, "feed", trusted=False)
    assert (again.id, again.url, again.trusted) == (moved.id, new, True)  # (as it was)
    assert [s.url for s in archive.sources()] == [new]


def test_a_source_keeps_the_address_it_was_added_at_over_moves(archive: Archive) -> None:
    """Moved twice, it says where it was added (the address a user types), and since
    when it is where it is; moved back there, it says nothing of moves."""
    first, second, third = (
        "https://a.example/feed",
        "https://b.example/feed",
        "https://c.example/feed",
    )
    later = tuple(t.replace("2024-03-0", "2024-04-0") for t in DAY_ONE)
    moved = move(archive, move(archive, archive.add_source(first, "feed"), second), third, later)
    assert (moved.moved_from, moved.moved_at) == (first, later[-1])
    assert archive.source(first) == moved and archive.source(third) == moved
    back = move(archive, moved, first, tuple(t.replace("2024-03-0", "2024-05-0") for t in DAY_ONE))
    assert (back.url, back.moved_from, back.moved_at) == (first, None, None)


def test_trust_stays_on_the_host_the_user_named(archive: Archive) -> None:
    """Moved on its host, a source keeps its trust; to another host it has the trust of a
    feed a page advertises there: none. Adding its old address does not give it back;
    adding its new one (naming that host) does."""
    same = move(archive, archive.add_source("http://intranet/feed", "feed"), "http://intranet/rss")
    assert same.trusted
    old, new = "http://wire.example/feed", "https://wire.example.net/feed"
    moved = move(archive, archive.add_source(old, "feed"), new)
    assert not moved.trusted
    assert not archive.add_source(old, "feed").trusted
    assert archive.add_source(new, "feed").trusted


def test_a_moved_source_s_new_host_gets_no_private_address(
    archive: Archive, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed moved to another host, public when it moved (said to be here), is refused
    there once that host resolves to a private address: the user never named it."""
    old, new = server.url("/feed.xml"), server.url("/new/feed.xml", host="localhost")
    server.page("/new/feed.xml", RSS, content_type="application/rss+xml")
    server.redirect("/feed.xml", new, status=301)
    source = archive.add_source(old, "feed")
    real_refusal = fetch.address_refusal

    async def public(host: str, port: int) -> str | None:
        return None if host == "localhost" else await real_refusal(host, port)

    def poll_at(at: str) -> Source:
        monkeypatch.setattr(poll, "utc_now", lambda: at)
        asyncio.run(run(archive, RunOptions(fetch=FAST, extract_processes=0)))
        polled = archive.source(source.id or 0)
        assert polled is not None
        return polled

    monkeypatch.setattr(fetch, "address_refusal", public)
    for at in DAY_ONE:
        moved = poll_at(at)
    assert (moved.url, moved.last_outcome) == (new, "0 links, 0 new")
    asked = len(server.requested("/new/feed.xml"))

    monkeypatch.setattr(fetch, "address_refusal", real_refusal)  # (its DNS changed)
    refused = poll_at("2024-03-02T09:00:00+00:00")
    assert refused.last_outcome and refused.last_outcome.startswith("refused: localhost resolves")
    assert len(server.requested("/new/feed.xml")) == asked


def test_every_address_a_source_left_still_names_it(
    archive: Archive, server: WebServer, db: Path
) -> None:
    """A, then B, then C: `remove B` and `add B` find the source (B was forgotten at the
    second move), and `sources` lists both addresses it left, in order."""
    a, b, c = (server.url(f"/feed-{n}.xml") for n in "abc")
    later = tuple(t.replace("2024-03-0", "2024-04-0") for t in DAY_ONE)
    moved = move(archive, move(archive, archive.add_source(a, "feed"), b), c, later)
    assert (moved.moved_from, moved.past_urls) == (a, (a, b))
    assert archive.source(a) == archive.source(b) == archive.source(c) == moved
    code, out, err = invoke("remove", b, "--db", db)
    assert (code, err) == (0, "")
    assert out == f"removed {c} (moved from {a}, then {b} on 2024-04-02)  (0 queued URLs dropped)\n"

    code, out, err = invoke("add", b, "--db", db, "--delay", "0")
    assert (code, out, err) == (0, f"feed    {b}  (moved to {c} on 2024-04-02)\n", "")
    assert [r.path for r in server.requests if r.path != "/robots.txt"] == ["/feed-b.xml"]
    (listed,) = json.loads(invoke("sources", "--json", "--db", db)[1])
    assert (listed["id"], listed["url"], listed["removed_at"]) == (moved.id, c, None)
    assert (listed["moved_from"], listed["past_urls"]) == (a, [a, b])
    code, out, _ = invoke("sources", "--db", db)
    assert f"moved from {a}, then {b} (since {later[-1]})" in out

    back = move(archive, moved, b, tuple(t.replace("2024-03-0", "2024-05-0") for t in DAY_ONE))
    assert (back.url, back.moved_from, back.past_urls) == (b, a, (a, c))
    assert archive.source(c) == back  # (C is one it left too now)


def test_an_address_a_joined_source_moved_from_does_not_remove_its_reader(
    archive: Archive, db: Path
) -> None:
    """A source moved from A0 to A, then A came to redirect to B, read by another source:
    it joined that one. A0 names the reader (for `add`), but `remove A0` leaves it be: the
    user added it under B."""
    a0, a, b = "http://one.example/feed", "http://one.example/rss", "http://two.example/feed"
    reader = archive.add_source(b, "feed")
    moved = move(archive, archive.add_source(a0, "feed"), a)
    for at in (t.replace("2024-03-0", "2024-04-0") for t in DAY_ONE):
        archive.record_poll(
            moved.id or 0, outcome="not modified", etag=None, last_modified=None, at=at,
            moved_to=b, for_good=True,
        )  # fmt: skip
    assert archive.source(a0) == archive.source(a) == archive.source(b)
    code, _, err = invoke("remove", a0, "--db", db)
    assert code == 1 and f"it redirects to {b}, which source {reader.id} reads" in err
    assert [s.url for s in archive.sources()] == [b]


def test_a_joined_source_added_back_leaves_its_joined_address_to_the_reader(
    archive: Archive, server: WebServer, db: Path
) -> None:
    """QA new31 F07: A moved to B, B came to 301 to C (source 2's): it joined that one.
    Then A served a feed of its own and the user added A back. B, which 301s to C still,
    said 'moved to A', `remove B` removed the source at A, and source 2 said it moved
    from B. B names the source that reads what it serves: C's, read for B as before."""
    a, b, c = (server.url(f"/{n}.xml") for n in "abc")
    server.redirect("/b.xml", c, status=301)
    for path in ("/a.xml", "/c.xml"):
        server.page(path, RSS, content_type="application/rss+xml")
    reader = archive.add_source(c, "feed")
    later = tuple(t.replace("2024-03-0", "2024-04-0") for t in DAY_ONE)
    redirected(archive, move(archive, archive.add_source(a, "feed"), b), c, later)  # (joins)
    code, out, _ = invoke("add", a, "--db", db, "--delay", "0")
    assert (code, out) == (0, f"feed    {a}  (feed, 0 links)\n")  # (read at A again)

    listed = json.loads(invoke("sources", "--json", "--db", db)[1])
    read = [(s["url"], s["past_urls"], s["read_for"]) for s in listed]
    assert read == [(c, [], [b]), (a, [], [])]
    code, out, _ = invoke("add", b, "--db", db, "--delay", "0")
    assert (code, out) == (0, f"feed    {b}  (moved to {c} on 2024-04-02)\n")
    code, _, err = invoke("remove", b, "--db", db)
    assert code == 1 and f"it redirects to {c}, which source {reader.id} reads" in err
    assert [s.url for s in archive.sources()] == [c, a]

    server.page("/b.xml", RSS, content_type="application/rss+xml")  # (B's own feed too)
    code, out, _ = invoke("add", b, "--db", db, "--delay", "0")
    assert (code, out) == (0, f"feed    {b}  (feed, 0 links)\n")
    assert [(s.url, s.read_for) for s in archive.sources()] == [(c, ()), (a, ()), (b, ())]


def test_a_moved_feed_whose_old_address_serves_a_feed_again_is_split_not_moved_back(
    archive: Archive, server: WebServer, db: Path
) -> None:
    """QA new31 F08: a source moved from B to C; then B and C both served feeds. `add B`
    moved the source back to B and `add C` to C again, each time leaving the other feed
    unread. B is a source of its own now (and `add` says so), C's reads on."""
    b, c = server.url("/b.xml"), server.url("/c.xml")
    moved = move(archive, archive.add_source(b, "feed"), c)
    for path in ("/b.xml", "/c.xml"):
        server.page(path, RSS, content_type="application/rss+xml")
    code, out, _ = invoke("add", b, "--db", db, "--delay", "0")
    split = f"a source of its own: source {moved.id} reads {c} still"
    assert (code, out) == (0, f"feed    {b}  (feed, 0 links; {split})\n")
    code, out, _ = invoke("add", c, "--db", db, "--delay", "0")
    assert (code, out) == (0, f"feed    {c}  (feed, 0 links)\n")
    read = [(s.id, s.url, s.past_urls) for s in archive.sources()]
    assert read == [(moved.id, c, ()), ((moved.id or 0) + 1, b, ())]
    assert invoke("remove", b, "--db", db)[1].startswith(f"removed {b}  (")
    assert [s.url for s in archive.sources()] == [c]


def test_a_feed_joined_before_its_reader_moved_names_the_feed_split_off_there(
    archive: Archive, server: WebServer, db: Path
) -> None:
    """A joined B's source, which then moved to C; B and C came to serve feeds of their
    own (`add B`: a source of its own). A, which 301s to B, names B's source."""
    a, b, c = (server.url(f"/{n}.xml") for n in "abc")
    server.redirect("/a.xml", b, status=301)
    for path in ("/b.xml", "/c.xml"):
        server.page(path, RSS, content_type="application/rss+xml")
    reader = archive.add_source(b, "feed")
    redirected(archive, archive.add_source(a, "feed"), b, DAY_ONE)  # (joins the reader)
    later = tuple(t.replace("2024-03-0", "2024-04-0") for t in DAY_ONE)
    assert move(archive, reader, c, later).read_for == (a,)
    code, out, _ = invoke("add", b, "--db", db, "--delay", "0")
    assert (code, out) == (0, f"feed    {b}  (feed, 0 links; a source of its own: source "
                              f"{reader.id} reads {c} still)\n")  # fmt: skip
    assert [(s.url, s.read_for) for s in archive.sources()] == [(c, ()), (b, (a,))]
    assert archive.source(a) == archive.source(b)
