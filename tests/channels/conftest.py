"""Fixtures for channel tests: the Bot API stand-in and a running PTB application."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from botapi_stub import BotApiStub


@pytest.fixture
def stub() -> Iterator[BotApiStub]:
    """A fresh stand-in Bot API server on a free loopback port."""
    server = BotApiStub().start()
    try:
        yield server
    finally:
        server.stop()
