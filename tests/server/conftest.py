"""Fixtures for server tests: the app over the session knowledge base, in-process or on loopback."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "channels"))  # botapi_stub
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))  # openai_stub

from server_helpers import LiveServer, Running, running, server_settings, serving  # noqa: E402


@pytest.fixture
async def server(knowledge: KnowledgeBase, tmp_path: Path) -> AsyncIterator[Running]:
    """The app with admin on and a generous rate limit (tests of the limit set their own)."""
    async with running(server_settings(knowledge, tmp_path / "data"), knowledge) as run:
        yield run


@pytest.fixture(scope="session")
def live_server(knowledge: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn in a thread on a free loopback port, for the browser and schema tests."""
    with serving(server_settings(knowledge, tmp_path_factory.mktemp("live")), knowledge) as live:
        yield live
