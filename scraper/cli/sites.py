"""`scraper sites`: the archive's per-site rules, their history, and trying new ones."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from ..errors import SiteRulesError
from ..extract import SiteRules
from . import archive_at, cli, db_option, fail, json_option

if TYPE_CHECKING:
    from ..archive import Archive, SiteRulesEdit
    from ..site_trial import RuleTrial


@cli.command()
@click.argument("file", required=False, type=click.File("r", encoding="utf-8"))
@click.option("--clear", is_flag=True, help="Remove the site rules (keep them on record).")
@click.option(
    "--try",
    "trial",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show what FILE's rules would change on each site's N newest archived pages;"
    " put nothing in force.",
)
@click.option("--history", is_flag=True, help="List every setting of the rules, newest first.")
@click.option(
    "--show", "shown", type=click.IntRange(min=1), metavar="N",
    help="Print setting N of the history (`--show N | scraper sites -` puts it back).",
)  # fmt: skip
@db_option
@json_option
def sites(
    file: TextIO | None,
    clear: bool,
    trial: int | None,
    history: bool,
    shown: int | None,
    db: Path,
    as_json: bool,
) -> None:
    """Show the archive's per-site rules, or put those in FILE (TOML; - reads stdin) in force.

    A rule tells the extractor where one site keeps its title, authors, tags or body, and
    what to drop. Runs, `fetch`, imports and `reextract` apply the rules in force; pages archived
    before are extracted again with them on their next revisit, or at once by `reextract`.
    Every setting is kept on record: `--history` lists them, `--show N` prints one.
    """
    if file is not None and clear:
        fail("give FILE or --clear, not both", 2)
    if trial is not None and file is None:
        fail("--try needs the FILE of rules to try", 2)
    if history and shown is not None:
        fail("give --history or --show, not both", 2)
    if (history or shown is not None) and (file is not None or clear):
        fail("--history and --show take no FILE and no --clear", 2)
    if history or shown is not None:
        with archive_at(db, reading=True) as archive:
            _show_history(archive, shown, as_json=as_json)
        return
    changed = False
    reading = (file is None and not clear) or trial is not None
    with archive_at(db, reading=reading, create=file is not None and not reading) as archive:
        if file is not None or clear:
            name = getattr(file, "name", "rules")
            try:
                text = file.read() if file is not None else ""
                rules = SiteRules.parse(text)
            except UnicodeDecodeError as error:
                fail(f"{name}: not UTF-8 text ({error})", 2)
            except SiteRulesError as error:
                fail(f"{name}: {error}")
            if file is not None and not rules:  # (an empty pipe, a wrong file: not a wish)
                fail(f"{name} holds no site rules; `scraper sites --clear` removes them", 2)
            if trial is not None:
                from ..site_trial import try_site_rules

                _print_trials(try_site_rules(archive, rules, pages=trial), as_json=as_json)
                return
            changed = archive.set_site_rules(text)
        else:
            text = archive.site_rules()
            rules = SiteRules.parse(text)
    if as_json:
        click.echo(json.dumps([asdict(rule) for rule in rules.rules], indent=2))
    elif file is None and not clear:
        _echo_rules(text if rules else "")
    else:
        now = f"{_size(rules)} in force"
        if not changed:
            click.echo(f"unchanged: {now if rules else 'no site rules'}")
            return
        click.echo(
            f"{now if rules else 'site rules cleared'}; pages archived before are extracted"
            " again on their next revisit, or all at once by `scraper reextract`"
        )


def _show_history(archive: Archive, number: int | None, *, as_json: bool) -> None:
    """The settings of the rules, newest first; or setting `number`'s text."""
    edits = archive.site_rules_history()
    if number is not None:
        edit = next((e for e in edits if e.number == number), None)
        if edit is None:
            fail(f"no setting {number} in the history of site rules ({len(edits)} settings)")
        if as_json:
            click.echo(json.dumps(_edit_dict(edit, in_force=edit is edits[0]), indent=2))
        else:
            _echo_rules(edit.rules)
        return
    if as_json:
        rows = [_edit_dict(edit, in_force=i == 0) for i, edit in enumerate(edits)]
        click.echo(json.dumps(rows, indent=2))
        return
    if not edits:
        click.echo("# no site rules were ever set")
    for i, edit in enumerate(edits):
        state = "in force" if i == 0 else ""
        click.echo(f"{edit.number:>4}  {edit.set_at}  {state:8}  {_summary(edit)}")


def _summary(edit: SiteRulesEdit) -> str:
    """What a setting held, in a few words; rules this release refuses (a newer one's)
    say why, as a history must list every setting."""
    try:
        rules = SiteRules.parse(edit.rules)
    except SiteRulesError as error:
        return f"not readable by this release: {error}"
    return _size(rules) if rules else "site rules cleared"


def _edit_dict(edit: SiteRulesEdit, *, in_force: bool) -> dict[str, Any]:
    return {**asdict(edit), "in_force": in_force, "summary": _summary(edit)}


def _echo_rules(text: str) -> None:
    shown = text if text.strip() else "# no site rules\n"
    click.echo(shown, nl=not shown.endswith("\n"))


def _size(rules: SiteRules) -> str:
    hosts = sum(len(rule.hosts) for rule in rules.rules)
    return f"{_count(len(rules.rules), 'site rule')} for {_count(hosts, 'host')}"


def _print_trials(trials: list[RuleTrial], *, as_json: bool) -> None:
    if as_json:
        rows = [
            {"hosts": list(t.rule.hosts), "paths": list(t.rule.paths), "pages": t.pages,
             "changed": t.changed, "unmatched": list(t.unmatched)}
            for t in trials
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    for t in trials:
        name = ", ".join(t.rule.hosts) + "".join(f" {path}" for path in t.rule.paths)
        if not t.pages:
            click.echo(f"{name}: no archived pages to try the rule on")
            continue
        changes = ", ".join(f"{field} on {n}" for field, n in t.changed.items())
        click.echo(f"{name}: {_count(t.pages, 'page')} tried; it would change {changes}")
        for selector in t.unmatched:
            click.echo(f"  matched nothing: {selector}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
