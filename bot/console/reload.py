"""A console reload: the rebuild runs in the background while the page shows its progress.

One job per server. It takes the same lock as Telegram's ``/reload`` and uploads
(``AdminTools.rebuild_lock``), so the console and the chat never rebuild at once; the page
polls :attr:`ReloadJob.status` (it refreshes itself every second) until the build report
or the failure is there. A failed build leaves the old store live, as every rebuild does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal

from bot.dialogue.admin import AdminTools
from bot.knowledge import KnowledgeBase
from indexer.build import BuildReport

State = Literal["idle", "running", "done", "failed"]


@dataclass(frozen=True)
class ReloadStatus:
    """A snapshot of the job (replaced whole at each step, so readers never see half an update)."""

    state: State = "idle"
    stage: str = ""
    done: int = 0
    total: int = 0
    by: str = ""
    started_at: datetime | None = None
    seconds: float = 0.0
    report: BuildReport | None = None
    error: str = ""
    skipped: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def failure_message(exc: Exception) -> str:
    """What to tell the admin about a failed rebuild (busy elsewhere, or the file and reason).

    The chat's ``/reload`` words it; the console says the same.
    """
    return AdminTools._rebuild_failed(exc)


class ReloadJob:
    """Start a rebuild in the background and report on it."""

    def __init__(self) -> None:
        self.status = ReloadStatus()
        self._started = 0.0

    @property
    def running(self) -> bool:
        return self.status.state == "running"

    def start(self, knowledge: KnowledgeBase, lock: asyncio.Lock, *, by: str) -> Coroutine[Any, Any, None] | None:
        """The work to spawn, or None when a rebuild (this job, a chat /reload, an upload) is running."""
        if self.running or lock.locked():
            return None
        self._started = time.perf_counter()
        self.status = ReloadStatus(state="running", stage="read", by=by, started_at=datetime.now(timezone.utc))
        return self._run(knowledge, lock)

    async def _run(self, knowledge: KnowledgeBase, lock: asyncio.Lock) -> None:
        async with lock:
            try:
                report = await asyncio.to_thread(knowledge.rebuild, False, self._progress)
            except Exception as exc:
                self.status = replace(self.status, state="failed", error=failure_message(exc), seconds=self._elapsed())
                return
        self.status = replace(
            self.status, state="done", report=report, skipped=tuple(report.skipped), seconds=report.seconds
        )

    def _progress(self, stage: str, done: int, total: int) -> None:
        """Called from the build thread; one assignment swaps the snapshot."""
        self.status = replace(self.status, stage=stage, done=done, total=total, seconds=self._elapsed())

    def _elapsed(self) -> float:
        return time.perf_counter() - self._started
