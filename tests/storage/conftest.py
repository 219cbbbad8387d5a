"""Storage tests run on both backends: SQLite in tmp_path and the machine's PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage.database import Storage


@pytest.fixture
async def storage(db_url: str) -> AsyncIterator[Storage]:
    """A fresh database on each backend."""
    db = await Storage.open(db_url)
    try:
        yield db
    finally:
        await db.close()
