"""Fixtures for server tests: the app over the session knowledge base, in-process or on loopback."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn

from bot.knowledge import KnowledgeBase
from bot.server import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "channels"))  # botapi_stub

from server_helpers import LiveServer, Running, free_port, running, server_settings  # noqa: E402


@pytest.fixture
async def server(knowledge: KnowledgeBase, tmp_path: Path) -> AsyncIterator[Running]:
    """The app with admin on and a generous rate limit (tests of the limit set their own)."""
    async with running(server_settings(knowledge, tmp_path / "data"), knowledge) as run:
        yield run


@pytest.fixture(scope="session")
def live_server(knowledge: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn in a thread on a free loopback port, for the browser and schema tests."""
    settings = server_settings(knowledge, tmp_path_factory.mktemp("live"))
    port = free_port()
    config = uvicorn.Config(create_app(settings, knowledge), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
