"""The two dialects' migrations stay twins: same count, same tables and columns at the end."""

from __future__ import annotations

from pathlib import Path

from bot.storage.database import Storage
from bot.storage.migrations import MIGRATIONS
from bot.storage.pg_migrations import PG_MIGRATIONS
from bot.storage.schema import references, table_columns


def test_every_migration_has_a_postgresql_twin() -> None:
    assert len(PG_MIGRATIONS) == len(MIGRATIONS), (
        f"SQLite has {len(MIGRATIONS)} migrations, PostgreSQL {len(PG_MIGRATIONS)}: append the PostgreSQL "
        "form of the new one to bot/storage/pg_migrations.py (see its docstring for the translation)"
    )


async def test_both_dialects_end_with_the_same_schema(tmp_path: Path, pg_url: str) -> None:
    lite = await Storage.open(tmp_path / "db.sqlite3")
    pg = await Storage.open(pg_url)
    try:
        assert await lite.schema_version() == await pg.schema_version() == len(MIGRATIONS)
        lite_tables, pg_tables = await table_columns(lite), await table_columns(pg)
        assert set(lite_tables) == set(pg_tables)
        for table, columns in lite_tables.items():
            assert sorted(pg_tables[table]) == sorted(columns), table
        assert await references(lite) == await references(pg)
    finally:
        await lite.close()
        await pg.close()


async def test_workers_starting_together_migrate_once(pg_url: str) -> None:
    import asyncio

    opened = await asyncio.gather(*(Storage.open(pg_url) for _ in range(3)))
    try:
        rows = await opened[0]._fetchall("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
    finally:
        for storage in opened:
            await storage.close()
