"""Benchmark article-body extraction: ours against the peers, in one process.

    python bench/extraction.py CORPUS_DIR [--mode article|snippets|news] [--only ours]
                                          [--worst N] [--dump FILE]

The mode is detected from the folder: `cases.json` → snippets; a `ground-truth.json`
whose entries have `articleBody` → article; with `publisher` → news (delegated to
`bench/news.py`). Peers that are not installed are skipped. Run it with the bench venv
(a venv with `pip install ".[bench]"`), where the peers live; as a wheel, our extractor is
compiled (mypyc), as an editable install it is pure Python. The first line says which.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import (
    PageScore,
    SnippetCounts,
    corpus_prf,
    pooled_prf,
    shingle_scores,
    snippet_counts,
)

Extractor = Callable[[bytes, str | None], str]
_getaddrinfo = socket.getaddrinfo


def _loopback_only(host: object, *args: object, **kwargs: object) -> object:
    """A peer that tries the network (newspaper fetches images) fails fast instead."""
    if host not in ("localhost", "127.0.0.1", "::1"):
        raise OSError(f"bench: no network access to {host!r}")
    return _getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.getaddrinfo = _loopback_only  # type: ignore[assignment]
DEFAULT_REPEAT = 3
REPEAT = DEFAULT_REPEAT  # set by --repeat
# The time a pass takes, by the process's CPU time (--clock cpu, the default: what other
# processes and a virtual machine's host take from a shared machine is not counted; every
# extractor runs on one thread) or by the wall clock (--clock wall).
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
CLOCK = "cpu"  # set by --clock
PEERS = ("ours", "trafilatura", "readability", "newspaper", "resiliparse")


def _ours() -> Extractor:
    from scraper.extract import extract

    return lambda html, url: extract(html, url).text


def _trafilatura() -> Extractor:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url, include_comments=False) or ""


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    def run(html: bytes, url: str | None) -> str:
        summary = Document(html.decode("utf-8", "replace"), url=url).summary()
        return str(lxml.html.fromstring(summary).text_content())

    return run


def _newspaper() -> Extractor:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False  # it would download images: the bench never uses the network
    config.follow_meta_refresh = False

    def run(html: bytes, url: str | None) -> str:
        article = newspaper.Article(url or "http://example.com/", config=config)
        article.download(input_html=html.decode("utf-8", "replace"))
        article.parse()
        return str(article.text)

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html, url: str(
        extract_plain_text(html.decode("utf-8", "replace"), main_content=True)
    )


LOADERS: dict[str, Callable[[], Extractor]] = {
    "ours": _ours,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "newspaper": _newspaper,
    "resiliparse": _resiliparse,
}


def load_peers(names: list[str]) -> dict[str, Extractor]:
    peers = {}
    for name in names:
        try:
            peers[name] = LOADERS[name]()
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
    return peers


def detect_mode(corpus: Path) -> str:
    if (corpus / "cases.json").exists():
        return "snippets"
    truth = json.loads((corpus / "ground-truth.json").read_text())
    first = next(iter(truth.values()))
    return "news" if "publisher" in first else "article"


def load_pages(corpus: Path, ids: list[str]) -> dict[str, bytes]:
    return {i: gzip.decompress((corpus / "html" / f"{i}.html.gz").read_bytes()) for i in ids}


class Speed(NamedTuple):
    """Pages/s on the first pass over the corpus (every page new to the extractor, as
    in a first crawl of unknown sites) and on the fastest of the repeated passes (what
    a long run over the same sites sees once caches are warm; other processes on the
    machine only ever slow a pass down)."""

    first: float
    best: float


def run_all(
    extractor: Extractor, pages: dict[str, bytes], urls: dict[str, str | None], repeat: int = 1
) -> tuple[dict[str, str], Speed]:
    """Texts per page and the speeds of `repeat` passes; a crash counts as an empty output."""
    texts: dict[str, str] = {}
    first = next(iter(pages.items()), None)
    if first:  # warm up: first-call imports are not throughput
        with contextlib.suppress(Exception):  # the timed run reports it
            extractor(first[1], urls[first[0]])
    passes = []
    clock = CLOCKS[CLOCK]
    for _ in range(max(repeat, 1)):
        start = clock()
        for page_id, html in pages.items():
            try:
                text = extractor(html, urls[page_id])
            except Exception as error:  # a peer's crash is a result, not a bench failure
                if page_id not in texts:
                    print(f"  crash on {page_id}: {type(error).__name__}: {error}", file=sys.stderr)
                text = ""
            texts.setdefault(page_id, text)
        passes.append(clock() - start)
    return texts, Speed(len(pages) / passes[0], len(pages) / min(passes))


def _speed(speed: Speed, base: Speed | None = None) -> str:
    if base is None:
        return f"first {speed.first:7.1f}  best {speed.best:7.1f} pages/s"
    return (
        f"first {speed.first:7.1f} ({speed.first / base.first:4.1f}×)  "
        f"best {speed.best:7.1f} ({speed.best / base.best:4.1f}×) pages/s"
    )


def _report(rows: list[tuple[str, str, Speed]]) -> None:
    base = {name: speed for name, _, speed in rows}.get("trafilatura")
    print()
    if base:
        print(
            f"speed: first pass and best of {REPEAT} passes, {CLOCK} time;"
            " (×) = ratio to trafilatura"
        )
    for name, line, speed in rows:
        print(f"{name:12} {line}  {_speed(speed, base)}")


def article_mode(corpus: Path, peers: dict[str, Extractor], worst: int, dump: Path | None) -> None:
    truth = json.loads((corpus / "ground-truth.json").read_text())
    pages = load_pages(corpus, sorted(truth))
    urls = {i: truth[i].get("url") for i in truth}
    rows = []
    for name, extractor in peers.items():
        texts, speed = run_all(extractor, pages, urls, REPEAT)
        scores = {i: shingle_scores(truth[i]["articleBody"], texts[i]) for i in pages}
        prf = corpus_prf(list(scores.values()))
        empty = sum(1 for s in scores.values() if s.precision is None)
        line = f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  empty {empty:3d}"
        rows.append((name, line, speed))
        print(f"{name:12} {line}  {_speed(speed)}", flush=True)
        if name == "ours":
            _show_worst(scores, worst)
            if dump:
                dump.write_text(json.dumps({i: {"articleBody": t} for i, t in texts.items()}))
    _report(rows)


def _show_worst(scores: dict[str, PageScore], count: int) -> None:
    def f1(s: PageScore) -> float:
        p = s.precision or 0.0
        return 2 * p * s.recall / (p + s.recall) if p + s.recall else 0.0

    for page_id, s in sorted(scores.items(), key=lambda kv: f1(kv[1]))[:count]:
        print(f"  worst {page_id[:16]}  P {s.precision or 0:.2f} R {s.recall:.2f}")


def snippets_mode(corpus: Path, peers: dict[str, Extractor], worst: int, dump: Path | None) -> None:
    cases = json.loads((corpus / "cases.json").read_text())
    pages = load_pages(corpus, sorted(cases))
    urls = {i: None if cases[i]["url"].startswith("hard::") else cases[i]["url"] for i in cases}
    rows = []
    for name, extractor in peers.items():
        texts, speed = run_all(extractor, pages, urls, REPEAT)
        counts = {i: snippet_counts(texts[i], cases[i]["with"], cases[i]["without"]) for i in pages}
        prf = pooled_prf(list(counts.values()))
        with_recall = _mean(
            c.found / (c.found + c.missed) for c in counts.values() if c.found + c.missed
        )
        rejection = _mean(
            c.rejected / (c.leaked + c.rejected) for c in counts.values() if c.leaked + c.rejected
        )
        line = (
            f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
            f"with-recall {with_recall:.3f}  without-rejection {rejection:.3f}"
        )
        rows.append((name, line, speed))
        print(f"{name:12} {line}  {_speed(speed)}", flush=True)
        if name == "ours":
            _show_worst_snippets(counts, worst)
            if dump:
                dump.write_text(json.dumps(texts))
    _report(rows)


def _show_worst_snippets(counts: dict[str, SnippetCounts], count: int) -> None:
    ranked = sorted(counts.items(), key=lambda kv: -(kv[1].missed + kv[1].leaked))
    for page_id, c in ranked[:count]:
        print(f"  worst {page_id}  missed {c.missed} leaked {c.leaked}")


def _mean(values: object) -> float:
    items = list(values)  # type: ignore[call-overload]
    return sum(items) / len(items) if items else 0.0


def _our_build() -> str:
    import scraper
    from scraper.extract import COMPILED

    build = "compiled with mypyc" if COMPILED else "pure Python; `pip install .` compiles it"
    return f"ours: {Path(scraper.__file__).parent} (extractor {build})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--mode", choices=["article", "snippets", "news"])
    parser.add_argument("--only", action="append", choices=PEERS, help="repeatable")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages")
    parser.add_argument("--dump", type=Path, help="write our texts as JSON")
    parser.add_argument(
        "--repeat", type=int, default=DEFAULT_REPEAT, help="passes to time (default %(default)s)"
    )
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="how passes are timed (%(default)s)"
    )
    args = parser.parse_args()
    global REPEAT, CLOCK
    REPEAT, CLOCK = args.repeat, args.clock
    names = args.only or list(PEERS)
    mode = args.mode or detect_mode(args.corpus)
    if "ours" in names:
        print(_our_build(), flush=True)
    if mode == "news":
        import news  # bench/news.py, written with the metadata extractor

        # news.py names newspaper4k in full and has no readability/resiliparse runner.
        renamed = ["newspaper4k" if name == "newspaper" else name for name in names]
        known = getattr(news, "SYSTEMS", None)
        news.run(args.corpus, [n for n in renamed if known is None or n in known])
        return
    peers = load_peers(names)
    {"article": article_mode, "snippets": snippets_mode}[mode](
        args.corpus, peers, args.worst, args.dump
    )


if __name__ == "__main__":
    main()
