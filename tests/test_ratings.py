"""A review's rating in the archive (schema 16), and the upgrade to schema 16 of an archive
of stories: nothing lost, and no content fingerprint changed (the rating is in none)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from downgrade import assert_upgraded, downgrade, rows  # tests/ is on sys.path (no __init__.py)

from scraper import extract
from scraper.archive import Archive, open_archive
from scraper.cli import cli
from scraper.models import Article, Page
from scraper.reextract import reextract
from scraper.versions import fingerprint

T0, T1, T2 = "2026-11-01T08:00:00+00:00", "2026-11-01T09:00:00+00:00", "2026-11-01T12:00:00+00:00"
REVIEW_URL, STORY_URL = "https://news.example/reviews/kettle", "https://news.example/news/ferry"
PROSE = (
    "The council met on Monday to discuss the {0} plan, which has divided residents of the"
    " town for months. Supporters say it will bring jobs and investment, while critics warn"
    " of rising costs and a loss of green space near the river."
)


def page_html(title: str, topic: str, *, rating: int | None = None, more: str = "") -> str:
    review = {"@context": "https://schema.org", "@type": "Review", "name": title}
    if rating is not None:
        review["reviewRating"] = {"@type": "Rating", "ratingValue": rating, "bestRating": 5}
    paragraphs = "".join(f"<p>{PROSE.format(f'{topic} {n}')}</p>" for n in range(4))
    return (
        f"<html><head><title>{title}</title><script type='application/ld+json'>"
        f"{json.dumps(review)}</script></head><body><article><h1>{title}</h1>"
        f"<p class='byline'>By Ann Writer</p>{paragraphs}{more}</article></body></html>"
    )


def keep(archive: Archive, run: int, url: str, html: str, at: str) -> Article:
    """Archive `html` as fetched from `url` at `at`, as a run would."""
    body = html.encode()
    page = Page(url, url, 200, (("Content-Type", "text/html; charset=utf-8"),), body, at)
    article = replace(extract(body, url), url=url)
    archive.save_page(run, page, article, next_visit_at=T2)
    return article


def keep_stories(archive: Archive) -> None:
    """A review (rated) and a story of two versions, archived."""
    run = archive.start_run(T0)
    keep(archive, run, REVIEW_URL, page_html("Kettle review", "kettle", rating=4), T0)
    keep(archive, run, STORY_URL, page_html("Ferry plan", "ferry"), T0)
    edited = page_html("Ferry plan", "ferry", more="<p>The vote is in May, it says.</p>")
    keep(archive, run, STORY_URL, edited, T1)


def a_schema_15_archive_of_stories(path: Path) -> dict[str, list[dict[str, Any]]]:
    """`keep_stories`, then the archive as schema 15 holds them (without what 16 added);
    returns its rows."""
    with open_archive(path) as archive:
        keep_stories(archive)
    return downgrade(path, 15)


def test_an_archive_of_schema_15_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    before = a_schema_15_archive_of_stories(path)
    assert len(before["versions"]) == 3
    with open_archive(path) as archive:
        assert_upgraded(archive, before)
        review = archive.article(REVIEW_URL)
        assert review is not None and review.article.rating is None  # (read before 16)
        assert archive.host_holds(T0) == [] and archive.robots_copy("x") is None

        report = reextract(archive, processes=0, everything=True)
        assert (report.pages, report.folded) == (3, 0)
        review = archive.article(REVIEW_URL)
        assert review is not None and review.article.rating == "4/5"  # re-extracted
        after = {table: rows(archive.db, table) for table in ("articles", "versions")}
    for table in ("articles", "versions"):  # the same fingerprints, the same versions
        assert [r["fingerprint"] for r in after[table]] == [r["fingerprint"] for r in before[table]]
        assert [r.get("number") for r in after[table]] == [r.get("number") for r in before[table]]


def test_a_rating_is_in_no_fingerprint() -> None:
    article = extract(page_html("Kettle review", "kettle", rating=4).encode(), REVIEW_URL)
    assert article.rating == "4/5"
    assert fingerprint(article) == fingerprint(replace(article, rating=None))
    assert fingerprint(article) == fingerprint(replace(article, rating="2/5"))


def test_a_rating_is_archived_shown_and_exported(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        run = archive.start_run(T0)
        keep(archive, run, STORY_URL, page_html("Ferry plan", "ferry"), T0)
        review = keep(archive, run, REVIEW_URL, page_html("Kettle review", "k", rating=4), T0)
        stored = archive.article(REVIEW_URL)
        assert stored is not None and stored.article == review
        (version,) = archive.versions(stored.id)
        assert version.article.rating == "4/5"

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert json.loads(invoke("show", REVIEW_URL, "--format", "json"))["rating"] == "4/5"
    assert "rating" not in json.loads(invoke("show", STORY_URL, "--format", "json"))
    exported = [json.loads(line) for line in invoke("export").splitlines()]
    assert [row.get("rating") for row in exported] == [None, "4/5"]


def test_a_rating_given_later_is_no_new_version_but_is_kept(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        run = archive.start_run(T0)
        keep(archive, run, REVIEW_URL, page_html("Kettle review", "kettle"), T0)
        keep(archive, run, REVIEW_URL, page_html("Kettle review", "kettle", rating=3), T1)
        stored = archive.article(REVIEW_URL)
        assert stored is not None and stored.versions == 1 and stored.article.rating == "3/5"
