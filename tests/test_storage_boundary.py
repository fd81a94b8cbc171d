"""Only `scraper/archive/` knows the storage (the README's design notes): no other module
imports SQLite or reaches into an archive's database, so a PostgreSQL archive is one
package to write. (A WARC task's worker loads none of it: `test_warc_articles`.)"""

from __future__ import annotations

import ast
from pathlib import Path

import scraper

PACKAGE = Path(scraper.__file__).parent
STORAGE = frozenset({"sqlite3", "sqlite_utils"})
HANDLES = frozenset({"db", "conn"})  # `Archive.db`, and its connection
SIDE_FILES = frozenset({"-wal", "-shm", "-journal"})  # SQLite's, beside its database


def leaks(path: Path) -> list[str]:
    """Where `path` imports the storage or uses an archive's database handle."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        if any(name.split(".")[0] in STORAGE for name in names):
            found.append(f"{path.name}:{node.lineno}: imports {', '.join(names)}")
        if isinstance(node, ast.Attribute) and node.attr in HANDLES:
            found.append(f"{path.name}:{node.lineno}: uses .{node.attr}")
        if isinstance(node, ast.Constant) and node.value in SIDE_FILES:
            found.append(f"{path.name}:{node.lineno}: names SQLite's {node.value} file")
    return found


def test_no_module_outside_the_archive_touches_the_storage() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if "archive" not in p.parts]
    assert len(outside) > 50
    assert [leak for path in outside for leak in leaks(path)] == []


def test_the_archive_names_its_own_files(tmp_path: Path) -> None:
    # What an export must not write over: the archive knows its files, the CLI asks.
    from scraper.archive import archive_files, open_archive

    path = tmp_path / "news.db"
    with open_archive(path) as archive, archive.lock():
        on_disk = {p for p in tmp_path.iterdir() if p.name != "news.db-journal"}
    link = tmp_path / "link.db"
    link.symlink_to(path)
    assert on_disk <= archive_files(path) == archive_files(link)
    assert {p.name for p in archive_files(path)} == {
        "news.db",
        "news.db-wal",
        "news.db-shm",
        "news.db.lock",
    }
