"""Trying site rules on an archive before putting them in force (`scraper sites --try`).

For each rule, the newest archived pages of its hosts are extracted twice: with the
rules in force and with the new ones. What a user needs to know before a run applies
them: how many pages each field would change on, and which of the rule's selectors match
on none of them (a typo, or a site that has been redesigned).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from .archive import Archive
from .extract import SiteRules, extract
from .extract.sites import SiteRule, selectors_found
from .extract_pool import archive_extractor
from .models import Article

__all__ = ["FIELDS", "RuleTrial", "try_site_rules"]

FIELDS = ("title", "authors", "published", "tags", "text")  # what a rule can change
_LOOK_FURTHER = 10  # pages of a rule's hosts read for each page it is tried on


@dataclass(frozen=True)
class RuleTrial:
    """What one rule would do to the newest archived pages of its hosts."""

    rule: SiteRule
    pages: int  # pages tried
    changed: dict[str, int]  # per field in FIELDS: on how many pages it would change
    unmatched: tuple[str, ...]  # the rule's selectors that matched on no page


def try_site_rules(archive: Archive, rules: SiteRules, *, pages: int = 20) -> list[RuleTrial]:
    """Each rule of `rules` tried on (at most) `pages` newest archived pages of its hosts,
    against the rules in force. Changes nothing."""
    current = archive_extractor(archive)
    trials = []
    for rule in rules.rules:
        # (Of its hosts' newest pages, those it applies to: not under another's path.)
        newest = archive.newest_pages(rule.hosts, _LOOK_FURTHER * pages)
        sample = [page for page in newest if rules.for_url(page.final_url) is rule][:pages]
        changed = dict.fromkeys(FIELDS, 0)
        matched: set[str] = set()
        for page in sample:
            before = current(page.body, page.final_url, content_type=page.content_type)
            after = extract(page.body, page.final_url, content_type=page.content_type, sites=rules)
            for field in _differing(before, after):
                changed[field] += 1
            matched |= selectors_found(LexborHTMLParser(page.body), rule)
        unmatched = tuple(s for s in rule.selectors if sample and s not in matched)
        trials.append(RuleTrial(rule, len(sample), changed, unmatched))
    return trials


def _differing(before: Article, after: Article) -> list[str]:
    return [field for field in FIELDS if getattr(before, field) != getattr(after, field)]
