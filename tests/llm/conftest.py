"""Fixtures for the model tests: the stand-in server and a knowledge base configured to use it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from indexer.embedding import E5Embedder

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))  # server_helpers

from llm_helpers import llm_settings  # noqa: E402
from openai_stub import OpenAIStub  # noqa: E402


@pytest.fixture(scope="module")
def stub_server() -> Iterator[OpenAIStub]:
    """One stand-in per module."""
    stub = OpenAIStub()
    stub.start()
    yield stub
    stub.stop()


@pytest.fixture
def stub(stub_server: OpenAIStub) -> OpenAIStub:
    """The module's stand-in, reset to the faithful script with no calls."""
    stub_server.reset()
    return stub_server


@pytest.fixture(scope="module")
def llm_knowledge(knowledge: KnowledgeBase, settings: Settings, e5: E5Embedder,
                  stub_server: OpenAIStub) -> KnowledgeBase:
    """The session store, answered through the stand-in model (a fresh GroundedAnswerer per module)."""
    kb = KnowledgeBase(llm_settings(settings, stub_server.url), embedder=e5)
    kb.load()
    return kb


@pytest.fixture
async def server(knowledge: KnowledgeBase, tmp_path: Path):  # noqa: ANN201 - AsyncIterator[Running]
    """The app over the session knowledge base, without a model."""
    from server_helpers import running, server_settings

    async with running(server_settings(knowledge, tmp_path / "plain-data"), knowledge) as run:
        yield run
