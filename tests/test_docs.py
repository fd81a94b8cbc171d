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
