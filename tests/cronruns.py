"""`scraper run` as cron starts it, hours apart, against a real server on 127.0.0.1: the
clock is stepped by replacing `scraper.clock.now`, the one every stored time reads."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from webserver import Recorded, WebServer

from scraper import clock, fetch
from scraper.archive import Archive
from scraper.fetch import FetchConfig
from scraper.models import RunReport
from scraper.pipeline import RunOptions, run


@dataclass
class CronRuns:
    """Runs of one archive at `hours` after `start`, each in its own event loop."""

    archive: Archive
    server: WebServer
    monkeypatch: pytest.MonkeyPatch
    start: datetime
    fetch: FetchConfig
    seen: int = 0  # the server's requests before this run's

    def at(self, hours: float) -> RunReport:
        self.monkeypatch.setattr(clock, "now", lambda: self.start + timedelta(hours=hours))
        self.seen = len(self.server.requests)
        options = RunOptions(fetch=self.fetch, extract_processes=0)
        return asyncio.run(run(self.archive, options))

    def requests(self) -> list[Recorded]:
        """What the last run asked the server for."""
        return self.server.requests[self.seen :]

    def asked(self) -> list[str]:
        return [r.path for r in self.requests()]

    def requested(self, path: str) -> list[Recorded]:
        return [r for r in self.requests() if r.path == path]


def localhost_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let `localhost` pass for a public host, 127.0.0.1 staying the user's own network:
    a site moving to another host, on this machine."""
    private = fetch.address_refusal

    async def public(host: str, port: int) -> str | None:
        return None if host == "localhost" else await private(host, port)

    monkeypatch.setattr(fetch, "address_refusal", public)
