"""The README documents every command and option, and its test command is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from scraper.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_documented(name: str) -> None:
    assert re.search(rf"^#+ `scraper {name}\b", README, re.M), f"README has no section for {name}"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in sorted(cli.commands.items())
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt not in ("--help", "--db")
    ],
)
def test_option_is_documented(name: str, option: str) -> None:
    heading = re.search(rf"^#+ `scraper {name}\b.*$", README, re.M)
    assert heading is not None
    section = README[heading.end() :].split("\n#", 1)[0]
    assert option in section, f"README's `scraper {name}` section does not mention {option}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^python -m pytest.*$", ci, re.M)
    assert command is not None
    assert command.group(0) in README


def test_the_library_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Library blocks that read an archive run as written, on a small one
    (the `pipeline.run` block is guarded by `__main__`: it only imports)."""
    from scraper.archive import open_archive
    from scraper.models import Article, Page

    url, at = "https://example.org/news/1", "2026-11-20T09:00:00+00:00"
    text = "The harbour plan was approved by the council after a long debate. " * 3
    with open_archive(tmp_path / "archive.db") as archive:
        run = archive.start_run(at)
        for n, body in enumerate((text, text + "It opens in May.")):
            page = Page(url, url, 200, (), b"<html><p>harbour</p></html>", f"2026-11-2{n}T09:00Z")
            article = Article(url=url, title="Harbour plan", language="en", text=body)
            archive.save_page(run, page, article, next_visit_at=None)
        archive.record_gone(run, url, status=410, at="2026-11-22T09:00:00+00:00")
    library = README.split("\n## Library", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in re.findall(r"```python\n(.*?)```", library, re.S) if "open_archive" in b]
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    printed: list[tuple[object, ...]] = []
    for block in blocks:
        exec(block, {"__name__": "readme", "print": lambda *args: printed.append(args)})
    assert (1, "Harbour plan", 2, "2026-11-22T09:00:00+00:00") in printed
    assert (1, [("2026-11-22T09:00:00+00:00", None)]) in printed
    assert any(args[:2] == ("Harbour plan", url) for args in printed)
