"""Fixtures for several workers: a small knowledge copy whose rebuilds are quick."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge import KnowledgeBase

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_settings(tmp_path: Path, knowledge: KnowledgeBase, db_url: str) -> Settings:
    """Settings of workers sharing one data directory (a copy of knowledge/plans, embedding
    cache seeded from the session's, so a rebuild embeds nothing) and one database."""
    shutil.copytree(REPO / "knowledge" / "plans", tmp_path / "knowledge" / "plans")
    cache = tmp_path / "data" / "cache"
    cache.mkdir(parents=True)
    with sqlite3.connect(knowledge.settings.cache_dir / "embeddings.sqlite") as src, \
            sqlite3.connect(cache / "embeddings.sqlite") as dst:
        src.backup(dst)
    return Settings(knowledge_dir=tmp_path / "knowledge", data_dir=tmp_path / "data", database_url=db_url,
                    build_poll_seconds=0.1, keep_builds=2, _env_file=None)
