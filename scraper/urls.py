"""URL normalisation and the "does this link look like an article?" guess.

`normalize_url` gives every URL one spelling, so the pipeline can tell "seen it" by string
equality: absolute http(s) only, lower-case scheme and host, IDNA (punycode) host, no default
port, no fragment, no tracking parameters, upper-case percent-escapes (unreserved characters
decoded, everything unsafe encoded as UTF-8), no dot segments, no credentials (a crawler must
never send a password it found in a link). It is idempotent and never raises: input it cannot
make sense of gives `None`.

`is_probably_article` is a heuristic for links found on HTML pages; feeds and sitemaps say
what is an article, pages do not.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Iterable, Iterator
from functools import cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import idna
from publicsuffixlist import PublicSuffixList

from .errors import UsageError

__all__ = [
    "host_of",
    "is_home_page",
    "is_listing",
    "is_probably_article",
    "normalize_host",
    "normalize_url",
    "on_hosts",
    "same_site",
    "site_domain",
    "url_key",
]

MAX_URL_LENGTH = 4096  # sitemaps allow 2048; longer "URLs" are junk or abuse

# Query parameters that only identify a campaign or click, never the resource.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc",
        "__hsfp", "hsctatracking", "mkt_tok", "ref_src", "ref_url", "oly_enc_id", "oly_anon_id",
        "vero_id", "vero_conv", "wt.mc_id", "wt_mc_id", "s_cid", "ns_campaign", "ns_mchannel",
        "ns_source", "ns_linkname", "ns_fee", "spm", "share_source", "at_medium", "at_campaign",
        # Newsrooms' own: Le Monde's xtor, the Guardian's CMP, the NYT's smid, MSN's ocid
        "xtor", "cmp", "cmpid", "smid", "smtyp", "ocid", "ito", "sr_share", "soc_src",
        "soc_trk", "guccounter", "guce_referrer", "guce_referrer_sig",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")  # Google Analytics, Piwik, Matomo

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# A valid escape, or a character that is not allowed unescaped (RFC 3986 pchar, query).
_PATH_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]")
_QUERY_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_C0_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21))) + "\x7f"
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST_LABELS = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of `url` (joined with `base`), or None if it is not a web URL."""
    if not isinstance(url, str):
        return None
    url = _clean(url)
    try:
        if isinstance(base, str) and not _HAS_SCHEME.match(url):
            url = urljoin(_clean(base), url)
        parts = urlsplit(url)
        return _normalize_parts(parts)
    except (ValueError, UnicodeError):  # urllib's verdict on malformed netlocs and IPv6
        return None


def url_key(url: str) -> str:
    """How a URL is stored and compared: normalised, or as given if it cannot be."""
    return normalize_url(url) or url


def is_home_page(url: str) -> bool:
    """Whether `url` is a site's home page by its path ("https://example.com/")."""
    try:
        return urlsplit(url).path in ("", "/")
    except ValueError:  # a malformed host ("http://]x/"): no site's, no page's address
        return False


def is_listing(url: str) -> bool:
    """Whether `url` is no article by its address whoever lists it: a home page, a tag,
    category, author, search or account page, pagination, a feed or a media file. (A
    WordPress sitemap index lists its tag and author pages beside its posts.)"""
    parts = urlsplit(url)
    segments = [s for s in parts.path.lower().split("/") if s]
    return not segments or _is_listing_or_asset(segments, parts.query.lower())


def host_of(url: str) -> str:
    """The lower-case host of `url` ("" if it has none)."""
    try:
        return (urlsplit(_clean(url)).hostname or "").rstrip(".")
    except ValueError:
        return ""


def on_hosts(url: str, hosts: Collection[str]) -> bool:
    """Whether `url` lies on one of `hosts` (`normalize_host`d) or a subdomain of one."""
    return any(host in hosts for host in host_and_parents(url))


def host_and_parents(url: str) -> Iterator[str]:
    """The host of `url` as the archive spells it ("xn--…"), then each domain above it:
    "news.bbc.co.uk", "bbc.co.uk", "co.uk", "uk"."""
    host = normalize_host(host_of(url)) or ""
    while host:
        yield host
        host = host.partition(".")[2]


def site_hosts(sites: Iterable[str]) -> frozenset[str]:
    """The hosts `sites` name, as the archive spells them; `UsageError` names one that is
    no host ("https://bbc.co.uk/news")."""
    hosts = set()
    for site in sites:
        host = normalize_host(site.strip())
        if host is None:
            raise UsageError(f"not a host name: {site!r} (give one as bbc.co.uk)")
        hosts.add(host)
    return frozenset(hosts)


def same_site(host: str, site_host: str) -> bool:
    """Whether two hosts belong to one site: equal, or under one registrable domain
    (`site_domain`): news.bbc.co.uk and www.bbc.co.uk, not alice.blogspot.com and
    bob.blogspot.com."""
    return bool(host) and site_domain(host) == site_domain(site_host)


def is_probably_article(url: str, site_host: str | None = None) -> bool:
    """Guess whether a link found on an HTML page leads to an article.

    True for same-site links whose path is dated (`/2024/01/16/slug`, `/2024/jan/16/slug`),
    carries a long numeric id (`-12345.html`, `/?p=4101`) or an id under "articles"
    (`/news/articles/c4ng5v9kq9xo`), or ends in a long hyphenated slug; False for the home
    page, sections, tag/category/author/staff/series/search/login pages, pagination, feeds
    and media files.
    """
    normalized = normalize_url(url)
    if normalized is None:
        return False
    parts = urlsplit(normalized)
    host = (parts.hostname or "").rstrip(".")
    if site_host is not None and not same_site(host, site_host.lower()):
        return False
    segments = [s for s in parts.path.lower().split("/") if s]
    query = parts.query.lower()
    if not segments:  # the home page, or WordPress's default address for a post ("/?p=4101")
        return bool(_ID_QUERY.search(query)) and not _LISTING_QUERY.search(query)
    if _is_listing_or_asset(segments, query):
        return False
    if _looks_dated(segments) or _has_long_id(segments, query) or _has_article_id(segments):
        return True
    return _looks_like_slug(segments) and _FRONT_SEGMENTS.isdisjoint(segments)


# --- normalisation -------------------------------------------------------------------------


def _clean(url: str) -> str:
    # As browsers do: strip surrounding spaces and control characters, drop tabs and newlines,
    # read backslashes before the query as slashes (`https:\\example.com\a`).
    url = _TAB_NEWLINE.sub("", url.strip(_C0_CONTROLS_AND_SPACE))
    end = min([len(url), *(i for i in (url.find("?"), url.find("#")) if i >= 0)])
    return url[:end].replace("\\", "/") + url[end:]


def _normalize_parts(parts: SplitResult) -> str | None:
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    host = normalize_host(parts.hostname)
    if host is None:
        return None
    port = parts.port  # raises ValueError for junk, caught by the caller
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _remove_dot_segments(_normalize_escapes(parts.path, _PATH_ESCAPES))
    query = _normalize_query(parts.query)
    result = urlunsplit((scheme, netloc, path or "/", query, ""))
    return result if len(result) <= MAX_URL_LENGTH else None


def normalize_host(hostname: str | None) -> str | None:
    """Lower-case, IDNA-encoded host without a trailing dot; None if it is not a host."""
    if not hostname:
        return None
    if ":" in hostname:  # urlsplit strips the brackets off IPv6 literals
        try:
            return f"[{ipaddress.IPv6Address(hostname).compressed}]"
        except ValueError:
            return None
    host = hostname.rstrip(".")
    if not host.isascii():
        host = _idna_encode(host) or ""
    host = host.lower()
    if not _HOST_LABELS.fullmatch(host) or any(len(label) > 63 for label in host.split(".")):
        return None
    return host if len(host) <= 253 else None


def _idna_encode(host: str) -> str | None:
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        pass
    try:  # IDNA 2003, more lenient (e.g. emoji domains that browsers still resolve)
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _normalize_escapes(text: str, pattern: re.Pattern[str]) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, encode unsafe characters.

    `pattern` matches a valid escape or one character that must be escaped; one left-to-right
    pass keeps the result a fixed point (`%%41` is `%25A`, and stays so).
    """
    return pattern.sub(_fix_escape, text)


def _fix_escape(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 3:  # a valid %XX escape
        decoded = chr(int(found[1:], 16))
        return decoded if decoded in _UNRESERVED else found.upper()
    # Lone surrogates cannot be encoded; they are noise, not part of any real URL.
    return "".join(f"%{byte:02X}" for byte in found.encode("utf-8", "replace"))


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on an absolute path."""
    output: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _normalize_query(query: str) -> str:
    kept = []
    for param in query.split("&"):
        if not param:
            continue
        name = param.split("=", 1)[0]
        key = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name).lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        kept.append(_normalize_escapes(param, _QUERY_ESCAPES))
    return "&".join(kept)


# --- the article guess -----------------------------------------------------------------------

# Path segments that mark listing, account and utility pages, not articles.
_NOT_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "category", "categories", "topic", "topics", "author", "authors",
        "search", "login", "logout", "signin", "sign-in", "signup", "sign-up", "register",
        "subscribe", "subscription", "account", "my-account", "user", "users", "profile",
        "feed", "feeds", "rss", "atom", "page", "wp-admin",
        "wp-content", "wp-includes", "wp-json", "wp-login.php", "static", "assets", "cdn-cgi",
        "about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms",
        "terms-of-service", "terms-of-use", "cookies", "cookie-policy", "imprint", "impressum",
        "careers", "jobs", "advertise", "newsletter", "newsletters", "cart", "checkout", "shop",
        "attachment", "print",
    }
)  # fmt: skip
# Path segments of fronts that list stories (people, sections, series, shows): a link
# under one is a story only when dated or numbered ("/sections/world/2024/01/16/…").
_FRONT_SEGMENTS = frozenset(
    {
        "staff", "people", "person", "contributors", "contributor", "journalists", "team",
        "section", "sections", "series", "podcasts", "podcast", "shows",
    }
)  # fmt: skip
_MEDIA_EXTENSIONS = frozenset(
    {
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
        "css", "js", "mjs", "map", "json", "xml", "rss", "atom", "txt", "csv", "pdf", "zip",
        "gz", "rar", "7z", "tar", "exe", "dmg", "apk", "doc", "docx", "xls", "xlsx", "ppt",
        "pptx", "mp3", "m4a", "ogg", "wav", "flac", "mp4", "m4v", "mov", "webm", "avi", "mkv",
        "woff", "woff2", "ttf", "otf", "eot",
    }
)  # fmt: skip
_LISTING_QUERY = re.compile(r"(?:^|&)(?:page|paged|s|q|query|search|replytocom|share|print)=")
_DATE_IN_PATH = re.compile(
    r"/(?:19|20)\d\d"  # a year, then a month (and day) as segments, or a compact date
    r"(?:/[01]?\d(?:/[0-3]?\d)?|-[01]\d-[0-3]\d|[01]\d[0-3]\d"
    # or a month by its name, and a day ("/2024/jan/16/", the Guardian's)
    r"|/(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/[0-3]?\d)/"
)
# A story's id under an "articles" or "story" segment: "/news/articles/c4ng5v9kq9xo".
_ARTICLE_ID = re.compile(r"^(?=[a-z0-9]*\d)[a-z0-9]{8,}$")
_ARTICLE_PARENTS = frozenset({"article", "articles", "story", "stories", "news", "a"})
_LONG_ID = re.compile(r"(?:^|[^0-9])\d{5,}(?:[^0-9]|$)")
# ?id=123, ?p=4101 (WordPress), ?articleId=..., ?story_id=...
_ID_QUERY = re.compile(r"(?:^|&)(?:id|p|aid|nid|sid|(?:article|story|news|post)_?id)=\d{3,}(?:&|$)")
_WORD_SPLIT = re.compile(r"[-_+]")


def site_domain(host: str) -> str:
    """The registrable domain by the public-suffix list, with its private part (the
    domains where anyone may have a site): "news.bbc.co.uk" → "bbc.co.uk",
    "alice.blogspot.com" → "alice.blogspot.com". A host that is a suffix itself, an IP
    address or a name with no dot is its own."""
    host = host.rstrip(".").lower()
    if not host or host[-1].isdigit() or host.startswith("["):  # (no top-level domain ends in one)
        return host
    return _suffixes().privatesuffix(host) or host


@cache
def _suffixes() -> PublicSuffixList:
    # The list the package bundles (it is released with each change to the list); loaded
    # once, in 50 ms, when a first host is asked about. Never fetched over the network.
    return PublicSuffixList()


def _is_listing_or_asset(segments: list[str], query: str) -> bool:
    if any(segment in _NOT_ARTICLE_SEGMENTS for segment in segments):
        return True
    _, dot, extension = segments[-1].rpartition(".")
    return bool(dot and extension in _MEDIA_EXTENSIONS) or bool(_LISTING_QUERY.search(query))


def _looks_dated(segments: list[str]) -> bool:
    # A date followed by something: /2024/01/16/slug, /2024-01-16/slug; not the archive /2024/01/.
    path = "/" + "/".join(segments)
    match = _DATE_IN_PATH.search(path + "/")
    return match is not None and match.end() < len(path) + 1


def _has_long_id(segments: list[str], query: str) -> bool:
    return any(_LONG_ID.search(segment) for segment in segments[-2:]) or bool(
        _ID_QUERY.search(query)
    )


def _has_article_id(segments: list[str]) -> bool:
    """An id of letters and digits under "articles": BBC's "/news/articles/c4ng5v9kq9xo"."""
    return (
        len(segments) >= 2
        and segments[-2] in _ARTICLE_PARENTS
        and _ARTICLE_ID.match(segments[-1]) is not None
    )


def _looks_like_slug(segments: list[str]) -> bool:
    stem = segments[-1].rsplit(".", 1)[0]
    words = [word for word in _WORD_SPLIT.split(stem) if word]
    return len(words) >= 4 or (len(words) >= 3 and len(stem) >= 15)
