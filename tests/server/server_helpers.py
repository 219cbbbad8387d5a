"""Helpers for server tests: settings, an in-process running app, a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.server import create_app
from bot.server.state import ServerState

ADMIN_TOKEN = "admin-token-for-tests"
QUESTION = "Chỉ số PAR INDEX là gì?"


def server_settings(knowledge: KnowledgeBase, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a server over the session store with its own database and data files.

    ``model_copy`` does not validate: pass secrets as ``SecretStr``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    base = {"data_dir": data_dir, "admin_token": SecretStr(ADMIN_TOKEN), "rate_limit_burst": 50,
            "rate_limit_per_minute": 600.0, "rate_limit_address_burst": 500, "rate_limit_address_per_minute": 6000.0}
    return knowledge.settings.model_copy(update={**base, **overrides})


@dataclass
class Running:
    """An app whose lifespan is running, with an in-process HTTP client."""

    app: FastAPI
    client: httpx.AsyncClient

    @property
    def state(self) -> ServerState:
        state: ServerState = self.app.state.cchc
        return state


@asynccontextmanager
async def running(settings: Settings, knowledge: KnowledgeBase) -> AsyncIterator[Running]:
    """Start the lifespan and yield a client talking to the app in-process."""
    app = create_app(settings, knowledge)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield Running(app, client)


def free_port() -> int:
    """A free loopback port (bound and released; the race is harmless in tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A real uvicorn server on 127.0.0.1."""

    url: str
    settings: Settings


@contextmanager
def serving(settings: Settings, knowledge: KnowledgeBase) -> Iterator[LiveServer]:
    """uvicorn in a thread on a free loopback port, stopped on exit."""
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
