"""One knowledge build, many workers: the reload lock, publishing, following and cleanup.

Workers share the data directory (a volume) and the database. A rebuild, in one worker
or in a separate ``cchc index`` job, takes the ``knowledge-reload`` lease (so no two build
at once), writes a build directory, and records it in ``knowledge_builds``. Every worker
polls that table every ``CCHC_BUILD_POLL_SECONDS`` and, when a newer build is published,
loads it beside the live one and swaps (requests in flight finish on the old one).
A poll is one indexed query, so two seconds cost nothing and need no LISTEN connection,
which SQLite would not have anyway.

Each worker also beats in ``workers`` with the build it answers from; old build
directories are deleted only when no live worker uses them, keeping the last
``CCHC_KEEP_BUILDS`` complete ones.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Coroutine
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from bot.config import Settings
from bot.knowledge import KnowledgeBase, ReloadBusyError
from bot.storage.builds import BuildLog
from bot.storage.database import Storage
from bot.storage.leases import Leases
from bot.storage.workers import WorkerRegistry, WorkerState
from indexer.build import BuildReport
from indexer.store import prune_builds

log = logging.getLogger(__name__)
T = TypeVar("T")

RELOAD_LEASE = "knowledge-reload"
# The lease outlives a cold build (about 30 s here) many times over, and the holder renews
# it on every poll; a holder killed mid-build blocks reloads for at most this long.
LEASE_TTL = timedelta(seconds=120)
# Old builds are looked at every this many polls (a directory scan; nothing to hurry).
PRUNE_EVERY = 15
# A database call from the rebuild thread gives up after this long (the loop is stuck).
BRIDGE_TIMEOUT_S = 30.0


class KnowledgeSync:
    """Keeps one process's :class:`KnowledgeBase` on the published build, and publishes its rebuilds."""

    def __init__(self, knowledge: KnowledgeBase, storage: Storage, settings: Settings, *,
                 worker: str | None = None, serving: bool = True) -> None:
        """Args:
        knowledge: the process's knowledge base (its settings say where the builds are).
        storage: the shared database.
        settings: poll interval and builds kept.
        worker: this process's name (default ``settings.worker_name``).
        serving: a ``cchc serve`` worker (beats, follows builds); False for ``cchc index``.
        """
        self.knowledge = knowledge
        self.storage = storage
        self.settings = settings
        self.worker = worker or settings.worker_name
        self.serving = serving
        self.started_at = datetime.now(timezone.utc)
        self.state: WorkerState = "serving"
        # Unique per process: two processes with the same worker name never share the lease.
        self.owner = f"{self.worker}/{uuid.uuid4().hex[:8]}"
        self.builds = BuildLog(storage)
        self.registry = WorkerRegistry(storage)
        self.leases = Leases(storage)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._holding = False
        self._ticks = 0
        self._missing: str | None = None

    @property
    def builds_dir(self) -> Path:
        return self.knowledge.settings.data_dir / "builds"

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Attach to the knowledge base; a serving worker also beats and starts following."""
        self._loop = asyncio.get_running_loop()
        self.knowledge.coordinator = self
        if self.serving:
            await self.registry.beat(worker=self.worker, state=self.state, build_id=self.knowledge.build_id,
                                     started_at=self.started_at)
            await self.follow()
            self._task = asyncio.create_task(self._run(), name="knowledge-sync")

    async def stop(self) -> None:
        """Stop following, detach, and record the worker as stopped (its events may be taken over)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self.knowledge.coordinator is self:
            self.knowledge.coordinator = None
        if self.serving:
            self.state = "stopped"
            await self.registry.beat(worker=self.worker, state="stopped", build_id=self.knowledge.build_id)

    async def set_state(self, state: WorkerState) -> None:
        """Record a new state now (``draining`` before a planned stop)."""
        self.state = state
        if self.serving:
            await self.registry.beat(worker=self.worker, state=state, build_id=self.knowledge.build_id)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.build_poll_seconds)
            try:
                await self.tick()
            except Exception:
                log.warning("Knowledge sync round failed; trying again", exc_info=True)

    async def tick(self) -> None:
        """One round: beat, keep the lease alive while building, follow the published build, prune."""
        await self.registry.beat(worker=self.worker, state=self.state, build_id=self.knowledge.build_id)
        if self._holding:
            await self.leases.renew(RELOAD_LEASE, owner=self.owner, ttl=LEASE_TTL)
        await self.follow()
        self._ticks += 1
        if self._ticks % PRUNE_EVERY == 0:
            await self.prune()

    # ------------------------------------------------------------------ following

    async def follow(self) -> bool:
        """Load the published build if it is not the live one; whether a swap happened.

        A build being made here is not followed (this process publishes it itself), nor one
        whose directory this process cannot see yet.
        """
        latest = await self.builds.latest()
        if latest is None or latest.id == self.knowledge.build_id or self.knowledge.rebuilding:
            return False
        path = self.builds_dir / latest.id
        if not (path / "manifest.json").exists():
            if self._missing != latest.id:  # once per build, not every poll
                log.warning("Published build %s is not in %s; is the data directory shared?", latest.id, self.builds_dir)
                self._missing = latest.id
            return False
        await asyncio.to_thread(self.knowledge.load, path)
        log.info("Swapped to build %s published by %s", latest.id, latest.published_by)
        await self.registry.beat(worker=self.worker, state=self.state, build_id=self.knowledge.build_id)
        return True

    async def prune(self) -> list[Path]:
        """Delete old builds no live worker uses, keeping the newest ``keep_builds`` complete ones."""
        in_use = await self.registry.builds_in_use()
        latest = await self.builds.latest()
        in_use |= {b for b in (self.knowledge.build_id, latest.id if latest else None) if b}
        deleted = await asyncio.to_thread(
            prune_builds, self.builds_dir, keep=self.settings.keep_builds, in_use=in_use
        )
        for build in deleted:
            log.info("Deleted old build %s", build.name)
        return deleted

    # ------------------------------------------------------------------ BuildCoordinator (rebuild thread)

    def claim(self) -> None:
        """Take the reload lease for this process.

        Raises:
            ReloadBusyError: another process holds it (named in the error).
        """
        if not self._call(self.leases.acquire(RELOAD_LEASE, owner=self.owner, ttl=LEASE_TTL)):
            raise ReloadBusyError(self._call(self.leases.holder(RELOAD_LEASE)))
        self._holding = True

    def published(self, report: BuildReport) -> None:
        """Record the build this process just made as the one every worker answers from."""
        assert report.build_dir is not None
        self._call(self.builds.publish(build_id=report.build_dir.name, by=self.worker,
                                       documents=report.documents, chunks=report.chunks))
        if self.serving:
            self._call(self.registry.beat(worker=self.worker, state=self.state, build_id=report.build_dir.name))
        log.info("Published build %s", report.build_dir.name)

    def release(self) -> None:
        """Give the reload lease back."""
        self._holding = False
        self._call(self.leases.release(RELOAD_LEASE, owner=self.owner))

    def _call(self, work: Coroutine[Any, Any, T] | Awaitable[T]) -> T:
        """Run a database call on the process's event loop from the rebuild thread, and wait."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("KnowledgeSync.start() was not called")
        if _in_loop(loop):
            raise RuntimeError("rebuild() blocks: call it through asyncio.to_thread, not on the event loop")
        future = asyncio.run_coroutine_threadsafe(_awaited(work), loop)
        return future.result(timeout=BRIDGE_TIMEOUT_S)


async def _awaited(work: Awaitable[T]) -> T:
    return await work


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
