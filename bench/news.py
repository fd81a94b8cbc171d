"""Score article metadata and bodies on a news-pages corpus, for us and for peers.

    python bench/news.py ../shared/corpus/news-pages/dev
    python bench/news.py CORPUS --only ours --errors title

Metrics follow the corpus README: title exact after NFKC and whitespace collapse;
authors and topics set F1 (NFKC, case-folded); publishing date right to the day (in the
truth's offset) and, where the truth has a time of day, within 60 s; body bag-of-tokens
precision/recall/F1; language exact. Fields in an entry's `excluded_fields` are skipped,
and a peer is scored only on the fields it produces.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

Prediction = dict[str, Any]  # title, authors, published, topics, body, language


@dataclass
class Score:
    """One system's per-page scores by metric, and the time it took."""

    values: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    pages: int = 0

    def add(self, metric: str, value: float) -> None:
        self.values.setdefault(metric, []).append(value)

    def mean(self, metric: str) -> str:
        values = self.values.get(metric)
        return f"{sum(values) / len(values):.3f}" if values else "-"


# --- systems -----------------------------------------------------------------------------


def ours(html: bytes, url: str) -> Prediction:
    from scraper.extract import extract

    article = extract(html, url)
    return {
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "topics": article.tags,
        "body": article.text,
        "language": article.language,
    }


def trafilatura(html: bytes, url: str) -> Prediction:
    from trafilatura import bare_extraction  # type: ignore[import-not-found, unused-ignore]

    doc = bare_extraction(
        html.decode("utf-8", "replace"),
        url=url,
        with_metadata=True,
        # Ask for the time of day too (its default is the date alone), for a fair minute score.
        date_extraction_params={
            "extensive_search": True,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    if doc is None:
        return {}
    data = doc if isinstance(doc, dict) else doc.as_dict()
    authors = [a.strip() for a in (data.get("author") or "").split(";") if a.strip()]
    return {
        "title": data.get("title"),
        "authors": authors,
        "published": data.get("date"),
        # Trafilatura keeps a meta tag's comma-joined keywords as one string: split them.
        "topics": _unique(
            t.strip()
            for tag in data.get("tags") or data.get("categories") or []
            for t in tag.split(",")
        ),
        "body": data.get("text") or "",
    }


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def newspaper(html: bytes, url: str) -> Prediction:
    from newspaper import Article  # type: ignore[import-not-found, unused-ignore]

    article = Article(url, fetch_images=False)
    article.download(input_html=html.decode("utf-8", "replace"))
    article.parse()
    date = article.publish_date
    return {
        "title": article.title,
        "authors": list(article.authors),
        "published": date.isoformat() if date else None,
        "topics": sorted(article.tags or []),
        "body": article.text,
        "language": article.meta_lang or None,
    }


def readability(html: bytes, url: str) -> Prediction:
    import lxml.html  # type: ignore[import-untyped, unused-ignore]
    from readability import Document  # type: ignore[import-not-found, unused-ignore]

    doc = Document(html.decode("utf-8", "replace"), url=url)
    body = lxml.html.fromstring(doc.summary(html_partial=True)).text_content()
    return {"title": doc.short_title(), "body": body}


SYSTEMS: dict[str, Callable[[bytes, str], Prediction]] = {
    "ours": ours,
    "trafilatura": trafilatura,
    "newspaper4k": newspaper,
    "readability": readability,
}

# --- metrics -----------------------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def set_f1(predicted: list[str], truth: list[str]) -> float:
    p = {norm(x).casefold() for x in predicted}
    t = {norm(x).casefold() for x in truth}
    if not p or not t:
        return float(p == t)
    hits = len(p & t)
    return 2 * hits / (len(p) + len(t))


def bag_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    p = Counter(unicodedata.normalize("NFKC", predicted).lower().split())
    t = Counter(unicodedata.normalize("NFKC", truth).lower().split())
    hits = sum((p & t).values())
    precision = hits / sum(p.values()) if p else 0.0
    recall = hits / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def parse_moment(value: str | None) -> tuple[datetime | None, bool]:
    """(datetime, has_time) of an ISO value; (None, False) when unreadable."""
    if not value:
        return None, False
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None, False
    return moment, len(value.strip()) > 10


def date_scores(predicted: str | None, truth: str) -> tuple[float, float | None]:
    """(day, strict); strict is None where the truth has no time of day."""
    t, _ = parse_moment(truth)
    p, p_has_time = parse_moment(predicted)
    assert t is not None, truth
    truth_has_time = (t.hour, t.minute, t.second) != (0, 0, 0)
    if p is None:
        return 0.0, (0.0 if truth_has_time else None)
    if p.tzinfo and t.tzinfo and p_has_time:
        day = p.astimezone(t.tzinfo).date() == t.date()
    else:
        day = p.date() == t.date()
    if not truth_has_time:
        return float(day), None
    if not p_has_time:
        return float(day), 0.0
    if p.tzinfo and t.tzinfo:
        delta = abs((p - t).total_seconds())
    else:
        delta = abs((p.replace(tzinfo=None) - t.replace(tzinfo=None)).total_seconds())
    return float(day), float(delta <= 60)


def score_page(score: Score, predicted: Prediction, entry: dict[str, Any]) -> list[str]:
    """Add one page's scores; return the names of the fields it got wrong."""
    wrong: list[str] = []
    fields = set(entry["fields"]) - set(entry.get("excluded_fields", []))
    if "title" in fields and "title" in predicted:
        ok = norm(predicted["title"] or "") == norm(entry["title"])
        score.add("title", float(ok))
        wrong += [] if ok else ["title"]
    if "authors" in fields and "authors" in predicted:
        f1 = set_f1(predicted["authors"] or [], entry["authors"])
        score.add("authors", f1)
        wrong += [] if f1 == 1 else ["authors"]
    if "publishing_date" in fields and "published" in predicted:
        day, strict = date_scores(predicted["published"], entry["publishing_date"])
        score.add("date:day", day)
        if strict is not None:
            score.add("date:minute", strict)
        wrong += [] if day and strict != 0 else ["date"]
    if "topics" in fields and "topics" in predicted:
        f1 = set_f1(predicted["topics"] or [], entry["topics"])
        score.add("topics", f1)
        wrong += [] if f1 == 1 else ["topics"]
    if "body" in fields and "body" in predicted:
        precision, recall, f1 = bag_prf(predicted["body"] or "", entry["body"])
        score.add("body:P", precision)
        score.add("body:R", recall)
        score.add("body:F1", f1)
    if "language" in predicted and entry.get("language"):
        ok = (predicted["language"] or "").lower() == entry["language"]
        score.add("language", float(ok))
        wrong += [] if ok else ["language"]
    return wrong


TRUTH_KEYS = {"title": "title", "authors": "authors", "date": "publishing_date",
              "topics": "topics", "language": "language"}  # fmt: skip
PRED_KEYS = {"title": "title", "authors": "authors", "date": "published",
             "topics": "topics", "language": "language"}  # fmt: skip


def run(
    corpus_dir: Path, peers: list[str], errors: str | None = None, *, with_ours: bool = True
) -> None:
    """Score ours and `peers` on every page of `corpus_dir`, then print a table.

    `errors` names a field (title, authors, date, topics, language) whose misses by ours
    are printed beside the truth, for tuning.
    """
    truth: dict[str, dict[str, Any]] = json.loads((corpus_dir / "ground-truth.json").read_text())
    pages = {
        key: gzip.decompress((corpus_dir / e["html"]).read_bytes()) for key, e in truth.items()
    }
    names = (["ours"] if with_ours else []) + [p for p in peers if p != "ours"]
    scores = {name: Score() for name in names}
    # Warm imports and models, and learn which fields each system produces.
    first = next(iter(pages.values()))
    produced = {name: SYSTEMS[name](first, "https://example.com/").keys() for name in names}
    # Page by page, every system in turn: a busy machine slows them all alike.
    for key, entry in truth.items():
        for name in names:
            predicted = _timed(name, pages[key], entry["url"], scores[name], produced[name])
            wrong = score_page(scores[name], predicted, entry)
            if name == "ours" and errors in wrong:
                print(f"{key}: want {entry.get(TRUTH_KEYS[errors])!r}")
                print(f"{' ' * len(key)}  got  {predicted.get(PRED_KEYS[errors])!r}")
    _print_table(scores)
    if "ours" in scores:
        _time_metadata(pages, {key: entry["url"] for key, entry in truth.items()})


def _timed(name: str, html: bytes, url: str, score: Score, produced: Iterable[str]) -> Prediction:
    started = time.perf_counter()
    try:
        predicted = SYSTEMS[name](html, url)
    except Exception as error:  # a peer crashing on a page scores zero there
        predicted = {field: "" if field == "body" else None for field in produced}
        print(f"{name} failed on {url}: {error!r}")
    score.seconds += time.perf_counter() - started
    score.pages += 1
    return predicted


def _print_table(scores: dict[str, Score]) -> None:
    metrics = ["title", "authors", "date:day", "date:minute", "topics", "language",
               "body:P", "body:R", "body:F1"]  # fmt: skip
    print(f"{'metric':<12}" + "".join(f"{name:>14}" for name in scores))
    for metric in metrics:
        print(f"{metric:<12}" + "".join(f"{s.mean(metric):>14}" for s in scores.values()))
    print(f"{'pages/s':<12}" + "".join(f"{s.pages / s.seconds:>14.1f}" for s in scores.values()))


def _time_metadata(pages: dict[str, bytes], urls: dict[str, str]) -> None:
    """find_metadata alone on parsed trees: best of three runs per page (other processes
    on a shared machine only ever add time)."""
    from selectolax.lexbor import LexborHTMLParser

    from scraper.extract.decode import decode_html
    from scraper.extract.metadata import find_metadata

    trees = [(LexborHTMLParser(decode_html(html)), urls[key]) for key, html in pages.items()]
    best = []
    for tree, url in trees:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            find_metadata(tree, url)
            runs.append(time.perf_counter() - started)
        best.append(min(runs) * 1000)
    best.sort()
    print(
        f"find_metadata alone (parsed trees, best of 3): mean {sum(best) / len(best):.3f} ms,"
        f" median {best[len(best) // 2]:.3f} ms, max {best[-1]:.3f} ms per page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--only", choices=sorted(SYSTEMS), help="score one system")
    parser.add_argument("--errors", choices=sorted(TRUTH_KEYS), help="print our misses")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.disable(logging.ERROR)  # peers log a traceback for every page they fail on
    peers = [args.only] if args.only else [name for name in SYSTEMS if name != "ours"]
    run(args.corpus, peers, args.errors, with_ours=args.only in (None, "ours"))


if __name__ == "__main__":
    main()
