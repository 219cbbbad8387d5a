"""PostgreSQL helpers for the tests: the server's maintenance URL, one-off statements, schemas.

CCHC_TEST_POSTGRES_URL names the server's maintenance database (default: the machine's own,
trust auth). Tests create and drop their own databases and schemas, never others.
"""

from __future__ import annotations

import asyncio
import os
import uuid

PG_ADMIN_URL = os.environ.get("CCHC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_admin(sql: str, url: str = PG_ADMIN_URL) -> None:
    """Run one statement (CREATE/DROP DATABASE or SCHEMA) on its own connection."""
    import asyncpg

    async def run() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


def pg_schema_url(database_url: str) -> tuple[str, str]:
    """A fresh schema in ``database_url``: (a URL whose tables live in it, its name)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg_admin(f'CREATE SCHEMA "{schema}"', database_url)
    return f"{database_url}?search_path={schema}", schema
