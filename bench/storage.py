"""How small is the archive, and how fast is search?  `python bench/storage.py CORPUS_DIR...`

The corpora hold one to three pages per site, but the archive's compression works on many
pages of one site. So each corpus page becomes the template of a made-up site: its pages
are the template with every `<p>` refilled from another corpus page, its `<title>`
changed, and every run of 6+ digits (ids, timestamps, cache-busters) randomised, so each
page differs from its siblings like real article pages do. Each page is extracted with
`scraper.extract` and archived with `Archive.save_page`, as a run would.

Prints raw bytes, the same pages gzipped one by one (level 6, like `gzip`), what the
archive stores for them (page blobs + dictionaries), the whole database, and a breakdown
by table. Then builds an archive of `--search-articles` articles and times `search`.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from scraper import extract
from scraper.archive import Archive, open_archive
from scraper.models import Article, Page

_P = re.compile(rb"(<p\b[^>]*>)(.*?)(</p>)", re.S | re.I)
_TITLE = re.compile(rb"<title>.*?</title>", re.S | re.I)
_DIGITS = re.compile(rb"\d{6,}")
_TAG = re.compile(r"<[^>]+>")


def corpus_pages(dirs: list[Path]) -> list[bytes]:
    files = sorted(f for d in dirs for f in d.rglob("*.html*"))
    return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]


def paragraphs(html: bytes) -> list[bytes]:
    found = [m.group(2) for m in _P.finditer(html)]
    return [p for p in found if len(_TAG.sub("", p.decode("utf-8", "replace")).strip()) > 40]


def sibling(template: bytes, donor: list[bytes], n: int, rng: random.Random) -> bytes:
    """The template with the donor's paragraphs, a new title and new numbers."""
    count = iter(range(10**9))
    page = _P.sub(lambda m: m.group(1) + donor[next(count) % len(donor)] + m.group(3), template)
    title = b"<title>" + donor[0][:80] + b" " + str(n).encode() + b"</title>"
    page = _TITLE.sub(lambda _: title, page, 1)
    return _DIGITS.sub(lambda m: str(rng.randrange(10 ** len(m.group()))).encode(), page)


def build(
    archive: Archive, corpus: list[bytes], sites: int, per_site: int
) -> tuple[int, int, float]:
    rng = random.Random(7)
    donors = [p for p in (paragraphs(html) for html in corpus) if len(p) >= 3]
    templates = rng.sample(corpus, min(sites, len(corpus)))
    raw = gzipped = 0
    run = archive.start_run("2024-03-01T00:00:00+00:00")
    elapsed = 0.0
    for s, template in enumerate(templates):
        for n in range(per_site):
            body = sibling(template, rng.choice(donors), n, rng)
            raw += len(body)
            gzipped += len(zlib.compress(body, 6))
            url = f"https://site{s}.example/news/{n}"
            at = f"2024-03-01T{n // 60 % 24:02d}:{n % 60:02d}:00+00:00"
            page = Page(url, url, 200, (("Content-Type", "text/html"),), body, at)
            article = extract(body, url, content_type="text/html")
            started = time.perf_counter()
            archive.save_page(run, page, article, next_visit_at=None)
            elapsed += time.perf_counter() - started
    return raw, gzipped, elapsed


def table_sizes(archive: Archive) -> dict[str, int]:
    try:
        rows = archive.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except Exception:  # SQLite built without the dbstat table
        return {}
    return dict(sorted(rows, key=lambda r: -r[1]))


def storage(corpus: list[bytes], sites: int, per_site: int, workdir: Path) -> None:
    with open_archive(workdir / "storage.db") as archive:
        raw, gzipped, elapsed = build(archive, corpus, sites, per_site)
        stats = archive.stats()
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        archive.db.execute("VACUUM")
        db_bytes = (workdir / "storage.db").stat().st_size
        sizes = table_sizes(archive)
    pages = stats["pages"]
    print(f"{pages} pages of {sites} sites; save_page {pages / elapsed:.0f} pages/s")
    print(f"raw pages            {raw:>14,} B")
    print(f"gzip -6, one by one  {gzipped:>14,} B  ({gzipped / raw:.3f} of raw)")
    print(f"stored pages + dicts {stats['stored_bytes']:>14,} B  "
          f"= {stats['stored_bytes'] / gzipped:.3f} x gzip  (goal <= 0.35)")  # fmt: skip
    print(f"whole database       {db_bytes:>14,} B  "
          f"= {db_bytes / gzipped:.3f} x gzip  (goal <= 1.0)")  # fmt: skip
    for name, size in list(sizes.items())[:12]:
        print(f"  {name:<28} {size:>12,} B")


def search_speed(corpus: list[bytes], articles: int, workdir: Path) -> None:
    rng = random.Random(11)
    texts = [p for p in (paragraphs(html) for html in corpus) if p]
    words: list[str] = []
    with open_archive(workdir / "search.db") as archive:
        run = archive.start_run("2024-03-01T00:00:00+00:00")
        for n in range(articles):
            chosen = rng.sample(texts, 3)
            text = "\n\n".join(
                _TAG.sub("", p.decode("utf-8", "replace")) for ps in chosen for p in ps[:4]
            )
            words.extend(w for w in rng.sample(text.split(), 2) if w.isalpha() and len(w) > 4)
            url = f"https://site{n % 50}.example/a/{n}"
            page = Page(url, url, 200, (), f"<p>{n}</p>".encode(), "2024-03-01T00:00:00+00:00")
            title = f"{text[:60]} {n}"
            archive.save_page(run, page, Article(url=url, title=title, text=text, markdown=text),
                              next_visit_at=None)  # fmt: skip
        # Sampled words, plus a very common word, a prefix, an OR, a phrase and bad syntax.
        # (A one-letter prefix such as `a*` expands to most of the vocabulary: ~250 ms.)
        extra = ["the", "gov*", "die OR der OR und", f'"{words[0]} {words[1]}"', 'bad "quote']
        queries = [*rng.sample(words, 50), *extra]
        for all_versions in (False, True):
            times = []
            for query in queries:
                started = time.perf_counter()
                archive.search(query, all_versions=all_versions)
                times.append((time.perf_counter() - started) * 1000)
            print(f"search over {articles} articles (all_versions={all_versions}): "
                  f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
                  f"over {len(times)} queries (goal < 50 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="folders of *.html(.gz) pages")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50, help="pages per site")
    parser.add_argument("--search-articles", type=int, default=10_000)
    args = parser.parse_args()
    corpus = corpus_pages(args.corpus)
    if not corpus:
        sys.exit("no *.html or *.html.gz pages under the given folders")
    with tempfile.TemporaryDirectory() as tmp:
        storage(corpus, args.sites, args.pages, Path(tmp))
        if args.search_articles:
            search_speed(corpus, args.search_articles, Path(tmp))


if __name__ == "__main__":
    main()
