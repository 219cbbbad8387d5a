"""Fixtures for curated-answer tests: the assistant over the session knowledge base and a fresh database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def assistant(knowledge: KnowledgeBase, storage: Storage, settings: Settings) -> Assistant:
    """The assistant over the session knowledge base (never reload or upload with it)."""
    return Assistant(knowledge, storage, settings)
