"""One knowledge build, several workers (in one process here: each a KnowledgeBase, a
Storage of its own and a KnowledgeSync, on a shared data directory and database)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.knowledge_sync import KnowledgeSync
from bot.storage.database import Storage
from indexer.embedding import E5Embedder


@asynccontextmanager
async def worker(settings: Settings, e5: E5Embedder, name: str) -> AsyncIterator[KnowledgeSync]:
    kb = KnowledgeBase(settings, embedder=e5)
    await asyncio.to_thread(kb.ensure_loaded, False)
    storage = await Storage.open(settings.database_target)
    sync = KnowledgeSync(kb, storage, settings, worker=name)
    await sync.start()
    try:
        yield sync
    finally:
        await sync.stop()
        await storage.close()


async def _until(predicate, timeout: float = 15.0) -> float:  # noqa: ANN001
    started = time.monotonic()
    while not predicate():
        assert time.monotonic() - started < timeout, "timed out"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_a_rebuild_in_one_worker_reaches_the_other(shared_settings: Settings, e5: E5Embedder) -> None:
    async with worker(shared_settings, e5, "w1") as one, worker(shared_settings, e5, "w2") as two:
        assert one.knowledge.build_id == two.knowledge.build_id
        report = await asyncio.to_thread(one.knowledge.rebuild)
        assert report.build_dir is not None and one.knowledge.build_id == report.build_dir.name
        await _until(lambda: two.knowledge.build_id == one.knowledge.build_id)
        assert "PAR" in two.knowledge.answer("Chỉ số PAR INDEX là gì?").answer
        # The follower beats its new build right after the swap: the registry catches up.
        expected = {("w1", report.build_dir.name), ("w2", report.build_dir.name)}
        started = time.monotonic()
        while (seen := {(w.id, w.build_id) for w in await two.registry.live()}) != expected:
            assert time.monotonic() - started < 15.0, f"registry still shows {seen}"
            await asyncio.sleep(0.05)


async def test_old_builds_go_only_when_no_worker_uses_them(shared_settings: Settings, e5: E5Embedder) -> None:
    builds = shared_settings.data_dir / "builds"
    async with worker(shared_settings, e5, "w1") as one, worker(shared_settings, e5, "lagging") as lagging:
        first = lagging.knowledge.build_id
        lagging._task.cancel()  # this worker stops following (hung) but is still alive:
        for _ in range(3):
            await asyncio.to_thread(one.knowledge.rebuild)
        await lagging.registry.beat(worker="lagging", state="serving", build_id=first)
        deleted = {p.name for p in await one.prune()}
        left = {p.name for p in builds.iterdir()}
        assert first in left and first not in deleted  # still in use by a live worker
        assert one.knowledge.build_id in left and len(left) == 3  # keep_builds=2, plus the one in use
        await lagging.set_state("stopped")
        await one.prune()
        assert first not in {p.name for p in builds.iterdir()}  # nobody uses it now


async def test_a_separate_index_job_reaches_a_running_server(shared_settings: Settings, e5: E5Embedder) -> None:
    from bot.cli import _index

    async with worker(shared_settings, e5, "w1") as server:
        before = server.knowledge.build_id
        job_kb = KnowledgeBase(shared_settings, embedder=e5)
        report = await _index(shared_settings, job_kb)
        assert report.build_dir is not None and report.build_dir.name != before
        waited = await _until(lambda: server.knowledge.build_id == report.build_dir.name)
        assert waited < 5  # "within a few seconds" (polling every 0.1 s here)
        latest = await server.builds.latest()
        assert latest is not None and latest.published_by.startswith("cchc-index@")
