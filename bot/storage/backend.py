"""Two database backends behind one small interface: SQLite (aiosqlite) and PostgreSQL (asyncpg).

Why a thin layer of our own rather than SQLAlchemy: the stores' SQL is already portable
(``INSERT … ON CONFLICT … RETURNING``, partial unique indexes, ``UPDATE … RETURNING`` work
the same in SQLite ≥ 3.35 and PostgreSQL), so the only differences are the placeholder
style (``?`` vs ``$1``), how a transaction is begun, and the DDL of the migrations. This
module absorbs the first two; ``migrations``/``pg_migrations`` hold the DDL per dialect.
The stores keep writing one SQL text with ``?`` placeholders for both databases, and the
concurrency rules that make the quiz and the inbox safe stay in that SQL, where both
databases enforce them.

Timestamps are ISO 8601 UTC text in Python for both backends. SQLite stores that text;
PostgreSQL stores ``timestamptz`` and a text codec converts on the way in and out
(:func:`_timestamp_out`), so a DBA gets real timestamps and the stores see the same
strings on both.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Generator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import aiosqlite

from indexer.private import create_private

log = logging.getLogger(__name__)

# A write waits this long for another process (a backup, a CLI) to release the SQLite file.
BUSY_TIMEOUT_MS = 5000
# PostgreSQL connections per process: answers are CPU-bound on a few cores, so a handful of
# concurrent statements is all one worker ever runs; 10 leaves room for the background tasks.
PG_POOL_MIN, PG_POOL_MAX = 1, 10
# One key for the advisory lock that serialises migrations between workers starting at once.
PG_MIGRATION_LOCK = 0x63636863  # "cchc"


class Row(Protocol):
    """A result row: by column name or position (aiosqlite.Row and asyncpg.Record both are)."""

    def __getitem__(self, key: int | str) -> Any: ...

    def keys(self) -> Any: ...


class Cursor:
    """The rows a statement returned and how many it changed."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    async def fetchall(self) -> list[Any]:
        return self.rows

    async def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None


class _Pending:
    """``execute``'s result: awaited, or used with ``async with`` (the aiosqlite shapes stores use)."""

    def __init__(self, run: Any) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._run().__await__()

    async def __aenter__(self) -> Cursor:
        cursor: Cursor = await self._run()
        return cursor

    async def __aexit__(self, *exc: object) -> None:
        return None


class Transaction(ABC):
    """Statements inside one transaction (what ``Backend.transaction`` yields)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Pending:
        """Run one statement; await it or ``async with`` it for a :class:`Cursor`."""
        return _Pending(lambda: self._execute(sql, params))

    @abstractmethod
    async def _execute(self, sql: str, params: Sequence[Any]) -> Cursor: ...

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement over many parameter rows."""


class Backend(ABC):
    """A database connection (or pool) with the few operations the stores need."""

    dialect: str
    #: Where the data is, without any password: for logs and errors.
    location: str

    @abstractmethod
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one reading statement."""

    @abstractmethod
    async def write(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """One writing statement, committed on return, with its RETURNING rows."""

    @abstractmethod
    def transaction(self) -> Any:
        """``async with backend.transaction() as tx``: commit on exit, roll back on an exception."""

    @abstractmethod
    async def schema_version(self) -> int:
        """How many migrations this database has applied."""

    @abstractmethod
    async def migrate(self, migrations: Sequence[str]) -> list[int]:
        """Apply the pending ones in order; the versions applied.

        Raises:
            StorageError: the database is newer than the code, or a migration failed.
        """

    @abstractmethod
    async def close(self) -> None:
        """Release the connection(s)."""


class StorageError(Exception):
    """The database cannot be used (a schema newer than this code, a failed migration, a bad URL)."""


# --------------------------------------------------------------------------- addresses


def is_postgres(target: str | Path) -> bool:
    """Whether a database address names PostgreSQL."""
    return isinstance(target, str) and target.split(":", 1)[0] in {"postgresql", "postgres"}


def sqlite_path(target: str | Path) -> Path:
    """The file of a SQLite address: a plain path, or ``sqlite:///relative`` / ``sqlite:////absolute``.

    Raises:
        StorageError: neither a path nor a sqlite URL.
    """
    if isinstance(target, Path):
        return target
    if target.startswith("sqlite:///"):
        return Path(target[len("sqlite:///"):])
    if "://" in target:
        raise StorageError(
            f"Unknown database address {redact(target)!r}: use postgresql://user@host:5432/name or "
            "sqlite:///path/to/file.sqlite3"
        )
    return Path(target)


def redact(url: str) -> str:
    """The address without its password, safe to log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


async def connect(target: str | Path) -> Backend:
    """Open the backend an address names (SQLite file or PostgreSQL URL)."""
    if is_postgres(str(target)):
        return await PostgresBackend.connect(str(target))
    return await SqliteBackend.connect(sqlite_path(target))


# --------------------------------------------------------------------------- SQLite


class _SqliteTransaction(Transaction):
    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def _execute(self, sql: str, params: Sequence[Any]) -> Cursor:
        async with self._db.execute(sql, params) as cursor:
            rows = list(await cursor.fetchall())
            return Cursor(rows, cursor.rowcount)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._db.executemany(sql, rows)


class SqliteBackend(Backend):
    """One aiosqlite connection per process, WAL, autocommit; writes serialised by a lock.

    Each statement is its own transaction; the few multi-statement operations take the
    write lock and ``BEGIN IMMEDIATE``, so coroutines sharing the connection never
    interleave inside one. Other processes on the same file wait up to ``BUSY_TIMEOUT_MS``.
    """

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.location = str(path)
        self._write_lock = asyncio.Lock()

    @classmethod
    async def connect(cls, path: Path) -> SqliteBackend:
        create_private(path)  # 0600, and so its -wal and -shm files (issue 12)
        connection = await aiosqlite.connect(path, isolation_level=None)
        backend = cls(connection, path)
        try:
            connection.row_factory = aiosqlite.Row
            await connection.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; only a power cut can
            # lose the last few log lines, which is acceptable for a question log.
            await connection.execute("PRAGMA synchronous = NORMAL")
            await connection.execute("PRAGMA foreign_keys = ON")
            await connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        except BaseException:
            await connection.close()
            raise
        return backend

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self._db.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def write(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        # The cursor is drained before the lock is released: an autocommit statement commits
        # only when it has finished, and no other coroutine may slip in before that.
        async with self._write_lock:
            async with self._db.execute(sql, params) as cursor:
                rows = list(await cursor.fetchall())
                return Cursor(rows, cursor.rowcount)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._write_lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTransaction(self._db)
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, migrations: Sequence[str]) -> list[int]:
        """Each pending migration in its own transaction, bumping ``PRAGMA user_version`` with it.

        The only formatted SQL is the version, an int computed here (PRAGMAs take no parameters).
        """
        current = await self.schema_version()
        _refuse_newer(current, len(migrations), self.location)
        applied = []
        for version in range(current + 1, len(migrations) + 1):
            script = f"BEGIN;\n{migrations[version - 1]}\nPRAGMA user_version = {int(version)};\nCOMMIT;"
            try:
                await self._db.executescript(script)
            except Exception as exc:
                if self._db.in_transaction:
                    await self._db.execute("ROLLBACK")
                raise StorageError(f"Migration {version} failed on {self.location}: {exc}") from exc
            applied.append(version)
        return applied

    async def backup(self, target: Path | str) -> None:
        """``VACUUM INTO``: one consistent snapshot, safe while the bot keeps writing."""
        await self._db.execute("VACUUM INTO ?", (str(target),))

    async def close(self) -> None:
        await self._db.close()


def _refuse_newer(current: int, known: int, location: str) -> None:
    if current > known:
        raise StorageError(
            f"{location} has schema version {current} but this code knows {known}; "
            "upgrade the assistant or restore a backup made by this version"
        )


# --------------------------------------------------------------------------- PostgreSQL


@lru_cache(maxsize=512)
def to_dollar_params(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2…``, leaving quoted text and comments alone."""
    out: list[str] = []
    number = 0
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = sql.find(char, i + 1)
            while end != -1 and end + 1 < n and sql[end + 1] == char:  # doubled quote: an escaped one
                end = sql.find(char, end + 2)
            end = n - 1 if end == -1 else end
            out.append(sql[i : end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end == -1 else end
            out.append(sql[i:end])
            i = end
        elif char == "?":
            number += 1
            out.append(f"${number}")
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _rowcount(status: str) -> int:
    """The count at the end of a command tag ("UPDATE 3", "INSERT 0 1"); 0 when there is none."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _timestamp_in(value: str | datetime) -> str:
    """What a ``timestamptz`` parameter sends: our ISO text as is, a datetime formatted."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.isoformat()
    return value


def _timestamp_out(text: str) -> str:
    """PostgreSQL's text for a ``timestamptz`` in the stores' form (UTC, microseconds, ``T``)."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


async def _init_connection(connection: Any) -> None:
    await connection.set_type_codec(
        "timestamptz", schema="pg_catalog", encoder=_timestamp_in, decoder=_timestamp_out, format="text"
    )


class _PostgresTransaction(Transaction):
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def _execute(self, sql: str, params: Sequence[Any]) -> Cursor:
        return await _run(self._connection, sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._connection.executemany(to_dollar_params(sql), list(rows))


def _returns_rows(sql: str) -> bool:
    """Whether a statement yields rows (a query, or a write with RETURNING)."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in {"SELECT", "WITH", "VALUES"} or "RETURNING" in sql.upper()


async def _run(connection: Any, sql: str, params: Sequence[Any]) -> Cursor:
    """One statement with its rows, or with its changed-row count (asyncpg reports one or the other).

    Both calls go through asyncpg's prepared-statement cache, so a repeated statement is
    parsed once per connection.
    """
    query = to_dollar_params(sql)
    if _returns_rows(sql):
        rows = list(await connection.fetch(query, *params))
        return Cursor(rows, len(rows))
    return Cursor([], _rowcount(await connection.execute(query, *params)))


class PostgresBackend(Backend):
    """An asyncpg pool; every statement outside a transaction commits on its own.

    PostgreSQL commits synchronously by default (``synchronous_commit = on``): a statement
    that returned is on disk, which is at least what SQLite's WAL gives.
    """

    dialect = "postgresql"

    def __init__(self, pool: Any, url: str) -> None:
        self._pool = pool
        self.url = url
        self.location = redact(url)

    @classmethod
    async def connect(cls, url: str) -> PostgresBackend:
        """Open a pool; query parameters of the URL other than libpq's are server settings.

        Raises:
            StorageError: asyncpg is missing, or the server cannot be reached.
        """
        try:
            import asyncpg
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ImportError("PostgreSQL needs asyncpg: pip install asyncpg") from exc
        try:
            pool = await asyncpg.create_pool(
                url, min_size=PG_POOL_MIN, max_size=PG_POOL_MAX, init=_init_connection,
                server_settings={"timezone": "UTC", "application_name": "cchc"},
            )
        except (OSError, asyncpg.PostgresError) as exc:
            raise StorageError(f"Cannot connect to PostgreSQL at {redact(url)}: {exc}") from exc
        return cls(pool, url)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self._pool.fetch(to_dollar_params(sql), *params))

    async def write(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        async with self._pool.acquire() as connection:
            return await _run(connection, sql, params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._pool.acquire() as connection:
            async with connection.transaction():
                yield _PostgresTransaction(connection)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A pooled asyncpg connection for what only PostgreSQL has (LISTEN, advisory locks)."""
        async with self._pool.acquire() as connection:
            yield connection

    async def schema_version(self) -> int:
        async with self._pool.acquire() as connection:
            return await _pg_version(connection)

    async def migrate(self, migrations: Sequence[str]) -> list[int]:
        """Pending migrations in one transaction, under an advisory lock (workers may start together).

        PostgreSQL's DDL is transactional: a failed migration leaves the schema as it was.
        """
        async with self._pool.acquire() as connection:
            applied: list[int] = []
            version = 0
            try:
                async with connection.transaction():
                    # The lock first: even CREATE TABLE IF NOT EXISTS races between two sessions.
                    await connection.execute("SELECT pg_advisory_xact_lock($1)", PG_MIGRATION_LOCK)
                    await connection.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                    current = await _pg_version(connection)
                    _refuse_newer(current, len(migrations), self.location)
                    for version in range(current + 1, len(migrations) + 1):
                        await connection.execute(migrations[version - 1])
                        await connection.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
                        applied.append(version)
            except StorageError:
                raise
            except Exception as exc:
                raise StorageError(f"Migration {version} failed on {self.location}: {exc}") from exc
            return applied

    async def close(self) -> None:
        await self._pool.close()


async def _pg_version(connection: Any) -> int:
    exists = await connection.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(await connection.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
