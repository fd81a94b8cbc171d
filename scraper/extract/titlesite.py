"""The site's name that a page's title adds to its headline, for pages that name their
site nowhere else ("Headline – Site", "Site | Headline")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .personnames import person_shaped
from .titles import FORMATS, clean_title, host_key, names_site, text_key

__all__ = ["site_in_title"]

# What a page is, as its title prints it where a site's name goes ("Headline - Q&A").
_LABELS: Final = frozenset(
    "".join(filter(str.isalnum, label))
    for label in (
        *FORMATS,
        *("q&a", "live updates", "as it happened", "in pictures", "photos", "gallery"),
        *("explained", "watch", "listen", "news", "latest", "update", "updates"),
    )
)
# Where a site's name meets the headline in a title: not a colon, which ends a kicker or
# starts a subtitle as often; "_" as Chinese portals glue it ("Headline_Section_Site").
_SITE_PARTS: Final = re.compile(r"\s+[|–—·•»«/-]\s+|\s*[|｜ㅣ_]\s*")
_SITE_EDGES: Final = " /|-–—»«·•:"
# Title parts that are no site's name: a byline, a page's number, a date.
_NOT_SITE: Final = re.compile(
    r"(?i:by|von|par|por|door|di)\s|(?i:page|seite|página|pagina|strona)\s*\d|\d{1,4}[./-]\d{1,2}[./-]\d"
)


def site_in_title(
    title: str | None,
    headline: str | None,
    sections: Sequence[str],
    url: str | None,
    authors: Sequence[str] = (),
) -> str | None:
    """The site's name that the page's title adds to its headline, for pages that name
    their site nowhere else: of the parts after it ("Headline – Site", "Headline | CPI |
    Section_Site", "Headline - Site - Tagline"), the one that names the host, else the
    last; before it ("Site | Headline"), only one that names the host. Not the story's
    section, format ("Analysis", "Live updates") or author (named on the page or shaped
    as a person's name), unless it names the host (a blog is often its author's); not a
    byline, a page's number, or a part longer than the headline."""
    title, headline = clean_title(title or ""), clean_title(headline or "")
    at = title.find(headline) if headline else -1
    if at < 0 or title == headline:
        return None
    host = host_key(url)
    after = _SITE_PARTS.split(title[at + len(headline) :])
    before = _SITE_PARTS.split(title[:at])[:-1]
    named = [p for p in (*after[1:], *before) if names_site(p, [], host)]
    parts = [part.strip(_SITE_EDGES) for part in (named or after[1:][-1:])]
    known = {*map(text_key, sections), *_LABELS} | (set() if named else {*map(text_key, authors)})
    return next(
        (
            part
            for part in parts
            if text_key(part)
            and text_key(part) not in known
            and len(part) < len(headline)
            and not _NOT_SITE.match(part)
            and (named or not _person(part, host))
        ),
        None,
    )


def _person(part: str, host: str) -> bool:
    """Whether a title's part is shaped as a person's name that does not name the host by
    a word or its initials (as "Jamaica Gleaner" may)."""
    words = [text_key(word) for word in part.split()]
    named = any(len(w) >= 4 and w in host for w in words) or host == "".join(w[:1] for w in words)
    return bool(host) and not named and person_shaped(part)
