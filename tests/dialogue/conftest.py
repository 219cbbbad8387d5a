"""Fixtures for dialogue tests: storage in tmp_path, assistants over the session and a small knowledge base."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from dialogue_helpers import ADMIN_ID, SmallKnowledge
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def assistant(knowledge: KnowledgeBase, storage: Storage, settings: Settings) -> Assistant:
    """The assistant over the session knowledge base (never reload or upload with it)."""
    return Assistant(knowledge, storage, settings.model_copy(update={"admin_ids": [ADMIN_ID]}))


def _copy_cache(source_data: Path, target_data: Path) -> None:
    """Seed the embedding cache from the session build, so the small build embeds nothing it knows."""
    source = source_data / "cache" / "embeddings.sqlite"
    target = target_data / "cache" / "embeddings.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@pytest.fixture
def small(tmp_path: Path, knowledge: KnowledgeBase, settings: Settings, e5: E5Embedder) -> SmallKnowledge:
    """Plans only, in tmp_path; depends on the session ``knowledge`` so its embedding cache exists."""
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge" / "plans", knowledge_dir / "plans")
    small_settings = Settings(
        knowledge_dir=knowledge_dir, data_dir=tmp_path / "data", admin_ids=[ADMIN_ID], _env_file=None
    )
    _copy_cache(settings.data_dir, small_settings.data_dir)
    kb = KnowledgeBase(small_settings, embedder=e5)
    kb.rebuild()
    return SmallKnowledge(knowledge=kb, settings=small_settings)


@pytest.fixture
def small_assistant(small: SmallKnowledge, storage: Storage) -> Assistant:
    """An assistant whose /reload and uploads touch only tmp_path."""
    return Assistant(small.knowledge, storage, small.settings)
