"""Survey fixtures: real SQLite in tmp_path, the real core, the shipped survey file.

The knowledge base is constructed but never loaded: a 👍 needs a logged answer, which the
tests write through ``Storage.log_question`` exactly as the core does after answering.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def survey_settings(tmp_path: Path) -> Settings:
    """The shipped knowledge/ (survey, units), a private data dir, one admin."""
    return Settings(knowledge_dir=REPO / "knowledge", data_dir=tmp_path / "data", admin_ids=["42"], _env_file=None)


@pytest.fixture
async def storage(survey_settings: Settings) -> AsyncIterator[Storage]:
    db = await Storage.open(survey_settings.database_path)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
def assistant(survey_settings: Settings, storage: Storage, e5: E5Embedder) -> Assistant:
    return Assistant(KnowledgeBase(survey_settings, embedder=e5), storage, survey_settings)
