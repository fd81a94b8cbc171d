"""Did an article really change, and how: fingerprints, summaries and word diffs.

The archive re-fetches articles and keeps a new version only when `fingerprint` changes.
The fingerprint is taken over a *normalised* article, so what a page re-renders on every
request (timestamps, "updated 5 minutes ago", view and comment counters, "read more"
promos, typographic variants of quotes and dashes, whitespace) does not make a version;
a changed word, headline or byline does.

Word diffs and their rendering live in `versions_diff` and are re-exported here, so
`scraper.versions` is the whole change-tracking API. Pure functions, no I/O.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from .models import Article
from .versions_diff import (
    ArticleDiff,
    DiffOp,
    diff_to_dict,
    render_html,
    render_text,
    word_counts,
    word_diff,
)
from .versions_diff import diff_articles as _diff_articles

__all__ = [
    "FINGERPRINT_VERSION",
    "ArticleDiff",
    "DiffOp",
    "diff_articles",
    "diff_to_dict",
    "fingerprint",
    "headline_changed",
    "normalise_text",
    "render_html",
    "render_text",
    "substantive",
    "summarize_change",
    "word_diff",
]

# Bump when normalisation changes: every stored fingerprint then differs from a fresh one,
# so the archive should recompute stored fingerprints rather than compare across versions.
FINGERPRINT_VERSION = 3

# --- normalisation ---------------------------------------------------------------------

_TYPOGRAPHY = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»‹›", '"'),
    **dict.fromkeys("‐‑‒–—―⁃−﹘﹣", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
# A regex finds the few characters to replace much faster than str.translate walks a text.
_TYPOGRAPHIC = re.compile(f"[{re.escape(''.join(_TYPOGRAPHY))}]")

# A line is noise when every token in it is a date, time, number or one of these words,
# and at least one token says "this is a timestamp or a counter" (so "3 - 1" or "2024"
# alone stay). Lines longer than _NOISE_MAX_CHARS are always kept: real prose.
_NOISE_MAX_CHARS = 100


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NOISE_TOKENS = re.compile(
    r"""
      (?P<datetime>\d{4}-\d{2}-\d{2}(?:[t\s]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?
                   (?:z|[+-]\d{2}:?\d{2})?)
    | (?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{2,4})
    | (?P<time>\d{1,2}[:h]\d{2}(?::\d{2})?|\d{1,2}\.\d{2}(?=\s*(?:uhr|h)\b))
    | (?P<number>\d+(?:[.,]\d+)*(?:k|m|st|nd|rd|th|er|e)?\+?)
    | (?P<word>[^\W\d_]+)
    """,
    re.VERBOSE,
)
_ANCHORS = _wordset(
    """
    ago vor hace yesterday today gestern heute hier aujourd ayer hoy now gerade eben soeben
    second seconds sec secs minute minutes min mins hour hours hr hrs h day days week weeks
    month months year years sekunde sekunden minuten stunde stunden tag tage tagen woche
    wochen monat monaten jahr jahren seconde secondes heure heures jour jours semaine
    semaines mois segundo segundos minuto minutos hora horas día días semana semanas
    mes meses año años uhr secondi minuti ore giorni settimane mesi anni fa oggi ieri
    segundos minutos horas dias há hoje ontem 分钟前 小时前 天前 秒前 分前 時間前 日前 분 초 시간 전
    views view comments comment replies reply shares share likes like reads readers reactions
    kommentare kommentar aufrufe leser commentaires commentaire vues partages comentarios
    comentario visitas lecturas hits clicks visits times mal fois veces
    visualizzazioni commenti letture volte visualizações comentários vezes
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz mai juni juli oktober dezember jän
    janvier février mars avril juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    """
)
_FILLERS = _wordset(
    """
    updated update last published posted modified edited first just am pm a m p on at by the
    of in and read reading time timestamp an few viewed shared seen liked leave add
    aggiornato aggiornamento pubblicato alle il lo e atualizado publicado às
    aktualisiert aktualisierung zuletzt veröffentlicht erstellt geändert stand um seit lesezeit
    und gelesen aufgerufen
    lu vu mis à jour hui publié modifié le la les il y a de du et lecture
    actualizado actualización publicado modificado el las los hace de del las y lectura
    utc gmt z et est edt ct cst cdt mt mst mdt pt pst pdt cet cest mez mesz bst ist aest aedt
    jst wib
    """
)
_PROMO = re.compile(
    r"(read more|read also|also read|see also|related|recommended|more on this"
    r"|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|das könnte sie"
    r"|à lire aussi|lire aussi|voir aussi|leer más|lea también|te puede interesar)"
    r"\s*[:|>»-]",
    re.IGNORECASE,
)


def _typography(s: str) -> str:
    """NFKC, one kind of quote and dash, no invisible characters."""
    s = unicodedata.normalize("NFKC", s)
    return s if s.isascii() else _TYPOGRAPHIC.sub(lambda m: _TYPOGRAPHY[m[0]], s)


def _canonical(s: str) -> str:
    """`_typography`, and single spaces."""
    return " ".join(_typography(s).split())


def _is_noise(line: str) -> bool:
    """A line that only says when the page was rendered or how often it was seen."""
    if len(line) > _NOISE_MAX_CHARS:
        return False
    if _PROMO.match(line) or _READERS.fullmatch(line.casefold()) or _ICON_COUNT.fullmatch(line):
        return True
    anchored = False
    for match in _NOISE_TOKENS.finditer(line.casefold()):
        kind = match.lastgroup
        if kind in ("datetime", "date", "time"):
            anchored = True
        elif kind == "word":
            word = match.group()
            if word in _ANCHORS:
                anchored = True
            elif word not in _FILLERS:
                return False
    return anchored


# How many read it now: "503 people are reading this now", "Read by 1,203 people".
_READERS = re.compile(
    r"\W*(?:[\d.,]+\s+(?:people|readers|users)\s+(?:are\s+)?(?:reading|viewing|watching)"
    r"(?:\s+(?:this|it))?(?:\s+(?:now|right now))?|read by\s+[\d.,]+\s+(?:people|readers))\W*"
)
_READERS_IN = re.compile(_READERS.pattern.strip("\\W*"), re.IGNORECASE)
# A relative time or a count a live headline ends with.
_LIVE_TAIL = re.compile(
    r"\W*(?:(?:updated|aktualisiert|actualizado|mis à jour)\s+)?(?:\d+\s*(?:s|secs?|seconds?|"
    r"m|mins?|minutes?|h|hrs?|hours?)\s+ago|just now|vor\s+\d+\s+(?:sekunden|minuten|stunden)|"
    r"hace\s+\d+\s+(?:segundos|minutos|horas)|il y a\s+\d+\s+(?:secondes|minutes|heures)"
    r"|[\d.,]+\s*(?:views|reads|readers|comments))\W*$",
    re.IGNORECASE,
)
# A count beside a counter's icon ("👁 1,234", "💬 12"); not a phone number, a score or a
# price beside another symbol ("☎ 0800 123 456", "⚽ 2-1").
_ICON_COUNT = re.compile(r"[👁👀💬🗨❤♥🔁↗📤👍🔥]\ufe0f?\s*\d{1,3}(?:[.,]\d{3})*(?:[.,]\d)?[km]?")


def substantive(text: str) -> str:
    """`text` as written, without the paragraphs that are noise (a counter, a timestamp)."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(p for p in paragraphs if normalise_text(p) or not p.strip())


def diff_articles(
    old: Article, new: Article, *, from_version: int, to_version: int,
    from_seen_at: str, to_seen_at: str,
) -> ArticleDiff:  # fmt: skip
    """Word diffs of title and text between two versions, over their `substantive` text:
    what the fingerprint leaves out is neither shown nor counted."""

    def shown(a: Article) -> Article:  # (a live headline's counter is no change either)
        return replace(a, text=substantive(a.text), headline=_headline(a) or None)

    return _diff_articles(
        shown(old), shown(new),
        from_version=from_version, to_version=to_version,
        from_seen_at=from_seen_at, to_seen_at=to_seen_at,
    )  # fmt: skip


def normalise_text(text: str) -> list[str]:
    """The substantive lines of `text`: canonical spacing and typography, noise dropped."""
    lines = (" ".join(line.split()) for line in _typography(text).splitlines())
    return [line for line in lines if line and not _is_noise(line)]


def _normalise_authors(authors: Iterable[str]) -> list[str]:
    # Order and case of a byline are the extractor's choice, not an edit.
    return sorted({_canonical(a).casefold() for a in authors} - {""})


def fingerprint(article: Article) -> str:
    """A hex digest that changes only when title, headline, authors or text substantively
    change.

    Dates (`modified` changes on every touch), the image (CDN query strings), description
    and tags are left out: they are metadata, and the text says what really changed.
    """
    parts: tuple[str, ...] = (
        _canonical(article.title or ""),
        "\x1f".join(_normalise_authors(article.authors)),
        "\n".join(normalise_text(article.text)),
    )
    headline = _headline(article)
    if headline and headline != parts[0]:  # (a page's usual one: digests stay as they were)
        parts = (*parts, headline)
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=16).hexdigest()


def _image_key(url: str | None) -> str:
    # One picture in another size is the same picture: CDNs vary the query (size,
    # signature, cache-buster), WordPress a "-1024x683" suffix, others a size segment
    # ("/news/976/…", "/w_768/").
    if not url:
        return ""
    parts = urlsplit(url)
    path = _SIZE_SUFFIX.sub("", parts.path)
    segments = [s for s in path.split("/") if not _SIZE_SEGMENT.fullmatch(s)]
    return f"{parts.netloc}{'/'.join(segments)}"


_SIZE_SUFFIX = re.compile(r"-\d{2,4}x\d{2,4}(?=\.\w+$)")
# (Not a year or a month: "/2024/03/" dates the upload, and tells two pictures apart.)
_SIZE_SEGMENT = re.compile(
    r"(?!19\d\d|20\d\d)[1-9]\d{2,3}|\d{2,4}x\d{2,4}|(?:w|h|s|width|size)[_-]?\d{2,4}", re.I
)


_METADATA: tuple[tuple[str, Callable[[Article], object]], ...] = (
    ("authors", lambda a: _normalise_authors(a.authors)),
    ("published", lambda a: a.published or ""),
    ("description", lambda a: _canonical(a.description or "")),
    ("section", lambda a: _canonical(a.section or "").casefold()),
    ("tags", lambda a: sorted({_canonical(t).casefold() for t in a.tags})),
    ("image", lambda a: _image_key(a.image)),
    ("rating", lambda a: a.rating or ""),  # (a review's: "4/5")
)


def headline_changed(old: Article, new: Article) -> bool:
    """Whether the headline readers see was rewritten (one not recorded, as in archives
    older than the field, is no rewrite)."""
    was, now = _headline(old), _headline(new)
    return bool(was and now and was != now)


def _own_headline(article: Article) -> bool:
    # A headline that is not the title too (a rewrite of both is the title's change).
    return _headline(article) != _canonical(article.title or "")


def _headline(article: Article) -> str:
    """The headline, canonical, without what a live page prints in its `<h1>` and changes
    on every request: "… 1,203 people reading now", "… Updated 5 minutes ago". (Not a
    date: "Vote moved to 5 May" is a headline's own.)"""
    headline = _READERS_IN.sub(" ", _canonical(article.headline or ""))
    return " ".join(_LIVE_TAIL.sub("", headline).split())


def summarize_change(old: Article | None, new: Article) -> str:
    """One line for a person: what makes `new` a new version of `old`.

    E.g. "first version", "title changed; +12/−3 words", "text: +40/−0 words",
    "headline changed", "metadata changed (authors)". Word counts cover title and text.
    """
    if old is None:
        return "first version"
    parts: list[str] = []
    title_changed = _canonical(old.title or "") != _canonical(new.title or "")
    text_changed = normalise_text(old.text) != normalise_text(new.text)
    if title_changed or text_changed:
        title = word_diff(old.title or "", new.title or "") if title_changed else []
        text = word_diff(substantive(old.text), substantive(new.text)) if text_changed else []
        added, removed = word_counts([*title, *text])
        counts = f"+{added}/−{removed} words"
        if text_changed and not new.text.strip():
            counts = f"text removed (−{removed} words)"
        elif not title_changed:
            counts = f"text: {counts}"
        parts.append(f"title changed; {counts}" if title_changed else counts)
    if headline_changed(old, new) and (_own_headline(old) or _own_headline(new)):
        parts.insert(0, "headline changed")
    metadata = [name for name, key in _METADATA if key(old) != key(new)]
    if metadata:
        parts.append(f"metadata changed ({', '.join(metadata)})")
    return "; ".join(parts) or "no substantive change"
