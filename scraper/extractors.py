"""Which extractor reads an archive's pages: `scraper.extract`, with the archive's site
rules if it has any, or a stand-in of the user's; and what the archive records of it
beside each extraction (its revision), so a page another one read is read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .errors import SiteRulesError
from .extract import SiteRules, extract, revision
from .models import Article

if TYPE_CHECKING:  # (a worker that only extracts loads no storage)
    from .archive import Archive

__all__ = ["Extractor", "WithSiteRules", "archive_extractor", "revision_of"]


class Extractor(Protocol):
    """What a worker runs on a page: `scraper.extract`, or a stand-in (a module-level
    function, which a spawned worker can import)."""

    def __call__(self, html: bytes, url: str, *, content_type: str | None) -> Article: ...


@dataclass(frozen=True)
class WithSiteRules:
    """`scraper.extract` with a user's site rules: what a worker runs for an archive that
    has them (a value, so it crosses to a worker process pickled)."""

    rules: SiteRules

    def __call__(self, html: bytes, url: str, *, content_type: str | None) -> Article:
        return extract(html, url, content_type=content_type, sites=self.rules)


def archive_extractor(archive: Archive) -> Extractor:
    """`scraper.extract`, with the archive's site rules if it has any (`scraper sites`)."""
    try:
        rules = SiteRules.parse(archive.site_rules())
    except SiteRulesError as error:  # (checked when set: an older release's, say)
        raise SiteRulesError(f"the archive's site rules: {error}") from None
    return WithSiteRules(rules) if rules else extract


def revision_of(extractor: Extractor, url: str) -> str:
    """What the archive records of the extractor beside its extraction of `url`'s page:
    the revision of `scraper.extract` (its code and rules, and the site rule it applies
    to `url`), or an extractor of your own's name (a new name has what the old one made
    extracted again, as a new release does)."""
    if extractor is extract:
        return revision()
    if isinstance(extractor, WithSiteRules):
        return revision(extractor.rules.for_url(url))
    name = getattr(extractor, "__qualname__", type(extractor).__qualname__)
    return f"{getattr(extractor, '__module__', '')}.{name}"
