"""Storage tests run on both backends: SQLite in tmp_path and the machine's PostgreSQL."""

from __future__ import annotations

import pytest

from bot.storage.database import Storage


@pytest.fixture
def storage(storage_on_both: Storage) -> Storage:
    """A fresh database on each backend."""
    return storage_on_both
