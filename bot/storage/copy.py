"""``cchc db copy``: move every table from one database to another (SQLite → PostgreSQL and back).

An office that started on the embedded SQLite and moves to PostgreSQL keeps its users,
question log, feedback, quiz history and inbox. Both databases are first brought to this
code's schema version; the target must be empty; the rows are written in one transaction
on the target (all or nothing), tables in foreign-key order, with their ids, after which
PostgreSQL's id generators are moved past the copied ids. The tables are read from the
database itself (``bot.storage.schema``), so tables added by later migrations are copied
without a change here.

Stop the bot (or every worker) while copying: rows written to the source meanwhile would
not be copied.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.storage.database import Storage, StorageError
from bot.storage.schema import dependency_order, identity_columns, references, table_columns

# Runtime state of the workers running now (leases, heartbeats, rate-limit buckets): it
# means nothing to the workers that will start on the target.
TRANSIENT_TABLES = frozenset({"leases", "workers", "rate_buckets"})
# Rows per read and per insert batch: large enough to amortise round trips, small enough to
# keep a million-line question log out of memory at once.
BATCH_ROWS = 2000
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def _quoted(name: str) -> str:
    """A table or column name from the catalogue, quoted; anything unusual is refused.

    Identifiers cannot be parameters; these come from the database's own catalogue, and
    the check makes sure nothing else ever reaches the SQL text.
    """
    if not _IDENTIFIER.match(name):
        raise StorageError(f"unexpected table or column name {name!r}")
    return f'"{name}"'


async def copy_database(source: Storage, target: Storage,
                        progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every table's rows from ``source`` into the empty ``target``.

    Args:
        source: the database to copy (opened, hence migrated, at this code's version).
        target: an empty database at the same version.
        progress: called with (table, rows copied) after each table.

    Returns:
        Rows copied per table, in the order they were written.

    Raises:
        StorageError: different schema versions or tables, or a target that already holds rows.
    """
    if await source.schema_version() != await target.schema_version():
        raise StorageError(
            f"{source.location} and {target.location} have different schema versions; open both with this version first"
        )
    tables = {name: cols for name, cols in (await table_columns(source)).items() if name not in TRANSIENT_TABLES}
    target_tables = await table_columns(target)
    for name, columns in tables.items():
        if sorted(target_tables.get(name, [])) != sorted(columns):
            raise StorageError(f"table {name} differs between {source.location} and {target.location}")
    for name in tables:
        if await target._scalar(f"SELECT COUNT(*) FROM {_quoted(name)}"):
            raise StorageError(f"{target.location} is not empty (table {name} has rows); copy into an empty database")
    order = dependency_order(list(tables), await references(source))
    convert = await _converters(target)
    copied: dict[str, int] = {}
    async with target._transaction() as tx:
        for name in order:
            columns = tables[name]
            column_list = ", ".join(_quoted(c) for c in columns)
            insert = f"INSERT INTO {_quoted(name)} ({column_list}) VALUES ({', '.join('?' for _ in columns)})"
            select = (f"SELECT {column_list} FROM {_quoted(name)}"
                      f" ORDER BY {', '.join(str(i + 1) for i in range(len(columns)))} LIMIT ? OFFSET ?")
            changes = [convert.get((name, c), _same) for c in columns]
            count = 0
            while True:
                rows = await source._fetchall(select, (BATCH_ROWS, count))
                if not rows:
                    break
                await tx.executemany(insert, [[f(row[i]) for i, f in enumerate(changes)] for row in rows])
                count += len(rows)
            copied[name] = count
            if progress is not None:
                progress(name, count)
        for name, column in (await identity_columns(target)).items():
            if name in tables:
                await tx.execute(
                    f"SELECT setval(pg_get_serial_sequence(?, ?),"
                    f" COALESCE((SELECT MAX({_quoted(column)}) FROM {_quoted(name)}), 0) + 1, false)",
                    (name, column),
                )
    return copied


def _same(value: Any) -> Any:
    return value


async def _converters(target: Storage) -> dict[tuple[str, str], Callable[[Any], Any]]:
    """Per (table, column) of a PostgreSQL target, the Python type its driver wants.

    SQLite accepts any value in any column, and a row written by an older version may hold
    an int in a text column; asyncpg refuses that, so values are converted to the column's
    type. SQLite targets need nothing.
    """
    if target.dialect == "sqlite":
        return {}
    rows = await target._fetchall(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"
    )
    kinds: dict[str, Callable[[Any], Any]] = {
        "text": str, "integer": int, "bigint": int, "smallint": int, "double precision": float,
        "timestamp with time zone": str,
    }
    found: dict[tuple[str, str], Callable[[Any], Any]] = {}
    for row in rows:
        kind = kinds.get(str(row["data_type"]))
        if kind is not None:
            found[(str(row["table_name"]), str(row["column_name"]))] = _nullable(kind)
    return found


def _nullable(kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: value if value is None or isinstance(value, kind) else kind(value)
