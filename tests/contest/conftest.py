"""Contest fixtures: a real database on both backends (SQLite and PostgreSQL, ``db_url``), a settable clock, the core.

The knowledge base is constructed but never loaded: contests do not search.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from contest_helpers import ADMIN, REPO, Clock

from bot.config import Settings
from bot.contest.flow import ContestFlow
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shipped knowledge/ (bank, units), a private data dir, one admin."""
    return Settings(knowledge_dir=REPO / "knowledge", data_dir=tmp_path / "data", admin_ids=[ADMIN], _env_file=None)


@pytest.fixture
def storage(storage_on_both: Storage) -> Storage:
    """A fresh database on each backend."""
    return storage_on_both


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def assistant(settings: Settings, storage: Storage, clock: Clock, e5: E5Embedder) -> Assistant:
    """The real core over the fresh database; the contest runs on ``clock``."""
    core = Assistant(KnowledgeBase(settings, embedder=e5), storage, settings)
    core.contest = ContestFlow(storage, settings, rng=random.Random(14), clock=clock)
    return core
