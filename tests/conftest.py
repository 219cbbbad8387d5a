"""Shared fixtures: the real knowledge base built once per session with the real e5 model."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[1]
# Tests never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    """The bundled multilingual-e5-small (loads in milliseconds)."""
    return E5Embedder()


@pytest.fixture(scope="session")
def kb_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory for the session's knowledge store.

    ``CCHC_TEST_EMBEDDING_CACHE`` (local runs only; CI leaves it unset) names an embedding
    cache to start from: vectors are keyed by model id and text hash, so a seeded cache
    changes no result, only the minutes a session spends embedding the shipped knowledge.
    """
    data = tmp_path_factory.mktemp("data")
    seed = os.environ.get("CCHC_TEST_EMBEDDING_CACHE")
    if seed and Path(seed).is_file():
        (data / "cache").mkdir()
        with sqlite3.connect(seed) as source, sqlite3.connect(data / "cache" / "embeddings.sqlite") as target:
            source.backup(target)
    return data


@pytest.fixture(scope="session")
def settings(kb_data_dir: Path) -> Settings:
    """Settings over the shipped knowledge/ and a temporary data dir."""
    return Settings(knowledge_dir=REPO / "knowledge", data_dir=kb_data_dir, _env_file=None)


@pytest.fixture(scope="session")
def knowledge(settings: Settings, e5: E5Embedder) -> KnowledgeBase:
    """The shipped knowledge base, indexed once for the whole session."""
    kb = KnowledgeBase(settings, embedder=e5)
    kb.ensure_loaded(show_progress=False)
    return kb


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    """A fresh database in tmp_path, closed after the test (packages may override it)."""
    db = await Storage.open(tmp_path / "cchc.sqlite3")
    try:
        yield db
    finally:
        await db.close()
