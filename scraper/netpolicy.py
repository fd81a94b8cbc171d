"""Which URLs the fetcher may request: http(s) only, and public addresses unless trusted.

A URL found on the web (a feed item, a redirect) must not make us request
`http://10.0.0.5/admin` or `http://169.254.169.254/` on the user's network. So a host
nobody named is resolved first, and refused if any of its addresses is not a public
unicast one (the guard against server-side request forgery). Hosts the user named
(their own feeds, an intranet site) are trusted.

Known gap: the check and httpx's own connection resolve separately, so a DNS server
that answers differently the second time (DNS rebinding) can slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence

import httpx

from .errors import Blocked, FetchError

__all__ = [
    "Resolver",
    "address_refusal",
    "host_key",
    "parse_url",
    "resolve",
    "url_host",
    "why_not_public",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]


def why_not_public(address: IPAddress) -> str | None:
    """The kind of a non-public address ("loopback", "private", ...), or None if public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # Order matters: 127.0.0.1 is also "private" to Python; name the most telling kind.
    kinds = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    )
    for kind, applies in kinds:
        if applies:
            return kind
    # Shared (100.64.0.0/10), documentation and other special ranges are not global.
    return None if address.is_global else "non-public"


async def resolve(host: str, port: int) -> Sequence[str]:
    """Every address `host` resolves to, via the event loop's resolver."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def address_refusal(host: str, port: int, resolver: Resolver = resolve) -> str | None:
    """Why `host` must not be fetched (a sentence), or None when all its addresses are public.

    Raises `OSError` (`socket.gaierror`) when the name does not resolve.
    """
    literal = _ip_literal(host)
    if literal is not None:
        kind = why_not_public(literal)
        return f"refused: {host} is a {kind} address" if kind else None
    for text in await resolver(host, port):
        text = text.split("%", 1)[0]  # drop an IPv6 zone id
        kind = why_not_public(ipaddress.ip_address(text))
        if kind:
            return f"refused: {host} resolves to {kind} address {text}"
    return None


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def parse_url(url: str, *, base: httpx.URL | None = None, referrer: str = "") -> httpx.URL:
    """An absolute http(s) URL, or `FetchError` (malformed) / `Blocked` (other scheme)."""
    where = f" (redirected from {referrer})" if referrer else ""
    try:
        parsed = base.join(url) if base is not None else httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise FetchError(f"malformed URL{where}: {url!r}: {exc}", url=url) from None
    if parsed.scheme not in ("http", "https"):
        if parsed.scheme:
            raise Blocked(f"unsupported scheme {parsed.scheme}:{where}", url=url, reason="scheme")
        raise FetchError(f"malformed URL{where}: {url!r} is not absolute", url=url)
    if not parsed.host:
        raise FetchError(f"malformed URL{where}: {url!r} has no host", url=url)
    return parsed.copy_with(fragment=None)


def url_host(url: httpx.URL) -> str:
    """The host as compared and keyed: lower case, IDNA-encoded, no trailing dot."""
    return url.raw_host.decode("ascii").lower().rstrip(".")


def host_key(host: str) -> str:
    """A host name given by a person ("Bücher.de", "[::1]") as `url_host` spells it."""
    host = host.strip()
    try:
        return url_host(httpx.URL(f"http://{host}/"))
    except (httpx.InvalidURL, UnicodeError):
        return host.lower().rstrip(".")
