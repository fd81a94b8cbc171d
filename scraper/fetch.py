"""The only module that talks HTTP: `Fetcher.fetch(url) -> FetchOutcome`, politely and safely.

For each URL, and again for every redirect hop, in this order:

1. the URL must be http(s) and, unless its host is trusted, resolve only to public
   addresses (`netpolicy`) -- nothing is sent otherwise;
2. the site's robots.txt must allow it (`robots`: read once per site, kept between runs);
3. the host's limiter grants a slot (`politeness`: concurrency, delay, Crawl-delay,
   Retry-After);
4. one GET, bounded by `timeout` as a whole, body read within `max_bytes` after
   decompression (`fetch_body`); timeouts, resets, truncation, 429 and 5xx are retried
   with back-off.

`fetch` never raises for a URL's problem: every failure is an outcome with a reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import TracebackType

import httpx

from .clock import utc_now
from .errors import (
    ROBOTS_REFUSAL,
    Blocked,
    FetchError,
    HostSkipped,
    HTTPStatusError,
    NotHTML,
    Truncated,
)
from .fetch_body import (
    ACCEPT_ENCODING,
    ACCEPT_HEADERS,
    Accept,
    body_refusal,
    conditional,
    describe_failure,
    gunzip,
    read_body,
    status_error,
    type_refusal,
)
from .fetch_config import FetchConfig
from .fetch_memory import FetchMemory, RobotsCopy
from .models import FetchOutcome, Page
from .netpolicy import address_refusal, host_key, parse_url, url_host
from .politeness import HostLimiter, Politeness, Sleep, backoff_delay, parse_retry_after
from .robots import ROBOTS_MAX_BYTES, RobotsCache

__all__ = ["FetchConfig", "Fetcher"]

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_TRANSIENT = (httpx.TransportError, TimeoutError, Truncated)
# A server's own error is retried once only: a broken deploy is not mended in seconds.
_SERVER_ERRORS = frozenset({500, 502, 504})


def _server_error(failure: Exception) -> bool:
    return isinstance(failure, HTTPStatusError) and failure.status in _SERVER_ERRORS


@dataclass(frozen=True)
class _Reply:
    """A response whose body, if wanted, has been read."""

    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes
    http_version: str
    moved: str | None = None  # where the URL's leading permanent redirects led, if any


class Fetcher:
    """Fetches pages politely; use as `async with Fetcher(config) as fetcher:`.

    `transport` replaces the network (e.g. `httpx.MockTransport` in tests); `sleep`
    replaces `asyncio.sleep` for every wait, so tests can record waits instead of waiting.
    """

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        trusted_hosts: Iterable[str] = (),
        sleep: Sleep = asyncio.sleep,
        memory: FetchMemory | None = None,
    ) -> None:
        """`memory`: where what outlives the run is kept (a Retry-After, robots.txt)."""
        self.config = config = config or FetchConfig()
        self._transport = transport
        # One client (connection pool) per host: httpx's pool scans all its connections
        # for every request, which grows quadratic when one pool serves many hosts.
        self._clients: dict[str, httpx.AsyncClient] = {}
        # Shared by every host's client: loading the CA bundle costs ~15 ms each time.
        self._ssl = httpx.create_ssl_context()
        self._trusted = {host_key(host) for host in trusted_hosts}
        self._politeness = Politeness(
            concurrency=config.concurrency, delay=config.delay, sleep=sleep, memory=memory
        )
        self._robots = RobotsCache(self._fetch_robots, memory)
        self._refusals: dict[tuple[str, int], str | None] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _client(self, url: httpx.URL) -> httpx.AsyncClient:
        key = f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = httpx.AsyncClient(
                http2=True,
                transport=self._transport,
                verify=self._ssl,
                timeout=httpx.Timeout(self.config.timeout),
                follow_redirects=False,  # each hop is checked by `_follow`
                headers={
                    "User-Agent": self.config.user_agent,
                    "Accept-Encoding": ACCEPT_ENCODING,
                },
            )
        return client

    def trust(self, host: str) -> None:
        """Let `host` (a name the user gave) be fetched even if its address is private."""
        self._trusted.add(host_key(host))

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Accept = "html",
        trusted: bool = False,
    ) -> FetchOutcome:
        """GET `url`, following redirects; `trusted=True` when the user named this URL.

        With `etag`/`last_modified` the request is conditional and a 304 gives
        `not_modified`. `accept` says what is wanted: anything else is `skipped`.
        """
        headers = {"Accept": ACCEPT_HEADERS[accept]}
        headers |= conditional(etag, last_modified)
        try:
            return await self._fetch(url, headers, accept, trusted)
        except Exception as exc:  # a bug of ours must not end the run: report it for this URL
            log.exception("unexpected error fetching %s", url)
            return FetchOutcome(url, "error", reason=f"unexpected error: {exc!r}")

    async def _fetch(
        self,
        url: str,
        headers: dict[str, str],
        accept: Accept,
        trusted: bool,
        *,
        robots: bool = True,
        limit: int | None = None,
    ) -> FetchOutcome:
        try:
            reply = await self._follow(
                url, headers, accept, trusted=trusted, robots=robots, limit=limit
            )
        except Blocked as exc:
            return FetchOutcome(url, "blocked", reason=str(exc))
        except HostSkipped as exc:
            return FetchOutcome(url, "deferred", reason=str(exc), asked_to_wait=exc.asked)
        except NotHTML as exc:
            return FetchOutcome(url, "skipped", reason=str(exc))
        except HTTPStatusError as exc:
            gone = exc.status in (404, 410)
            return FetchOutcome(
                url, "gone" if gone else "error", status=exc.status, reason=str(exc)
            )
        except FetchError as exc:
            return FetchOutcome(url, "error", reason=str(exc))
        page = Page(
            url=url,
            final_url=str(reply.url),
            status=reply.status,
            headers=tuple(reply.headers.multi_items()),
            body=reply.body,
            fetched_at=utc_now(),
            http_version=reply.http_version,
        )
        if reply.status == 304:
            return FetchOutcome(url, "not_modified", 304, "not modified", page, reply.moved)
        return FetchOutcome(url, "ok", status=reply.status, page=page, moved_to=reply.moved)

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        accept: Accept,
        *,
        trusted: bool,
        robots: bool,
        limit: int | None = None,
    ) -> _Reply:
        """Every hop from `url` to a final response, each one checked before it is sent."""
        current = parse_url(url)
        trusted_hosts = self._trusted | ({url_host(current)} if trusted else set())
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        chain = [str(current)]
        moved, lasting = None, True  # (after a temporary hop, no address is a lasting one)
        for _ in range(self.config.max_redirects + 1):
            try:
                await self._admit(current, trusted_hosts, robots=robots)
            except Blocked as exc:
                if len(chain) == 1:
                    raise
                reason = f"{exc} (redirected from {chain[-2]})"
                raise Blocked(reason, url=url, reason=exc.reason) from None
            reply = await self._send(current, headers, accept, limit)
            location = reply.headers.get("location")
            if reply.status not in _REDIRECTS or location is None:
                return replace(self._final(reply, accept, conditional=conditional), moved=moved)
            # (Browsers, after the URL standard, read "\\" as "/" in http(s) URLs.)
            current = parse_url(location.replace("\\", "/"), base=current, referrer=chain[-1])
            if str(current) in chain:
                loop = " -> ".join([*chain[chain.index(str(current)) :], str(current)])
                raise FetchError(f"redirect loop: {loop}", url=url)
            chain.append(str(current))
            lasting = lasting and reply.status in (301, 308)  # (a feed reader's cue to move)
            moved = str(current) if lasting else moved
        raise FetchError(
            f"too many redirects (more than {self.config.max_redirects}): "
            f"{chain[0]} -> ... -> {chain[-1]}",
            url=url,
        )

    def _final(self, reply: _Reply, accept: Accept, *, conditional: bool) -> _Reply:
        """Check a final response: its status, then whether its body is what was wanted."""
        url = str(reply.url)
        status = reply.status
        if status == 304 and conditional:
            return reply
        if not 200 <= status < 300:
            raise status_error(reply.url, reply.status)
        content_type = reply.headers.get("content-type")
        refusal = body_refusal(accept, content_type, reply.body)
        if refusal:
            raise NotHTML(refusal, url=url, content_type=content_type or "")
        if accept == "html" and not reply.body:
            raise FetchError("empty response", url=url)
        return reply

    async def _admit(self, url: httpx.URL, trusted_hosts: set[str], *, robots: bool) -> None:
        """Raise `Blocked` (or `FetchError`) unless `url` may be requested now."""
        host = url_host(url)
        trusted = host in trusted_hosts
        if not trusted:
            refusal = await self._address_refusal(url)
            if refusal:
                raise Blocked(refusal, url=str(url), reason="address")
        limiter = self._politeness[host]
        limiter.check_given_up(host, str(url))  # (held since an earlier run: no robots.txt)
        if not (robots and self.config.respect_robots):
            return
        rules = await self._robots.rules_for(url, trusted=trusted)
        if rules.unavailable:
            limiter.check_given_up(host, str(url))  # (its robots.txt asked us to wait)
            raise HostSkipped(f"{rules.unavailable}; {host} skipped this run", url=str(url))
        if not rules.allows(str(url), self.config.user_agent):
            raise Blocked(ROBOTS_REFUSAL, url=str(url), reason="robots")
        delay = rules.crawl_delay(self.config.user_agent)
        if delay:
            self._politeness.slow_down(host, min(delay, self.config.max_retry_after))

    async def _address_refusal(self, url: httpx.URL) -> str | None:
        host = url_host(url)
        key = (host, url.port or (443 if url.scheme == "https" else 80))
        if key not in self._refusals:
            try:
                self._refusals[key] = await address_refusal(*key)
            except OSError as exc:  # not cached: name resolution may work next time
                raise FetchError(f"cannot resolve {host}: {exc}", url=str(url)) from None
        return self._refusals[key]

    async def robots_sitemaps(self, url: str) -> tuple[str, ...]:
        """The sitemaps the robots.txt of `url`'s site lists (a site the user named)."""
        rules = await self._robots.rules_for(httpx.URL(url), trusted=True)
        return rules.sitemaps

    async def _fetch_robots(self, url: str, trusted: bool, kept: RobotsCopy | None) -> FetchOutcome:
        """robots.txt of a site, through the same checks and limits as any other request;
        conditionally, when a copy of its rules is `kept`."""
        headers = {"Accept": "text/plain,*/*;q=0.5"}
        if kept is not None and kept.body is not None:
            headers |= conditional(kept.etag, kept.last_modified)
        limit = min(ROBOTS_MAX_BYTES, self.config.max_bytes)
        return await self._fetch(url, headers, "any", trusted, robots=False, limit=limit)

    async def _send(
        self, url: httpx.URL, headers: dict[str, str], accept: Accept, limit: int | None
    ) -> _Reply:
        """One GET, retried on transient failures; every wait is the host's wait."""
        host, limiter = url_host(url), self._politeness[url_host(url)]
        failure: Exception | None = None
        for attempt in range(self.config.retries + 1):
            try:
                async with limiter.slot():
                    limiter.check_given_up(host, str(url))  # (decided as it waited)
                    reply = await self._attempt(url, headers, accept, limit)
            except _TRANSIENT as exc:
                if "location header" in str(exc):  # httpx's word for a malformed redirect
                    raise FetchError(f"malformed redirect: {exc}", url=str(url)) from None
                failure, retry_after = exc, None
            else:
                if reply.status not in _RETRY_STATUSES:
                    limiter.answered()
                    return reply
                failure = status_error(reply.url, reply.status)
                retry_after = parse_retry_after(reply.headers.get("retry-after"))
            if not self._before_retry(limiter, url, attempt, failure, retry_after):
                break
        assert failure is not None
        limiter.url_failed(failure.status if isinstance(failure, HTTPStatusError) else None)
        retries = attempt
        suffix = f" (after {retries} {'retry' if retries == 1 else 'retries'})" if retries else ""
        if isinstance(failure, HTTPStatusError):
            raise HTTPStatusError(f"{failure}{suffix}", url=str(url), status=failure.status)
        raise FetchError(f"{describe_failure(failure, self.config.timeout)}{suffix}", url=str(url))

    def _before_retry(
        self,
        limiter: HostLimiter,
        url: httpx.URL,
        attempt: int,
        failure: Exception,
        retry_after: float | None,
    ) -> bool:
        """Hold the host as `failure` asks; whether its URL is tried again."""
        if retry_after is not None and retry_after > self.config.max_retry_after:
            # Longer than a run sits out: leave the host alone, not ask every 120 s.
            reason = f"asked to wait {retry_after:.0f} s (Retry-After)"
            self._politeness.hold(url_host(url), retry_after, reason)
            limiter.check_given_up(url_host(url), str(url))
        last = attempt == self.config.retries or (attempt > 0 and _server_error(failure))
        wait = retry_after
        if wait is None and not last:
            wait = backoff_delay(attempt, self.config.backoff, self.config.max_retry_after)
        if wait is not None:  # a Retry-After holds the host after the last attempt too
            limiter.defer(wait)
        if not last:
            why = describe_failure(failure, self.config.timeout)
            log.info("retrying %s in %.1f s: %s", url, wait, why)
        return not last

    async def _attempt(
        self, url: httpx.URL, headers: dict[str, str], accept: Accept, limit: int | None
    ) -> _Reply:
        """A single exchange, bounded as a whole by the timeout (against trickling servers)."""
        async with asyncio.timeout(self.config.timeout):
            client = self._client(url)
            request = client.build_request("GET", url, headers=headers)
            response = await client.send(request, stream=True)
            try:
                body = b""
                if 200 <= response.status_code < 300:
                    body = await self._read(response, accept, limit)
                status, protocol = response.status_code, response.http_version
                return _Reply(url, status, response.headers, body, protocol)
            finally:
                await response.aclose()

    async def _read(self, response: httpx.Response, accept: Accept, limit: int | None) -> bytes:
        content_type = response.headers.get("content-type")
        refusal = type_refusal(accept, content_type)
        if refusal:  # decided by the header: do not download a PDF to learn it is one
            raise NotHTML(refusal, url=str(response.url), content_type=content_type or "")
        body = await read_body(response, limit or self.config.max_bytes, truncate=limit is not None)
        if accept == "feed" and body.startswith(b"\x1f\x8b"):  # a .xml.gz sitemap file
            body = gunzip(body, self.config.max_bytes, url=str(response.url))
        return body
