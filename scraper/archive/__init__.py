"""The archive: one SQLite file holding everything a scraper run learns.

The only package that imports SQLite (through sqlite-utils). `open_archive(path)` creates
or migrates the file and returns an `Archive`; see `store` for the write rules
(one transaction per call), `connection` for opening the file, `schema` for the tables,
`pages` and `compress` for how raw pages are stored, `frontier` for the URL states
(`guids`: a feed's guid tying a story's new address to it), `sources` for the sources
polled (`source_reads`: found by any address they had) and `sitemaps` for what sitemap
indexes list, `hosts`
for what a host asked or told us that later runs need (a Retry-After, its robots.txt;
`fetch_state`: these writes as `Archive`'s methods), `results`
for what a fetch writes and `aliases` for when a page is an archived article's copy,
`takedowns` for a story taken down from its site (its rechecks, and its takedowns read back
from the fetch log), `site_rules` for the user's per-site rules and their history, `verify`
for checking a kept archive, `fingerprints` for keeping change fingerprints current,
`reads` and `queries` for reads (`rows`: the SQL of a row; `filters`: what an export or a
search keeps by time, language, takedown and change, `published` by publication date and
`bylines` by author; `counts`: the articles per language or month).
"""

from .records import (
    Change,
    ChildSitemap,
    FetchedAhead,
    Hit,
    LogEntry,
    Removal,
    Revisit,
    Saved,
    SiteRulesEdit,
    StoredArticle,
    Tracked,
    Version,
)
from .store import Archive, archive_files, open_archive
from .takedowns import Takedown
from .verify import Problem, Verification

__all__ = [
    "Archive",
    "Change",
    "ChildSitemap",
    "FetchedAhead",
    "Hit",
    "LogEntry",
    "Problem",
    "Removal",
    "Revisit",
    "Saved",
    "SiteRulesEdit",
    "StoredArticle",
    "Takedown",
    "Tracked",
    "Verification",
    "Version",
    "archive_files",
    "open_archive",
]
