"""Pages that stand where an article should be, served with 200: a consent or
subscription wall, a "page not found", a takedown notice, a server's or CDN's error
page, a front page at a story's address. Archived, each would be a new article, or a
story's new version followed by a fake revert when the story comes back.

`notice_in(article, url)` names one from the extracted article alone (a pure function:
the fetcher, the WARC import and any batch job can ask it). Each test needs a short text
*and* the notice's wording or address, so a story that reports on cookies, paywalls or
a deleted post is never taken for one; a page that states a date or an author is a story
(but a theme prints the day's date on every page, a 404 template's too: that date does
not outweigh a notice's heading). `reads_as_notice` asks the wording alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .extract.dates import date_from_url
from .models import Article, Page
from .urls import is_listing, is_probably_article, normalize_url, same_site

__all__ = [
    "EXTRACTION_FAILED",
    "NO_TEXT",
    "Notice",
    "front_it_sent",
    "judged",
    "notice_in",
    "reads_as_notice",
]


@dataclass(frozen=True, slots=True)
class Notice:
    """What a page says instead of the article, and whether the story is gone (as after
    a 404: marked removed, never asked for again) or only hidden (a wall: tried again)."""

    reason: str
    gone: bool


NO_TEXT = "no article text (not an article, or an app shell)"
# How the reason of a page whose extraction raised begins (the error named after it).
EXTRACTION_FAILED = "extraction failed"


def judged(article: Article, page: Page) -> str | Notice | None:
    """Why `article`, extracted from `page`, is nothing to archive: it has no text
    (`NO_TEXT`), or it is a wall or notice in the article's place; None for an article.
    What a run, an import and a WARC task (`warc_articles`) all apply."""
    if not article.text.strip():
        return NO_TEXT
    return notice_in(article, page.url, page.final_url, at=page.fetched_at)


_SHORT = 150  # words: a notice says little (a front page shows one teaser's)
_TINY = 60  # words: a notice whose wording is a sentence in it, not its heading
_WALL_WORDS = 450  # a consent wall lists its purposes and partners at some length
_WALL_DENSITY = 20  # ... with one of its words in every twenty or so

# Each is the whole heading, or how the text opens: the same words inside a story's
# sentence ("Page not found: the lost archive of…", "This article has been removed," a
# council's website said) are the story's.
_NOT_FOUND_TITLE = re.compile(
    r"^\W*(?:(?:error|fehler|erreur)\s*)?404\b\W*(?:(?:page |file |seite )?(?:not found|"
    r"nicht gefunden|introuvable|no encontrada|non trovata|não encontrada|niet gevonden|"
    r"error|fehler|erreur))?\W*$"
    r"|^\W*(?:(?:oops|whoops|sorry|hoppla|oups|lo sentimos)\W+)?(?:the |that |this |die |la |le )?"
    r"(?:page|article|story|content|seite|artikel|página|pagina|contenu|inhalt)"
    r"(?: you (?:were|are) looking for| you requested)?\s+(?:(?:was |could )?not (?:be )?found|"
    r"can(?:not|['’]t) be found|could(?:n['’]t| not) be found|does(?:n['’]t| not) exist|"
    r"nicht gefunden|existiert nicht|introuvable|n'existe pas|no encontrada|no existe|"
    r"non trovata|non esiste|não encontrada|niet gevonden|nie znaleziono)\W*$"
    r"|^\W*(?:not found|nicht gefunden|introuvable)\W*$",
    re.IGNORECASE,
)
_REMOVED_TITLE = re.compile(
    r"^\W*(?:(?:this |the )?(?:article|story|page|content|video|post)\s+(?:(?:has been |was )?"
    r"(?:removed|deleted|withdrawn|unpublished)|(?:is )?(?:no longer |not )?(?:available|"
    r"unavailable))|(?:artikel|beitrag|inhalt) (?:entfernt|nicht (?:mehr )?verfügbar)|"
    r"(?:article|contenu) (?:supprimé|retiré|indisponible)|(?:artículo|contenido) "
    r"(?:eliminado|retirado|no disponible))\W*$",
    re.IGNORECASE,
)
_REMOVED_START = re.compile(
    r"^\W*(?:this (?:article|story|page|content|post|video)|the (?:article|story|page|"
    r"content) you (?:were|are) looking for|the (?:article|story|page|content) you requested)"
    r" (?:has been|was|is|is no longer) (?:removed|deleted|taken down|"
    r"withdrawn|unpublished|available)|^\W*(?:dieser|der) (?:artikel|beitrag|inhalt) (?:wurde|"
    r"ist) (?:entfernt|gelöscht|depubliziert|nicht mehr (?:verfügbar|abrufbar))|^\W*cet article "
    r"(?:a été (?:supprimé|retiré)|n'est plus disponible)|^\W*este (?:artículo|contenido) "
    r"(?:ha sido (?:eliminado|retirado)|ya no está disponible)",
    re.IGNORECASE,
)
# An HTTP server error as a whole heading ("Error 503 Service Unavailable", "502 Bad
# Gateway", Cloudflare's "example.com | 522: Connection timed out"): a CDN or cache
# configured to serve its error pages with 200 while the origin is down.
_SERVER_ERROR = (
    r"(?:the )?service (?:is |temporarily )?unavailable|bad gateway|gateway time-?out"
    r"|(?:internal )?server error|origin (?:is )?unreachable|connection timed out"
    r"|web server is (?:down|returning an unknown error)|a timeout occurred"
    r"|backend (?:fetch failed|is unhealthy|read error)|too many requests"
    r"|temporarily unavailable"
)
_CODE = r"(?:5\d\d|429)\b"
_SERVER_ERROR_TITLE = re.compile(
    rf"^(?:[\w.-]{{1,80}}\s*\|)?\W*(?:(?:http )?error(?: code)?\W*{_CODE}"
    rf"(?:\W*(?:{_SERVER_ERROR}))?|{_CODE}\W*(?:{_SERVER_ERROR})"
    rf"|(?:error\W*)?(?:{_SERVER_ERROR})(?:\W+(?:error(?: code)?\W*)?{_CODE})?)"
    rf"\W*(?:[|–—-][^|]{{1,30}})?$",  # (the site's name after it, or the CDN's detail)
    re.IGNORECASE,
)
METER = re.compile(
    r"\b(?:read|used) (?:all )?(?:of )?your (?:\d+ |\w+ )?free (?:articles|stories)"
    r"|\breached your (?:monthly |weekly )?(?:free )?(?:article|story|reading) limit"
    r"|\blimit of (?:\d+ )?free (?:articles|stories)"
    r"|\bkostenlosen? (?:Artikel|Beiträge) (?:gelesen|aufgebraucht)"
    r"|\barticles? gratuits?\b.{0,40}\b(?:lus?|épuisés?)\b|\bartículos gratuitos\b",
    re.IGNORECASE,
)
# A consent wall's vocabulary; a wall uses several of these words, and little else.
_CONSENT_TERMS = re.compile(
    r"\b(?:cookies?|consent|partners|personali[sz]ed (?:ads|advertising|content)|"
    r"accept all|reject all|privacy (?:policy|center|centre|settings)|tracking|"
    r"einwilligung|zustimmung|datenschutz\w*|werbe\w*|pur-?abo|"
    r"consentement|partenaires|traceurs|consentimiento|socios|consenso|"
    r"legitimate interest|berechtigte[sn]? interesse)\b",
    re.IGNORECASE,
)
# ... and it speaks to the reader about their device and choices; a story on cookie law
# reports what regulators said.
_ADDRESSED = re.compile(
    r"\b(?:we and our|we use cookies|with your (?:consent|permission)|your (?:device|consent|"
    r"choices?|preferences|personal data)|you can (?:change|withdraw|manage|object)|"
    r"ihre einwilligung|können sie jederzeit|besuchen sie|votre consentement|vous pouvez|"
    r"su consentimiento|puede (?:cambiar|retirar))",
    re.IGNORECASE,
)


def notice_in(
    article: Article, url: str, landed: str | None = None, *, at: str | None = None
) -> Notice | None:
    """The notice `article` is, read from `url` (the page `landed` at, after redirects,
    fetched `at`); None for an article."""
    heading = _notice_heading(article)
    # (A notice states neither a date nor an author: a short dated story is a brief. But
    # a theme's top bar prints the day's date on a 404 template too.)
    if article.authors or _dated(article, (url, landed, article.canonical_url), heading, at):
        return None
    if heading is not None:
        return heading
    words = len(article.text.split())
    title, opening = article.title or "", article.text[:300]
    front = _front_address(article.canonical_url or landed, url)
    if front and (words <= _TINY or _names(article, front)):  # (one teaser, as fronts give)
        return Notice(f"the page is a front page, not the article ({front})", gone=True)
    if (words <= _TINY or METER.search(title)) and METER.search(f"{title}\n{opening}"):
        return Notice("a subscription wall stands in front of the article", gone=False)
    if words <= _WALL_WORDS and _is_consent_wall(article.text, words):
        return Notice("a consent wall stands in front of the article", gone=False)
    return None


def reads_as_notice(article: Article) -> bool:
    """Whether the page is headed and sized as a soft 404, a takedown notice or a server's
    error page, whatever date or byline it shows: never to be joined to a story as one of
    its versions."""
    return _notice_heading(article) is not None


def _notice_heading(article: Article) -> Notice | None:
    """The notice the page's heading (its title or `<h1>`, or an untitled page's opening)
    says it is, on a short page."""
    words = len(article.text.split())
    if words > _SHORT:
        return None
    opening = article.text[:300]
    headings = [h for h in (article.title, article.headline) if h] or [opening]
    if any(_NOT_FOUND_TITLE.search(h) for h in headings):
        return Notice("the page says it is not found (a soft 404)", gone=True)
    if any(_REMOVED_TITLE.search(h) for h in headings) or (
        words <= _TINY and _REMOVED_START.search(opening)
    ):
        return Notice("the page says the article was removed", gone=True)
    # (An untitled template's first line is its heading; the origin is down for now.)
    if any(_SERVER_ERROR_TITLE.search(h.split("\n", 1)[0]) for h in headings):
        return Notice("the page is a server's error page served with 200", gone=False)
    return None


def _dated(
    article: Article, addresses: tuple[str | None, ...], heading: Notice | None, at: str | None
) -> bool:
    """Whether the page gives a date of its own: not only the one its address holds
    (which the extractor takes as a last resort: a notice at a dated address has it), nor,
    under a notice's heading, the day it was fetched (within a day: the site's zone)."""
    published = article.published
    if not published or published in map(date_from_url, addresses):
        return False
    return heading is None or at is None or abs(_day(published) - _day(at)) > 1


def _day(moment: str) -> int:
    try:
        return date.fromisoformat(moment[:10]).toordinal()
    except ValueError:  # (not a day: no fetch's)
        return 0


def _is_consent_wall(text: str, words: int) -> bool:
    """Several of a wall's words, one of them in every twenty words or so, addressed to
    the reader (a story on cookie law uses the words too, but reports)."""
    terms = [match.lower() for match in _CONSENT_TERMS.findall(text)]
    dense = len(set(terms)) >= 4 and len(terms) * _WALL_DENSITY >= words
    return dense and _ADDRESSED.search(text) is not None


def _front_address(address: str | None, url: str) -> str | None:
    """`address` (the page's canonical one, or where a redirect ended), when it is a
    home page, a section ("/local") or another listing while `url` was asked for as a
    story: the site serves its front in the story's place, or sends readers there."""
    pair = _addresses(address, url)
    if pair is None:
        return None
    front, asked = pair
    return front if _is_listing(front) or _is_section(front, asked) else None


def _names(article: Article, front: str) -> bool:
    """Whether the page is titled as the front is named ("Business" at "/business", the
    site's name at its home): the front itself, whatever its lead teaser's length."""
    title, name = _words(article.title), _segments(front)[-1:]
    return bool(title) and title == (_words(name[0]) if name else _words(article.site_name))


def _words(text: str | None) -> list[str]:
    return re.findall(r"[^\W_]+", (text or "").casefold())


def _addresses(address: str | None, url: str) -> tuple[str, str] | None:
    """`address` and `url` normalised, when `address` is another of the site's and `url`
    no listing itself."""
    if not address:
        return None
    front, asked = normalize_url(address, url), normalize_url(url)
    if front is None or asked is None or front == asked or is_listing(asked):
        return None
    return (front, asked) if same_site(_host(front), _host(asked)) else None


def _is_listing(front: str) -> bool:
    """The site's home page or a listing (a tag, an author, a search): no page there is
    a story. (A home page with a query is WordPress's address of a post.)"""
    parts = urlsplit(front)
    return not parts.query if not _segments(front) else is_listing(front)


def _is_section(front: str, asked: str) -> bool:
    """A one-word address the story's own slug does not name: "/local" for
    ".../harbour-plan-approved"; not "/budget/" for ".../2024/03/06/budget/" or
    ".../budget-2024-explained" (a permalink change), nor for a shortlink ("/?p=4812")."""
    segments = _segments(front)
    if len(segments) != 1 or not segments[0].isalpha() or not is_probably_article(asked):
        return False
    slug = _segments(asked)[-1:]
    words = re.split(r"[-_.]", slug[0].lower()) if slug else []
    return len(words) >= 2 and segments[0].lower() not in words


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def front_it_sent(url: str, page: Page | None) -> str | None:
    """The site's home page or a listing, when a story's URL now redirects there: the
    way many sites take a story down, which is no new version of it. (A redirect to a
    one-word address, "/local" or "/budget", is judged by the page there: a section
    front, or the story at its new address; see `notice_in`.)"""
    pair = None if page is None else _addresses(page.final_url, url)
    return pair[0] if pair and _is_listing(pair[0]) else None
