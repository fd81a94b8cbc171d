"""The archive's articles counted by language or by month of publication, for `stats`:
each count is what the same filter of `export` gives (`--language en` takes "en-GB";
a month is the page's own, as `--published-since` reads a day)."""

from __future__ import annotations

from sqlite_utils import Database

__all__ = ["BREAKDOWNS", "breakdown"]

# Per breakdown, its key for an article (NULL: it has none) and the order of the keys.
_KEYS = {
    "language": (
        "lower(substr(language, 1, instr(language || '-', '-') - 1))",  # "en-GB": "en"
        "count(*) DESC, key",
    ),
    "month": ("substr(date(substr(published, 1, 10)), 1, 7)", "key"),  # "2024-09"
}
# What an article without one is counted as: "und", BCP 47's undetermined language.
_NONE = {"language": "und", "month": "undated"}
BREAKDOWNS = tuple(_KEYS)


def breakdown(db: Database, by: str) -> dict[str, int]:
    """How many articles (as they are now) per language or month (`by`, one of
    `BREAKDOWNS`), in their order (most first; oldest first), those without one last,
    under "und" or "undated". One pass over a short column (200 000 articles: …)."""
    key, order = _KEYS[by]
    rows = db.execute(
        f"SELECT nullif({key}, '') AS key, count(*) FROM articles"
        f" GROUP BY key ORDER BY key IS NULL, {order}"
    ).fetchall()
    counts: dict[str, int] = {}
    for key, count in rows:  # (a page may declare "und" itself)
        name = _NONE[by] if key is None else key
        counts[name] = counts.get(name, 0) + count
    return counts
