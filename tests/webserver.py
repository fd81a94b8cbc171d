"""A small threaded HTTP server on 127.0.0.1 for tests, able to misbehave on purpose.

Routes map a path to a handler that gets an `Exchange`: the recorded request plus
methods to answer well (`send`) or badly (`stall`, `reset`, half a body then `close`).
Every request is recorded, so tests can assert what was (never) asked for::

    with WebServer() as server:
        server.page("/a", b"<html>hi</html>")
        server.route("/slow", lambda ex: ex.stall())
        ...
        assert server.paths() == ["/robots.txt", "/a"]

Unknown paths answer 404, so a site without a route for /robots.txt has none.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar

__all__ = ["Exchange", "Handler", "Recorded", "WebServer"]


@dataclass(frozen=True)
class Recorded:
    """One request as the server received it."""

    method: str
    path: str  # with the query string
    headers: Mapping[str, str]  # lower-cased names
    host: str  # the Host header without the port
    at: float  # time.monotonic() on arrival

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _Hangup(Exception):
    """Raised by a handler to drop the connection without any further reply."""


class Exchange:
    """The request being served and the ways to answer it."""

    def __init__(self, handler: _RequestHandler, request: Recorded) -> None:
        self._handler = handler
        self.request = request

    def send(
        self,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """A complete, well-formed response with a Content-Length."""
        fields = list(headers)
        if content_type is not None:
            fields.append(("Content-Type", content_type))
        fields.append(("Content-Length", str(len(body))))
        self.start(status, fields)
        self.write(body)

    def start(self, status: int, headers: Iterable[tuple[str, str]] = ()) -> None:
        """The status line and headers only; the body is up to the handler."""
        handler = self._handler
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()

    def write(self, data: bytes) -> None:
        self._handler.wfile.write(data)
        self._handler.wfile.flush()

    def write_chunk(self, data: bytes) -> None:
        """One chunk of a `Transfer-Encoding: chunked` body (empty data ends it)."""
        self.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def close(self) -> None:
        """Close the connection now (a clean FIN), whatever was promised."""
        raise _Hangup

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self._handler.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        raise _Hangup

    def stall(self, seconds: float = 30.0) -> None:
        """Answer nothing until `seconds` pass or the server stops."""
        self._handler.server_stopping.wait(seconds)
        raise _Hangup

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up if the server stops."""
        self._handler.server_stopping.wait(seconds)


Handler = Callable[[Exchange], None]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like real servers
    owner: ClassVar[WebServer]
    server_stopping: ClassVar[threading.Event]

    def do_GET(self) -> None:
        path = self.path
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        request = Recorded(
            method=self.command,
            path=path,
            headers={k.lower(): v for k, v in self.headers.items()},
            host=host,
            at=time.monotonic(),
        )
        self.owner._record(request)
        handler = self.owner._handler_for(path.split("?", 1)[0])
        try:
            handler(Exchange(self, request))
        except (_Hangup, OSError):
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.close()

    def handle(self) -> None:
        # A client that gives up (the point of many tests) must not print tracebacks.
        with contextlib.suppress(OSError):
            super().handle()

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _not_found(exchange: Exchange) -> None:
    exchange.send(b"not found", status=404, content_type="text/plain")


class WebServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with a route table and a request log."""

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._requests: list[Recorded] = []
        self._lock = threading.Lock()
        stopping = threading.Event()
        handler_class = type(
            "Handler", (_RequestHandler,), {"owner": self, "server_stopping": stopping}
        )
        self._stopping = stopping
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        # A short poll interval makes stop() quick.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, daemon=True)
        self.port = self._server.server_address[1]

    # Routes

    def route(self, path: str, handler: Handler) -> None:
        """Serve `path` (without query) with `handler`."""
        with self._lock:
            self._routes[path] = handler

    def page(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Serve a fixed response at `path`."""
        data = body.encode() if isinstance(body, str) else body
        fields = tuple(headers)

        def handler(exchange: Exchange) -> None:
            exchange.send(data, status=status, content_type=content_type, headers=fields)

        self.route(path, handler)

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        self.page(path, status=status, content_type=None, headers=[("Location", location)])

    def url(self, path: str = "/", *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    # The request log

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._requests)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def requested(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    # Life cycle

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _record(self, request: Recorded) -> None:
        with self._lock:
            self._requests.append(request)

    def _handler_for(self, path: str) -> Handler:
        with self._lock:
            return self._routes.get(path, _not_found)
