"""Scoring helpers shared by the benchmarks, written from the corpora's READMEs.

* `shingle_scores` / `corpus_prf`: the article-extraction metric — multisets of
  4-token shingles; precision averaged over non-empty predictions, recall over all
  pages, F1 of the two means.
* `snippet_counts` / `pooled_prf`: the boilerplate-snippets metric — pooled counts of
  `with` snippets found and `without` snippets leaked.
* `bag_scores`: the news-pages body metric — bag of lower-cased NFKC whitespace tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PRF",
    "PageScore",
    "SnippetCounts",
    "bag_scores",
    "corpus_prf",
    "pooled_prf",
    "shingle_scores",
    "snippet_counts",
]

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageScore:
    precision: float | None  # None when the prediction is empty
    recall: float


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def _overlap(truth: Counter[Any], pred: Counter[Any]) -> PageScore:
    if not pred:
        return PageScore(None, 0.0)
    common = sum((truth & pred).values())
    recall = common / sum(truth.values()) if truth else 0.0
    return PageScore(common / sum(pred.values()), recall)


def shingle_scores(truth: str, prediction: str) -> PageScore:
    """One page under the article-extraction metric."""
    return _overlap(_shingles(truth), _shingles(prediction))


def bag_scores(truth: str, prediction: str) -> PageScore:
    """One page under the news-pages body metric."""

    def bag(text: str) -> Counter[str]:
        return Counter(unicodedata.normalize("NFKC", text).lower().split())

    return _overlap(bag(truth), bag(prediction))


def corpus_prf(scores: Sequence[PageScore]) -> PRF:
    """Precision over non-empty predictions, recall over all pages, F1 of the means."""
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    return PRF(precision, recall, _f1(precision, recall))


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    found: int  # `with` snippets present (true positives)
    missed: int  # `with` snippets absent (false negatives)
    leaked: int  # `without` snippets present (false positives)
    rejected: int  # `without` snippets absent (true negatives)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def snippet_counts(text: str, with_: Iterable[str], without: Iterable[str]) -> SnippetCounts:
    """One page of the boilerplate-snippets corpus."""
    text = _normal(text)
    keep = [_normal(s) in text for s in with_]
    leak = [_normal(s) in text for s in without]
    return SnippetCounts(sum(keep), len(keep) - sum(keep), sum(leak), len(leak) - sum(leak))


def pooled_prf(pages: Sequence[SnippetCounts]) -> PRF:
    tp = sum(p.found for p in pages)
    fn = sum(p.missed for p in pages)
    fp = sum(p.leaked for p in pages)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return PRF(precision, recall, _f1(precision, recall))
