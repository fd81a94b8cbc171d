"""A run in which every page's extraction raises, as after a broken installation (a
library too old for the extractor), fails loudly; a page or two failing does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from newssite import NewsSite, story  # tests/ is on sys.path (no __init__.py)
from warcs import HTML, T1, html, url, write_warc
from webserver import WebServer

import scraper.pipeline
import scraper.warc_import
from scraper import extract
from scraper.cli import cli
from scraper.models import Article

FAST = ["--delay", "0", "--timeout", "5"]
TOO_OLD = "__init__() got an unexpected keyword argument 'scripting'"


def _extractor_failing_on(failing: set[str]) -> object:
    def extractor(html: bytes, url: str, *, content_type: str | None) -> Article:
        if url.rsplit("/", 1)[-1] in failing:
            raise TypeError(TOO_OLD)
        return extract(html, url, content_type=content_type)

    return extractor


@pytest.mark.parametrize(
    ("failing", "code"),
    [
        ({"0.html", "1.html", "2.html", "3.html"}, 1),  # every page: the installation
        ({"0.html"}, 0),  # one page: recorded, the run goes on and succeeds
    ],
)
def test_a_run_whose_every_extraction_fails_exits_1(
    server: WebServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: set[str],
    code: int,
) -> None:
    site = NewsSite(server)
    for n in range(4):
        site.add(f"/news/{n}.html", story(n))
    db = str(tmp_path / "archive.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["add", site.feed_url, "--db", db, *FAST]).exit_code == 0
    broken = _extractor_failing_on(failing)
    monkeypatch.setattr(scraper.pipeline, "archive_extractor", lambda archive: broken)

    result = runner.invoke(cli, ["run", "--db", db, "--json", *FAST])

    assert result.exit_code == code, result.stderr
    report = json.loads(result.stdout)
    assert report["extracted"] == 4
    assert report["extraction_errors"] == len(failing)
    if code:
        assert "every page's extraction failed" in result.stderr
        assert TOO_OLD in result.stderr


def test_cron_sized_runs_whose_every_extraction_fails_exit_1_once_three_did_in_a_row(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (A run every 15 minutes extracts a page or two: the archive's fetch log tells.)
    site = NewsSite(server)
    db = str(tmp_path / "archive.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["add", site.feed_url, "--db", db, *FAST]).exit_code == 0
    broken = _extractor_failing_on({"1.html", "2.html", "3.html", "4.html", "5.html"})
    monkeypatch.setattr(scraper.pipeline, "archive_extractor", lambda archive: broken)
    codes = []
    for new in (["0.html"], ["1.html"], ["2.html", "3.html"], ["4.html"], ["5.html"]):
        for name in new:
            site.add(f"/news/{name}", story(int(name[0])))
        result = runner.invoke(cli, ["run", "--db", db, *FAST])
        codes.append(result.exit_code)
    # 0.html archived; 1 and 2+3 raised: one odd page is no broken install, three in a row
    # across runs are, as a fourth and a fifth
    assert codes == [0, 0, 1, 1, 1], result.stderr
    assert "every page's extraction failed" in result.stderr and TOO_OLD in result.stderr


@pytest.mark.parametrize(("failing", "code"), [(4, 1), (1, 0)])
def test_an_import_whose_every_extraction_fails_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int, code: int
) -> None:
    records = [(url(n), T1, 200, HTML, html(n)) for n in range(1, 5)]
    warc = write_warc(tmp_path / "x.warc.gz", records)
    broken = _extractor_failing_on({url(n).rsplit("/", 1)[-1] for n in range(1, failing + 1)})
    monkeypatch.setattr(scraper.warc_import, "archive_extractor", lambda archive: broken)
    db = str(tmp_path / "archive.db")

    args = ["import-warc", str(warc), "--db", db, "--processes", "0", "--json"]
    result = CliRunner().invoke(cli, args)

    assert result.exit_code == code, result.stderr
    report = json.loads(result.stdout)
    assert (report["extracted"], report["extraction_errors"]) == (4, failing)
    assert (TOO_OLD in result.stderr) == bool(code)
