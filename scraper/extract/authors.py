"""Author strings as pages give them → a clean list of names.

"By Jane Doe and John Roe, Staff Writers", "Von Anna Fink und Jan Marchart",
"jane@example.com", "@janedoe", "https://example.com/author/jane" and "Photo: Getty
Images" all turn up where a name should be. `clean_authors` splits the joined ones, strips
the prefixes and roles, drops what is not a name and removes duplicates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Final

from .namescripts import joined_labels, parted, without_label
from .personnames import MEDIUM_WORDS, in_lower_case, person_shaped
from .titles import host_key, text_key

__all__ = [
    "clean_authors",
    "credits_another",
    "given_name_first",
    "is_initials",
    "is_organisation",
    "looks_like_name",
    "people_of",
]

_MAX_AUTHORS: Final = 20

_PREFIX: Final = re.compile(
    r"^(?:(?:[^\W\d_]+\s+){1,3}(?=by\b))?"  # "Written by", "Story and photos by"
    r"(?:by|von|par|por|door(?:\s+onze\s+(?:redacteur|redactrice|correspondent|verslaggever)s?)?"
    r"|av|af|from|autor(?:in)?|author|text|texto|redakcja|penulis|yazan|(?-i:di|de|da)"
    # "Posted by" in other languages: "Eingestellt von", "Publié par", "Publicado por".
    r"|(?:(?:zeige\s+)?alle\s+beiträge|erstellt|geschrieben|verfasst|gepostet|eingestellt"
    r"|veröffentlicht|publiziert)\s+von|(?:publié|écrit|rédigé)\s+par"
    r"|(?:publicado|escrito)\s+por|(?:pubblicato|scritto)\s+da)"
    r"\b\s*(?:[:.]?\s+|$)",
    re.I,
)
# "Autor: ", "Текст: ", "Byline: ", "लेखक: " (a script's vowel signs are no \w)
_LABEL: Final = re.compile(r"^[^\W\d_][^\s\d:]{1,19}\s*:\s+")
# The other people a byline credits, from where they start (a line's start, or after a
# separator; the photographer only after one): "… | Edited By: Amit Verma", "Reporting by
# Jane Roe; Editing by John Doe", "Translated by …", "Editor: …". ("Revised Edition
# Edited by Adrian Parr" names him.)
_CREDITS: Final = (
    r"(?:(?:edited|editing|reviewed|fact[- ]?checked|translated|illustrated|compiled|curated"
    r"|moderated|bearbeitet|redigiert)\s+(?:by|von)\b|editor\s*:)"
)
_NOT_WRITERS: Final = re.compile(
    rf"(?:(?:^|(?<=[|,;/·•])\s*){_CREDITS}"
    # ... and after a writer's name, who made the pictures: "Words by … · Photographs by …"
    r"|(?<=[|,;/·•])\s*(?:photo(?:graph)?s|photography|pictures|images|illustrations?"
    r"|graphics|video)\s+by\b).*$",
    re.I,
)
_CREDIT_BEFORE: Final = re.compile(rf"(?:^|\W){_CREDITS}\s*:?\s*$", re.I)  # "Edited by <a>…</a>"
# One surname and one given name, each capitalised: "Doe, Jane", "García, Ana M." (not
# "Reuters, AFP", two newsrooms in capitals).
_SURNAME_FIRST: Final = re.compile(
    r"([A-ZÀ-Þ][a-zß-ÿ'’-]+),\s+([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:\s+[A-Z]\.)?)"
)
# What a dash joins to the names, when it is dated: "Jane Doe — March 3, 2024", "Par … —
# Publié le 3 mars". (A dash not followed by a date may join a name's parts: "L-MAG – Das
# Magazin".)
_DATED_TAIL: Final = re.compile(r"\s[—–]\s(?=[^—–]*\d).*$")
# The date a blog's or Drupal's byline runs on: "Posted by Jane Doe on June 18, 2024",
# "Submitted by Jane Doe on Tue, 06/18/2024"; or the date it starts with: "Posted on June
# 18, 2024 by Jane Doe", "Published 18.06.2024 von Jane Doe".
_ON_DATE: Final = re.compile(r"\s(?-i:on|am|le|el|em|il)\s(?=[^|;]*\d).*$")
_DATE_FIRST: Final = re.compile(
    r"^[^|;]{0,40}\d[^|;]{0,30}?\s(?=(?:by|von|par|por|door|da)\s)", re.I
)
# A dateline's place after a dash, alone: "Ayşe Yılmaz - İstanbul" (not "L-MAG – Das Magazin").
_PLACE_TAIL: Final = re.compile(r"^(\S+\s[^-–—]*\S)\s[-–—]\s+[^\W\d_]+\.?$")
_SPLIT: Final = re.compile(
    r"\s*(?:,|،|;|\||/|、|\s[&•·]\s|\b(?:and|und|sowie|with|mit)\b"
    # A middle dot between Korean names ("김민수·이지은"; not in a Chinese one: "迈克尔·杰克逊")
    r"|(?<=[\uac00-\ud7a3])[·ㆍ](?=[\uac00-\ud7a3])"
    r"|(?-i:\b(?:et|y|e|og|och|en|i|avec|con)\b(?!\.)))\s*",
    re.I,
)
_SPLIT_KEEP: Final = re.compile(f"({_SPLIT.pattern})", _SPLIT.flags)  # and its separators
_ROLES: Final = re.compile(
    r"\b(?:staff|senior|chief|contributing|special|political|foreign|deputy|associate"
    r"|writer|reporter|correspondent|editor|columnist|journalist|contributor|producer|team"
    r"|redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in)?|autor(?:in)?|rédaction"
    r"|redacción|redazione|photographer|fotograf(?:in)?|news\s+(?:desk|reporter|editor|writer)"
    r"|freelance|analyst|anchor|host|researcher|intern|opinion|guest|for"
    # A date line run into the byline: "Jane Doe Updated 3 hours ago".
    r"|updated|published|aktualisiert|veröffentlicht|mis à jour|actualizado)\b.*$",
    re.I,
)
# A desk where a person's name goes, in any part of it: "HT News Desk", "Newsroom
# Infobae", "Express News Service", "Redação", "Haber Merkezi". (Redaktion, redacción
# are roles: "Ana Ruiz Redacción Infobae".)
_DESK: Final = re.compile(
    r"\b(?:desk|newsroom|news\s+service|wire\s+services?"
    r"|redação|redacção|redazione|redakcja|redactie|redaksi|haber\s+merkezi|masa\s+de\s+noticias)\b",
    re.I,
)
# "Bureau" names a desk after anything but a person's name ("ET Bureau", "News Nation
# Bureau", "The Hindu Bureau"; "Marie Bureau" is a reporter: a French surname).
_BUREAU: Final = re.compile(r"\bbureau\b", re.I)
# A placeholder where a person's name goes: no one's byline, not even a desk's ("Staff
# and wire reports", "Press Release").
_PLACEHOLDER: Final = re.compile(
    r"\b(?:(?:wire|news\s+service)\s+reports?|press\s+release|sponsored|advertorial|paid\s+(?:post|content)|partner\s+content"
    r"|letters\s+to\s+the\s+editor)\b",
    re.I,
)
# A role that a paper's name goes before after a comma or a slash ("Tom Breck, Courier
# Staff Writer", "/ Courier Staff"): a role's noun, not a word that is also a surname
# ("Jennifer Senior", "Katy Guest").
_PAPER_ROLE: Final = re.compile(
    r"\s(?:staff|writer|reporter|correspondent|editor|columnist|journalist|contributor"
    r"|producer|photographer|redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in)?)s?$",
    re.I,
)
# The words that, right before a role, make it a desk's name and not a person's: "Web
# Staff", "KTLA Digital Staff", "Editorial Team", "Our Correspondent" ("Jane Doe Staff
# Writer" is hers).
_DESK_WORDS: Final = frozenset(
    {"web", "digital", "online", "editorial", "news", "sports", "sport", "city", "metro"}
    | {"local", "community", "our", "the", "wire", "business", "national", "world", "and"}
)
_AGENCIES: Final = (
    r"(?:associated\s+press|agence\s+france[- ]presse|reuters|bloomberg(?:\s+news)?"
    r"|united\s+press\s+international|press\s+association|pa\s+media|xinhua"
    r"|kyodo(?:\s+news)?|yonhap|anadolu(?:\s+agency)?|interfax|estad[aã]o\s+conte[uú]do"
    r"|folhapress)"
)
# (A German wire's lower-case credit, "Jane Doe und dpa", names its copy as a source.)
_WIRE_INITIALS: Final = r"(?-i:AP|AFP|AA|UPI|PA|DPA|EFE|ANSA|APA|SID|PTI|IANS|ANI)"
_WITH: Final = r"(?:with|and|&|avec|et|con|com|y|e|mit|und)"  # "Jane Doe with AP", "… avec AFP"
# A news agency named after its reporters, with or without a separator, or joined to them
# ("By SCOTT SONNER Associated Press", "Jane Doe, The Associated Press", "Jane Doe with
# AP", "Par Jeanne Dupont avec AFP"): their employer or their copy's source, not an
# author. (Its initials only after a separator or a "with": "Jane AP" may be a name.)
_AGENCY_TAIL: Final = re.compile(
    rf"(?:\s*[,|/]\s*|\s+)(?:{_WITH}\s+)?(?:the\s+)?{_AGENCIES}\.?\s*$"
    rf"|(?:\s*[,|/]\s*|\s+{_WITH}\s+){_WIRE_INITIALS}\s*$",
    re.I,
)
# A wire's staff ("AFP Staff", "Reuters Staff") is the wire, which names the copy's source;
# other initials' staff ("KHBR Staff") is a desk of the site's own.
_WIRE: Final = re.compile(rf"(?:the\s+)?{_AGENCIES}|{_WIRE_INITIALS}|(?-i:dpa)", re.I)
# Where the copy came from, not who wrote it: "…, with reporting from Reuters", "… with
# additional reporting from The Associated Press" ("reporting by Ken Ito" names him).
_REPORTING_FROM: Final = re.compile(
    r"[,;]?\s*\b(?:with\s+)?(?:additional\s+)?reporting\s+from\b.*$", re.I
)
# A relative time run into the byline, as timeago.js and moment.js write one beside the
# name ("a day ago", "an hour ago", "a few seconds ago", "il y a une heure"): no name.
_RELATIVE_TIME: Final = re.compile(
    r"(?:^|\s)(?:(?:about|over|almost|just)\s+)?(?:an?|one|a\s+few|few|several)\s+\w+\s+ago\.?$"
    r"|(?:^|\s)(?:il\s+y\s+a|hace|há|vor)\s+(?:\w+\s+)?"
    r"(?:seconde|minute|heure|jour|semaine|mois|segundo|minuto|hora|día|dia|semana|mes|mês"
    r"|sekunde|stunde|tag|woche|monat)\w*\.?$",
    re.I,
)
# An outlet after a comma, named with its article: "Jane Doe, The Washington Post", "Ana
# Souza, O Estado de S. Paulo", "…, El País" (not "Le", "La", "De": surnames start so).
_TITLED_OUTLET: Final = re.compile(r"(?-i:The|O|Os|El|Los|Las|Il|Der|Die|Das|Het|Les)\s+\S.*")
# The outlet a byline names after its people ("Jane Doe, CNN", "Ana Souza, TV Globo e g1"):
# initials in capitals, or words that name a medium. (A German wire's lower-case credit,
# "Jane Doe, dpa", names its copy as a source, and stays.)
_OUTLET: Final = re.compile(rf"(?-i:[A-Z]{{2,5}})|.*\b(?:{MEDIUM_WORDS})\b.*", re.I)
# East Asian bylines put the role after the name, often with no space: "김민수 기자",
# "山田太郎記者", "王小明记者"; the name is one word, so `_ROLES` cannot tell it apart.
_CJK_ROLE: Final = re.compile(r"(?<=\w)\s*(?:기자|특파원|記者|特派員|记者|特派员)$")
_NOT_NAMES: Final = re.compile(
    r"@|https?:|www\.|\d|getty|shutterstock|imago|picture[- ]alliance"
    r"|istock|alamy|\bfoto\b|\bphoto\b|\bbild\b|^(?:admin|administrator|unknown|anonymous|none"
    r"|null|staff|guest|editor|redaktion|publisher"
    r"|news|nachrichten|noticias|nouvelles|notizie|nieuws|wiadomości|nyheter|notícias)$"
    r"|[<>=\"©]|rights reserved|\bcopyright\b|\bmore posts\b"  # markup, copyright, a link
    # Buttons and links next to bylines ("Follow", "See all", "Themen bearbeiten");
    # "Thomas More" stays.
    r"|^(?:follow|folgen|share|teilen|subscribe|abonnieren|mehr|see|view|show|read|more|all"
    r"|alle|weitere|zum|zur|voir|lire|tous|ver|leer|todos)\b|\b(?:bearbeiten|folgen)$"
    r"|^(?:기자|記者|记者|分享|关注|關注|更多|收藏|订阅|訂閱)$"  # the same in CJK
    r"|(?-i:\s(?:is|was|has|ist|war|est|è)\s)",  # a sentence: the author's bio
    re.I,
)
# Whole values that are not bylines: links, addresses, handles, photo credits.
_NOT_BYLINES: Final = re.compile(
    r"^(?:https?:|www\.|@)|^\S+@\S+$|getty images|\b(?:photo|foto|bild|image)s?\s*:", re.I
)
# An imprint's address after the name: "SPIEGEL ONLINE, Hamburg, Germany", "Süddeutsche.de
# GmbH, Munich, Germany". No byline ends with a country, so the country and the city
# before it go (a lone "Jane Doe, UK" keeps its name).
_ADDRESS: Final = re.compile(
    r"(?:,\s*[^,]{2,40})?,\s*(?:germany|deutschland|austria|österreich|switzerland|schweiz"
    r"|suisse|france|italy|italia|spain|españa|netherlands|nederland|belgium|belgique|poland"
    r"|polska|usa|u\.s\.a?|united states|uk|united kingdom|england|ireland|canada|australia"
    r"|india)\.?$",
    re.I,
)
_WORD_PAIR: Final = re.compile(r"^([^\W\d_]+)\s+(?:and|und|&|et|y|e|og|och|en)\s+([^\W\d_]+)$")
# A nickname quoted between the names ('Amanda "Tania Mae" Tan') is part of the name; any
# other double quote is markup or a sentence.
_NICKNAME: Final = re.compile(r'(?<=\w)\s+["“][^\W\d_][^"“”<>=]{0,30}["”]\s+(?=\w)')
_HANDLE: Final = re.compile(r"(?<!\S)@\w+")  # "Jane Doe @janedoe": the name stays
_PARENTHESES: Final = re.compile(r"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]")
# Degrees and suffixes split off by the comma before them ("Jane Doe, MS, RDN").
_CREDENTIAL: Final = re.compile(
    r"^(?:ph\.?d|m\.?[dsa]|mba|rdn?|cfp|cpa|jr|sr|esq|ii|iii)\.?$", re.I
)
_SLUG: Final = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")  # "chuck-ross": a CMS user id
_EDGES: Final = " \t\n\r,;:|-–—·•*()[]\"'“”„»«›‹→←（）【】「」"


def clean_authors(raw: Iterable[str], *, desks: bool = False) -> list[str]:
    """Split, strip and de-duplicate author strings (order kept, first spelling wins).
    A desk ("HT News Desk", "The Hindu Bureau") is no one's name: `desks` gives those
    alone, the byline of a page that names no one."""
    result: list[str] = []
    seen: set[str] = set()
    for value in joined_labels(raw):
        for name in _split(value, desks):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                result.append(name)
            if len(result) >= _MAX_AUTHORS:
                return result
    return result


def credits_another(text: str) -> bool:
    """Whether `text` ends with a credit that is no writer's ("Edited by", "Editor:"):
    the name after it is an editor's, not the author's."""
    return bool(_CREDIT_BEFORE.search(text))


def looks_like_name(text: str) -> bool:
    """A short run of words that could be a person's or a newsroom's name."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and len(text) <= 60
        and not _NOT_NAMES.search(_NICKNAME.sub(" ", text))
        and not _SLUG.match(text)
        and not _CREDENTIAL.match(text)
    )


def given_name_first(value: str) -> str:
    """ "Doe, Jane" → "Jane Doe"; any other value as it is."""
    match = _SURNAME_FIRST.fullmatch(value.strip())
    return f"{match[2]} {match[1]}" if match else value


def is_organisation(name: str, site_names: Sequence[str], url: str | None) -> bool:
    """Whether an author is the publication itself ("VnExpress", "ndr.de", "MDR Sachsen",
    "Deutsche Welle" on dw.com)."""
    key = text_key(name)
    if not key:
        return False
    if "." in name and " " not in name:  # a domain name
        return True
    host = host_key(url)
    if len(host) >= 3 and host in key:
        return True
    words = name.split()
    if len(words) >= 2 and host == "".join(word[0] for word in words).casefold():
        return True  # the host is the name's initials: "Deutsche Welle" on dw.com
    sites = (text_key(site) for site in site_names)
    return any(site == key or (len(site) >= 3 and site in key) for site in sites)


def people_of(names: Iterable[str], site_names: Sequence[str], url: str | None) -> list[str]:
    """The names that are not the publication's, without its name run on after a
    person's ("By Jane Doe Prairie Herald", "By Alex Miller Fox News" on foxnews.com)."""
    people = []
    host = host_key(url)
    for name in names:
        for site in site_names:
            head = name[: -len(site)].rstrip(_EDGES)
            if len(head.split()) >= 2 and name.casefold().endswith(f" {site.casefold()}"):
                name = head
        name = _without_host(name, host)
        if not is_organisation(name, site_names, url):
            people.append(name)
    return people


def _without_host(name: str, host: str) -> str:
    """The name without its last words when they spell the host: two words stay."""
    words = name.split()
    for count in range(1, len(words) - 1) if len(host) >= 3 else ():
        if text_key(" ".join(words[-count:])) == host:
            return " ".join(words[:-count])
    return name


# A byline is split by some twenty patterns, and the same byline comes again: from the
# JSON-LD, the meta tags and the page on one page, and on every page of its writer.
@lru_cache(maxsize=4096)
def _split(value: str, desks: bool = False) -> tuple[str, ...]:
    value = " ".join((html.unescape(value) if "&" in value else value).split())
    if not value or len(value) > 300 or _NOT_BYLINES.search(value):
        return ()
    value = _NOT_WRITERS.sub("", without_label(value))  # (before "Editor:" reads as a label)
    value = _REPORTING_FROM.sub("", _RELATIVE_TIME.sub("", value))
    value = _HANDLE.sub(" ", _PARENTHESES.sub(" ", _LABEL.sub("", _ADDRESS.sub("", value))))
    value = _DATED_TAIL.sub("", value)
    value = _PLACE_TAIL.sub(r"\1", _ON_DATE.sub("", _DATE_FIRST.sub("", value)))
    value = _without_affiliation(_PREFIX.sub("", value, count=1))
    pair = _WORD_PAIR.match(value)
    if pair and not any(is_initials(word) for word in pair.groups()):
        # "Kirche und Leben", "Jobs & Hire": two words joined are one name (a newsroom's,
        # a publisher's); two people are named by more than a word each.
        return (value,) if looks_like_name(value) and not desks else ()
    names: list[str] = []
    for part, comma in _parts(value):
        name = _PREFIX.sub("", part.strip(_EDGES), count=1).strip(_EDGES)
        if _PLACEHOLDER.search(part) or _is_desk(name) is not desks:
            continue
        name = name if desks else _without_role(name, after_name=comma and bool(names))
        if looks_like_name(name):
            names.append(in_lower_case(name))
    return tuple(names)


def _is_desk(name: str) -> bool:
    if _DESK.search(name):
        return True
    return bool(_BUREAU.search(name)) and (
        not person_shaped(name) or name.split()[0].casefold() in _DESK_WORDS
    )


def _parts(value: str) -> Iterator[tuple[str, bool]]:
    """The byline's parts, each with whether a comma or a slash is before it."""
    pieces = _SPLIT_KEEP.split(value)
    for i in range(0, len(pieces), 2):
        comma = i > 0 and pieces[i - 1].strip() in (",", "/", "،")
        yield from ((name, comma) for name in parted(pieces[i]))


def _without_affiliation(value: str) -> str:
    """The byline without the agency or outlet its people write for, when it names them:
    "Jane Doe, The Associated Press", "Ana Souza e Bruno Lima, TV Globo e g1"."""
    people = _AGENCY_TAIL.sub("", value)
    if people != value and _names_a_person(people):
        return people
    value = value.rstrip(" /")  # "Jane Doe / TNN /" (not "Site /JD": a writer's initials)
    cut = max(value.rfind(","), value.rfind("|"), value.rfind(" / ") + 1)  # the outlet after
    head, tail = value[: max(cut, 0)], value[cut + 1 :].strip()
    parts = [part for part in _SPLIT.split(tail) if part]
    if len(head.split()) < 2 or not parts:  # (no separator: no head)
        return value
    outlets = all(
        _OUTLET.fullmatch(part) or _TITLED_OUTLET.fullmatch(part) or not looks_like_name(part)
        for part in parts
    )
    return head if outlets else value


def _names_a_person(names: str) -> bool:
    """Whether a byline names someone, not only agencies or initials ("AP and")."""
    parts = _SPLIT.split(names.strip(_EDGES))
    return any(len(part.split()) >= 2 and not _OUTLET.fullmatch(part) for part in parts)


def _without_role(name: str, *, after_name: bool = False) -> str:
    """The name without a trailing role: "Jane Doe Staff Writer" → "Jane Doe",
    "Staff Writer" → "". "Ann Writer" stays: a role word after one word is a surname,
    but not after another name, where the word is the paper's ("By Tom Breck, Courier
    Staff Writer", "… / Courier Staff"). A name printed twice in a row ("Jane Doe Jane
    Doe": a link and its label) is one. `after_name`: after a name and a comma or a
    slash."""
    name = _CJK_ROLE.sub("", name)
    words = name.split()
    half = len(words) // 2
    if half > 1 and len(words) == 2 * half and words[:half] == words[half:]:
        name = " ".join(words[:half])
    bare = _ROLES.sub("", name).strip(_EDGES)
    if bare != name and _WIRE.fullmatch(bare):
        return bare
    if bare != name and (not bare or _is_desk_word(bare.split()[-1])):
        return ""  # "Web Staff", "KTLA Digital Staff", "Teufel Editorial Team"
    if len(bare.split()) == 1 and " " in name:
        return "" if after_name and _PAPER_ROLE.search(name) else name
    return bare


def is_initials(word: str) -> bool:
    """An agency's or a reporter's initials: "AFP", "dpa", "jd"."""
    return (word.isupper() and len(word) <= 5) or (word.islower() and len(word) <= 3)


def _is_desk_word(word: str) -> bool:
    return word.casefold() in _DESK_WORDS or (word.isupper() and is_initials(word))
