"""A small, fast static HTTP/1.1 server for the throughput bench (stdlib asyncio only).

    python bench/server.py SITES_DIR [--port 8360]

Serves the sites `bench/sitegen.py` wrote: the manifest maps each loopback address
(127.0.0.1, 127.0.0.2, ...) to a site folder, and the server listens on each of them, so a
site is chosen by the address the client connected to (no DNS or Host header needed).
Files are stored gzip-compressed (`name.gz`) and sent as they are to clients that accept
gzip, decompressed for the others. Responses carry ETag and Last-Modified and answer
conditional requests with 304; connections are kept alive (HTTP/1.1, pipelining works).

It prints `ready PORT` on stdout once listening. `GET /__bench/stats` (any site) returns the
responses by status and the connections opened, as JSON; `GET /__bench/reset` zeroes them.
SIGTERM/SIGINT stop it.

One process, one core. `--load-test N` measures it instead of serving: N keep-alive GETs of
article pages over 8 connections from a raw-socket client in this process (the client's own
cost is included, so the server alone is faster). The bench also reports the server's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import signal
import sys
import time
from collections import Counter
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
MAX_HEAD = 16 * 1024  # a request head larger than this is refused (431)


class Sites:
    """Files by (site root, path), read on each request: the OS page cache keeps them hot."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self.roots = roots  # local address → site folder
        self.stats: Counter[str] = Counter()

    def find(self, address: str, target: str) -> Path | None:
        root = self.roots.get(address)
        path = unquote(urlsplit(target).path)
        if root is None or "\0" in path or ".." in path.split("/"):
            return None
        path = path.lstrip("/") or "index.html"
        if path.endswith("/"):
            path += "index.html"
        candidate = root / (path + ".gz")
        return candidate if candidate.is_file() else None


class HttpProtocol(asyncio.Protocol):
    def __init__(self, sites: Sites) -> None:
        self.sites = sites
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.address = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.address = transport.get_extra_info("sockname")[0]
        self.sites.stats["connections"] += 1  # few per host means keep-alive works

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self.reply(431, b"request head too large", {}, close=True)
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self.handle(head.decode("latin-1"))

    def handle(self, head: str) -> None:
        request_line, *lines = head.split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        try:
            method, target, version = request_line.split(" ")
        except ValueError:
            self.reply(400, b"bad request line", {}, close=True)
            return
        connection = headers.get("connection", "").lower()
        close = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
        if "content-length" in headers or "transfer-encoding" in headers:
            self.reply(400, b"request bodies are not supported", {}, close=True)
        elif method not in ("GET", "HEAD"):
            self.reply(405, b"method not allowed", {"Allow": "GET, HEAD"}, close)
        elif target.startswith("/__bench/"):
            self.control(target, close)
        else:
            self.serve_file(method, target, headers, close)

    def control(self, target: str, close: bool) -> None:
        if target == "/__bench/reset":
            self.sites.stats.clear()
        body = json.dumps(dict(self.sites.stats)).encode()
        self.reply(200, body, {"Content-Type": "application/json"}, close, count=False)

    def serve_file(self, method: str, target: str, headers: dict[str, str], close: bool) -> None:
        path = self.sites.find(self.address, target)
        if path is None:
            self.reply(404, b"not found", {}, close)
            return
        stat = path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        meta = {
            "ETag": etag,
            "Last-Modified": formatdate(int(stat.st_mtime), usegmt=True),
            "Vary": "Accept-Encoding",
            "Cache-Control": "max-age=60",
        }
        if not_modified(headers, etag, int(stat.st_mtime)):
            self.reply(304, b"", meta, close)
            return
        meta["Content-Type"] = TYPES.get(Path(path.stem).suffix, "application/octet-stream")
        body = path.read_bytes()
        if "gzip" in headers.get("accept-encoding", ""):
            meta["Content-Encoding"] = "gzip"
        else:
            body = gzip.decompress(body)
        self.reply(200, body, meta, close, head_only=method == "HEAD")

    def reply(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str],
        close: bool,
        *,
        head_only: bool = False,
        count: bool = True,
    ) -> None:
        assert self.transport is not None
        if count:
            self.sites.stats[str(status)] += 1
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}", f"Date: {now()}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.transport.write(head if head_only or status == 304 else head + body)
        if close:
            self.transport.close()


REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    431: "Request Header Fields Too Large",
}


_date_cache: tuple[int, str] = (0, "")


def now() -> str:
    global _date_cache
    second = int(time.time())
    if _date_cache[0] != second:
        _date_cache = (second, formatdate(second, usegmt=True))
    return _date_cache[1]


def not_modified(headers: dict[str, str], etag: str, mtime: int) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since."""
    if "if-none-match" in headers:
        tags = [t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")]
        return etag in tags or "*" in tags
    if "if-modified-since" in headers:
        try:
            return mtime <= parsedate_to_datetime(headers["if-modified-since"]).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def site_roots(sites_dir: Path) -> dict[str, Path]:
    manifest = json.loads((sites_dir / "manifest.json").read_text())
    roots = {}
    for site in manifest["sites"]:
        address = site["host"].rpartition(":")[0]
        if not address.startswith("127."):
            raise SystemExit(f"refusing to listen on non-loopback address {address}")
        roots[address] = sites_dir / site["dir"]
    return roots


async def serve(roots: dict[str, Path], port: int) -> None:
    loop = asyncio.get_running_loop()
    sites = Sites(roots)
    server = await loop.create_server(
        lambda: HttpProtocol(sites), host=list(roots), port=port, backlog=1024, reuse_address=True
    )
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"ready {port}", flush=True)
    async with server:
        await stop.wait()
    print(f"served {dict(sites.stats)}", file=sys.stderr)


async def fetch_many(host: str, port: int, paths: list[str]) -> int:
    """GET each path on one keep-alive connection; returns the body bytes read."""
    reader, writer = await asyncio.open_connection(host, port)
    total = 0
    for path in paths:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        total += len(await reader.readexactly(length))
    writer.close()
    return total


def load_test(sites_dir: Path, port: int, requests: int, connections: int = 8) -> None:
    """Start the server as a child process and time `requests` article GETs against it."""
    import subprocess

    manifest = json.loads((sites_dir / "manifest.json").read_text())
    urls = [urlsplit(u) for site in manifest["sites"] for u in site["articles"]]
    child = subprocess.Popen(
        [sys.executable, __file__, str(sites_dir), "--port", str(port)], stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # "ready PORT"
        jobs: dict[str, list[str]] = {}
        for i in range(requests):
            url = urls[i % len(urls)]
            jobs.setdefault(f"{url.hostname}#{i % connections}", []).append(url.path)

        async def run() -> int:
            tasks = [fetch_many(key.split("#")[0], port, paths) for key, paths in jobs.items()]
            return sum(await asyncio.gather(*tasks))

        start = time.perf_counter()
        cpu_before = child_cpu(child.pid)
        body_bytes = asyncio.run(run())
        elapsed = time.perf_counter() - start
        server_cpu = child_cpu(child.pid) - cpu_before
        print(
            f"{requests} GETs in {elapsed:.2f} s: {requests / elapsed:,.0f} req/s, "
            f"{body_bytes / elapsed / 1e6:.0f} MB/s gzip; server CPU {server_cpu:.2f} s "
            f"= {server_cpu / requests * 1e6:.0f} µs per request"
        )
    finally:
        child.terminate()
        child.wait()


def child_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites_dir", type=Path)
    parser.add_argument("--port", type=int, default=8360)
    parser.add_argument("--load-test", type=int, metavar="N", help="time N GETs, then exit")
    args = parser.parse_args()
    if args.load_test:
        load_test(args.sites_dir, args.port, args.load_test)
    else:
        asyncio.run(serve(site_roots(args.sites_dir), args.port))


if __name__ == "__main__":
    main()
