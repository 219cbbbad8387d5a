"""Quiz fixtures: a real database (SQLite and PostgreSQL, ``db_url``), an assistant whose quiz reads the shipped bank and units.

The knowledge base is constructed but never loaded: the quiz does not search, so these
tests do not wait for the session index to be built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder
from quiz_helpers import ADMIN_ID

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def quiz_settings(tmp_path: Path) -> Settings:
    """The shipped knowledge/ (bank, units), a private data dir, one admin."""
    return Settings(knowledge_dir=REPO / "knowledge", data_dir=tmp_path / "data", admin_ids=[ADMIN_ID], _env_file=None)


@pytest.fixture
def storage(storage_on_both: Storage) -> Storage:
    """A fresh database on each backend."""
    return storage_on_both


@pytest.fixture
def unloaded_kb(quiz_settings: Settings, e5: E5Embedder) -> KnowledgeBase:
    """A knowledge base that is never loaded (the quiz does not need it)."""
    return KnowledgeBase(quiz_settings, embedder=e5)


@pytest.fixture
def assistant(unloaded_kb: KnowledgeBase, storage: Storage, quiz_settings: Settings) -> Assistant:
    """The real core over the fresh database."""
    return Assistant(unloaded_kb, storage, quiz_settings)
