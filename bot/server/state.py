"""What the routes share: the objects the lifespan builds once, and the background task set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from bot.channels.zalo import ZaloChannel
from bot.config import Settings
from bot.dialogue.ratelimit import RateLimiter
from bot.knowledge import KnowledgeBase
from bot.knowledge_sync import KnowledgeSync
from bot.server.metrics import InstrumentedAssistant, Metrics
from bot.storage.database import Storage

log = logging.getLogger(__name__)

# Webhook events handled at once. Each answer is CPU-bound on 2 cores, so more would only
# queue inside the thread pool; the rest wait here, after their 200 has been sent.
BACKGROUND_CONCURRENCY = 16


class TaskSet:
    """Fire-and-forget tasks that are still awaited (or cancelled) at shutdown.

    Webhooks answer 200 before the work is done (Zalo retries slow webhooks); a bare
    ``create_task`` could be garbage-collected mid-flight and would be lost at shutdown.
    """

    def __init__(self, concurrency: int = BACKGROUND_CONCURRENCY) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(concurrency)

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` in the background, at most ``concurrency`` at a time."""
        task = asyncio.create_task(self._run(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, work: Coroutine[Any, Any, None]) -> None:
        async with self._slots:
            await work

    async def drain(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for pending work, then cancel what is left."""
        if not self._tasks:
            return
        done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("Cancelled %s background tasks at shutdown", len(pending))

    def __len__(self) -> int:
        return len(self._tasks)


@dataclass
class ServerState:
    """Everything a request needs, built once in the lifespan."""

    settings: Settings
    knowledge: KnowledgeBase
    storage: Storage
    assistant: InstrumentedAssistant
    limiter: RateLimiter
    metrics: Metrics
    tasks: TaskSet
    zalo: ZaloChannel | None = None
    telegram: Any = None  # bot.channels.telegram.TelegramWebhook; typed loosely so only the adapter imports telegram
    # Several workers (issue 16): the build follower, and whether this worker is leaving the rotation.
    sync: KnowledgeSync | None = None
    draining: bool = False
    # The web chat's second limit, per client address (session ids are the client's choice).
    address_limiter: RateLimiter | None = None
