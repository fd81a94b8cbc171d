"""Pages that stand where an article should be, served with 200: a consent or
subscription wall, a "page not found", a takedown notice, a front page at a story's
address. Archived, each would be a new article, or a story's new version followed by a
fake revert when the story comes back.

`notice_in(article, url)` names one from the extracted article alone (a pure function:
the fetcher, the WARC import and any batch job can ask it). Each test needs a short text
*and* the notice's wording or address, so a story that reports on cookies, paywalls or
a deleted post is never taken for one; a page that states a date or an author is a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .models import Article, Page
from .urls import is_listing, is_probably_article, normalize_url, same_site

__all__ = ["Notice", "front_it_sent", "notice_in"]


@dataclass(frozen=True, slots=True)
class Notice:
    """What a page says instead of the article, and whether the story is gone (as after
    a 404: marked removed, never asked for again) or only hidden (a wall: tried again)."""

    reason: str
    gone: bool


_SHORT = 150  # words: a notice says little; a story this short is a brief with a date
_WALL_WORDS = 450  # a consent wall lists its purposes and partners at some length

_NOT_FOUND = re.compile(
    r"\b(?:page|article|story|seite|artikel|página|pagina|article|sivua|strona)\b.{0,20}"
    r"\b(?:not found|cannot be found|could not be found|doesn't exist|does not exist|"
    r"nicht gefunden|existiert nicht|introuvable|n'existe pas|no encontrada|no existe|"
    r"non trovata|non esiste|não encontrada|niet gevonden|nie znaleziono)"
    r"|^\W*(?:error\s*)?404\b|\b404\b.{0,12}\b(?:not found|error|fehler|erreur|no encontrada)"
    r"|^\W*(?:oops|whoops|hoppla|oups)\b",
    re.IGNORECASE,
)
_REMOVED = re.compile(
    r"\b(?:article|story|page|content|post|video|artikel|beitrag|inhalt|contenu|"
    r"artículo|contenido|articolo|contenuto|conteúdo|matéria)\b.{0,30}"
    r"\b(?:has been|was|have been|wurde|a été|ha sido|fue|è stato|foi)\s+"
    r"(?:removed|deleted|taken down|withdrawn|unpublished|entfernt|gelöscht|"
    r"depubliziert|supprimé|retiré|eliminado|retirado|borrado|rimosso|cancellato|removido)"
    r"|\bno longer (?:available|online|accessible)\b|\bnicht mehr (?:verfügbar|abrufbar|online)"
    r"|\bn'est plus (?:disponible|accessible|en ligne)|\bya no está disponible"
    r"|\bnon è più disponibile|\bnão está mais disponível",
    re.IGNORECASE,
)
_METER = re.compile(
    r"\b(?:read|used) (?:all )?(?:of )?your (?:\d+ |\w+ )?free (?:articles|stories)"
    r"|\breached your (?:\w+ )?(?:article |free article |monthly )?limit"
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


def notice_in(article: Article, url: str) -> Notice | None:
    """The notice `article` is, read from `url`; None for an article."""
    if article.published or article.authors:
        return None  # (a notice states neither; a short dated story is a brief)
    words = len(article.text.split())
    title = article.title or ""
    head = f"{title}\n{article.text[:400]}"
    if words <= _SHORT and _NOT_FOUND.search(title or head):
        return Notice("the page says it is not found (a soft 404)", gone=True)
    if words <= _SHORT and _REMOVED.search(head):
        return Notice("the page says the article was removed", gone=True)
    if front := _front_address(article.canonical_url, url):
        return Notice(f"the page is a front page, not the article ({front})", gone=True)
    if words <= _SHORT and _METER.search(head):
        return Notice("a subscription wall stands in front of the article", gone=False)
    if words <= _WALL_WORDS and _is_consent_wall(article.text, words):
        return Notice("a consent wall stands in front of the article", gone=False)
    return None


def _is_consent_wall(text: str, words: int) -> bool:
    """Several of a wall's words, and one of them in every twenty words or so (a story
    on cookie law uses them too, but tells more besides)."""
    terms = [match.lower() for match in _CONSENT_TERMS.findall(text)]
    return len(set(terms)) >= 4 and len(terms) * 20 >= words


def _front_address(address: str | None, url: str) -> str | None:
    """`address` (the page's canonical one, or where a redirect ended), when it is a
    home page, a section ("/local") or another listing while `url` was asked for as a
    story: the site serves its front in the story's place, or sends readers there."""
    if not address:
        return None
    front, asked = normalize_url(address, url), normalize_url(url)
    if front is None or asked is None or front == asked or is_listing(asked):
        return None
    parts = urlsplit(front)
    if not same_site(parts.hostname or "", urlsplit(asked).hostname or ""):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not segments:  # (a home page with a query is WordPress's address of a post)
        return None if parts.query else front
    section = len(segments) == 1 and segments[0].isalpha() and is_probably_article(asked)
    return front if section or is_listing(front) else None


def front_it_sent(url: str, page: Page | None) -> str | None:
    """The site's home page or a section front, when a story's URL now redirects there:
    the way many sites take a story down, which is no new version of it."""
    return None if page is None else _front_address(page.final_url, url)
