"""Admin endpoints behind ``Authorization: Bearer $CCHC_ADMIN_TOKEN`` (absent when unset)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, status

from bot.server.deps import AdminDep, StateDep
from bot.server.schemas import ReloadResult
from bot.storage.models import Stats

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminDep])


@router.post("/reload", responses={409: {"description": "A reload is already running."}})
async def reload(state: StateDep) -> ReloadResult:
    """Rebuild the store from the knowledge directory and swap it in; answers continue meanwhile."""
    if state.reload_lock.locked():
        raise HTTPException(status.HTTP_409_CONFLICT, "a reload is already running")
    async with state.reload_lock:
        try:
            report = await asyncio.to_thread(state.knowledge.rebuild)
        except Exception as exc:
            state.metrics.record_reload(ok=False)
            raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, f"reload failed, old store kept: {exc}") from exc
    state.metrics.record_reload(ok=True)
    skipped = [f"{name}: {reason}" for name, reason in report.skipped]
    return ReloadResult(documents=report.documents, chunks=report.chunks, embedded=report.embedded,
                        seconds=report.seconds, skipped=skipped)


@router.get("/stats")
async def stats(state: StateDep) -> Stats:
    """Usage figures: users, questions today and this week, share answered, top questions, votes."""
    return await state.storage.stats()
