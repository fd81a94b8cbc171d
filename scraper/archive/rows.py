"""Rows as dicts to and from SQL, for `queries` (reads) and `results` (writes).

`records` maps an `Article` to a dict of column values and back, so reads hand rows over
as dicts and writes take one; these build the plain statements for that, run inside
whatever transaction the caller holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

__all__ = [
    "host_condition",
    "insert_row",
    "select_rows",
    "stored_hosts",
    "update_row",
    "update_where",
]


def select_rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def insert_row(db: Database, table: str, row: dict[str, Any]) -> sqlite3.Cursor:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def update_row(db: Database, table: str, row_id: int, **values: Any) -> None:
    update_where(db, table, "id = ?", [row_id], **values)


def update_where(db: Database, table: str, where: str, params: list[Any], **values: Any) -> None:
    if values:
        assignments = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*values.values(), *params])


def host_condition(hosts: Iterable[str], column: str = "host") -> tuple[str, list[Any]]:
    """SQL true for a `column` that is one of `hosts` or a subdomain of one, and its
    parameters. (Not LIKE: "_" in a host would be a wildcard.)"""
    hosts = list(hosts)
    sql = " OR ".join(f"{column} = ? OR substr({column}, -?) = ?" for _ in hosts)
    params = [value for host in hosts for value in (host, len(host) + 1, f".{host}")]
    return f"({sql})" if hosts else "0", params


def stored_hosts(db: Database, hosts: Iterable[str]) -> list[str]:
    """The hosts of stored pages that are one of `hosts` or a subdomain of one, found in
    the pages' host index (a suffix cannot be looked up there): then `host IN (…)` is."""
    hosts = list(hosts)
    return [
        name
        for (name,) in db.execute("SELECT DISTINCT host FROM pages")
        if any(name == host or name.endswith(f".{host}") for host in hosts)
    ]
