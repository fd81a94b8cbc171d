"""A server's or CDN's error page served with 200 while the origin is down: a failed
visit, tried again, never an article nor a story's version (`scraper.notices`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from newssite import NewsSite, story
from webserver import WebServer

from scraper.cli import cli

FAST = ["--delay", "0", "--timeout", "5"]
SCHEDULE = ["--revisit", "1s,2s,3s,4s,5s,6s"]

VARNISH = (
    "<html><head><title>Error 503 Service Unavailable</title></head><body><h1>Error 503"
    " Service Unavailable</h1><p>Service Unavailable</p><h3>Guru Meditation:</h3>"
    "<p>XID: 123456789</p><hr><p>Varnish cache server</p></body></html>"
)
CLOUDFLARE = (
    "<html><head><title>news.example | 502: Bad gateway</title></head><body><h1>Bad gateway"
    " <span>Error code 502</span></h1><h2>What happened?</h2><p>The web server reported a bad"
    " gateway error.</p><h2>What can I do?</h2><p>Please try again in a few minutes.</p>"
    "<p>Cloudflare Ray ID: 7d1e2f3a4b5c6d7e</p></body></html>"
)
# A real story about such an outage, quoting the page: a story.
OUTAGE_STORY = (
    "<html><head><title>Error 503: what readers saw when the CDN failed</title></head><body>"
    "<article><h1>Error 503: what readers saw when the CDN failed</h1><p>Readers of dozens of"
    " news sites saw only 'Error 503 Service Unavailable' and a 'Guru Meditation' code on"
    " Tuesday morning, when the content delivery network in front of them failed.</p><p>The"
    " Varnish cache server page stayed up for forty minutes before engineers restored the"
    " service, the company said in a statement to customers.</p></article></body></html>"
)


def cli_ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def cli_json(*args: str) -> Any:
    return json.loads(cli_ok(*args, "--json"))


def fetch(db: str, *urls: str) -> Any:
    """The report of `fetch` (exit 1 when every URL failed)."""
    result = CliRunner().invoke(cli, ["fetch", *urls, "--db", db, *FAST, "--json"])
    return json.loads(result.stdout)


def test_an_error_page_served_with_200_is_a_failed_visit(server: WebServer, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    item = story(1)
    url = site.add("/news/1.html", item)
    server.page("/news/varnish.html", VARNISH)
    server.page("/news/cloudflare.html", CLOUDFLARE)
    server.page("/news/outage.html", OUTAGE_STORY)
    cli_ok("add", site.feed_url, "--db", db, *FAST)
    first = cli_json("run", "--db", db, *FAST, *SCHEDULE)
    assert first["archived"] == 1
    new = [server.url(f"/news/{name}.html") for name in ("varnish", "cloudflare", "outage")]
    report = fetch(db, *new)
    assert (report["archived"], report["failed"], report["gone"]) == (1, 2, 0)
    failed = {e["url"]: e["reason"] for e in cli_json("log", "--db", db, "--failed")}
    assert set(failed) == set(new[:2])
    assert all("error page" in reason for reason in failed.values())

    # An archived story's revisit during the outage: no version (no fake edit, no revert).
    server.page("/news/1.html", VARNISH)
    report = fetch(db, url)
    assert (report["failed"], report["gone"], report["new_versions"]) == (1, 0, 0)
    site.add("/news/1.html", item)
    fetch(db, url)
    found = cli_json("history", url, "--db", db)
    assert len(found["versions"]) == 1 and not found["removed_at"]
