"""`Article.from_dict` undoes `to_dict`, through JSON (as a Dask bag carries articles
between stages), and reads a line of `export --format jsonl` back as the article."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from scraper.archive import open_archive
from scraper.export import export_jsonl
from scraper.models import Article, Page, Removal

maybe = st.none() | st.text()
given_or_none = st.none() | st.text(min_size=1)
articles = st.builds(
    Article,
    **{
        name: maybe
        for name in Article.FIELDS
        if name not in ("authors", "tags", "text", "markdown")
    },
    authors=st.lists(st.text(), max_size=3),
    tags=st.lists(st.text(), max_size=3),
    text=st.text(),
    markdown=st.text(),
    removed=st.lists(st.builds(Removal, st.text(), st.text()), max_size=3).map(tuple),
    next_page=given_or_none,  # (to_dict leaves out an empty one: never extracted)
    rating=given_or_none,
)


@given(articles)
def test_from_dict_undoes_to_dict_through_json(article: Article) -> None:
    back = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert back == article
    assert (back.removed, back.next_page) == (article.removed, article.next_page)  # (not compared)
    assert all(isinstance(removal, Removal) for removal in back.removed)


def test_an_export_line_reads_back_as_the_archived_article(tmp_path: Path) -> None:
    url = "https://example.org/news/1"
    text = "The harbour plan was approved by the council after a long debate. " * 4
    article = Article(url=url, title="Harbour plan", authors=["Ann Writer"], language="en",
                      tags=["harbour"], text=text, markdown=text, rating="4/5")  # fmt: skip
    with open_archive(tmp_path / "a.db") as archive:
        page = Page(url, url, 200, (), b"<html><p>harbour</p></html>", "2026-11-20T09:00:00Z")
        archive.save_page(archive.start_run(page.fetched_at), page, article, next_visit_at=None)
        out = io.StringIO()
        export_jsonl(archive, out)
    line = json.loads(out.getvalue())
    assert {"id", "versions", "fetched_at"} <= set(line)  # (the archive's keys: ignored)
    assert Article.from_dict(line) == article


def test_from_dict_reads_a_string_author_or_tag_as_one_and_null_text_as_empty() -> None:
    # (JSON from another tool, or a line fixed by hand: not ten one-letter authors)
    data = {"url": "https://x.example/a", "authors": "Ann Writer", "tags": "politics",
            "text": None, "markdown": None}  # fmt: skip
    article = Article.from_dict(data)
    assert (article.authors, article.tags) == (["Ann Writer"], ["politics"])
    assert (article.text, article.markdown) == ("", "")
