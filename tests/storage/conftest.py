"""Storage fixtures: a fresh database file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import Storage


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    """An open Storage in tmp_path, closed after the test."""
    db = await Storage.open(tmp_path / "cchc.sqlite3")
    try:
        yield db
    finally:
        await db.close()
