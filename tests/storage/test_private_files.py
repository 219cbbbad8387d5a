"""SQLite files are created readable by the service's user only (mode 0600), -wal and -shm too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.storage.database import Storage
from indexer.embedding import EmbeddingCache


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_database_and_its_wal_are_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask would give 0644
    try:
        path = tmp_path / "data" / "cchc.sqlite3"
        storage = await Storage.open(path)
        try:
            await storage.upsert_user(channel="web", external_id="someone-1")
            wal = path.with_name(path.name + "-wal")
            assert wal.exists()
            assert {_mode(path), _mode(wal), _mode(path.with_name(path.name + "-shm"))} == {0o600}
        finally:
            await storage.close()
    finally:
        os.umask(old)


def test_embedding_cache_is_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cache = EmbeddingCache(tmp_path / "cache" / "embeddings.sqlite")
        cache.close()
    finally:
        os.umask(old)
    assert _mode(tmp_path / "cache" / "embeddings.sqlite") == 0o600


async def test_an_existing_database_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "cchc.sqlite3"
    first = await Storage.open(path)
    user = await first.upsert_user(channel="web", external_id="kept-1")
    await first.close()
    second = await Storage.open(path)
    try:
        assert await second.find_user(channel="web", external_id="kept-1") == user
    finally:
        await second.close()
