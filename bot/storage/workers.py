"""The workers sharing one database: who is alive, in what state, on which knowledge build.

Each ``cchc serve`` process beats every few seconds (``bot.knowledge_sync``). Two things
read the table: the inbox (the open events of a worker gone silent are taken over) and the
build cleanup (a build some live worker still uses is never deleted).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts, _utc

WorkerState = Literal["serving", "draining", "stopped"]
# A worker beats every few seconds (CCHC_BUILD_POLL_SECONDS, 2 by default); one silent
# this long has died or hangs: its open inbox events may be taken over.
WORKER_STALE = timedelta(seconds=30)


class WorkerRow(BaseModel):
    """One worker as last reported."""

    model_config = ConfigDict(frozen=True)

    id: str
    started_at: datetime
    heartbeat_at: datetime
    state: WorkerState
    build_id: str | None


class WorkerRegistry:
    """Heartbeats and the live-worker queries over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def beat(self, *, worker: str, state: WorkerState, build_id: str | None,
                   started_at: datetime | None = None, now: datetime | None = None) -> None:
        """Record that ``worker`` is alive (or stopped) and which build it answers from.

        Args:
            started_at: Given on the first beat of a process; later beats keep the stored one.
        """
        moment = _ts(now)
        await self._storage._write(
            """
            INSERT INTO workers (id, started_at, heartbeat_at, state, build_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                started_at = CASE WHEN ? = 1 THEN excluded.started_at ELSE workers.started_at END,
                heartbeat_at = excluded.heartbeat_at, state = excluded.state, build_id = excluded.build_id
            """,
            (worker, _ts(started_at or now), moment, state, build_id, int(started_at is not None)),
        )

    async def live(self, now: datetime | None = None) -> list[WorkerRow]:
        """Workers not stopped that beat within :data:`WORKER_STALE`, by id."""
        rows = await self._storage._fetchall(
            "SELECT * FROM workers WHERE state != 'stopped' AND heartbeat_at >= ? ORDER BY id",
            (_ts(_utc(now) - WORKER_STALE),),
        )
        return [
            WorkerRow(id=r["id"], started_at=_parse_ts(r["started_at"]), heartbeat_at=_parse_ts(r["heartbeat_at"]),
                      state=r["state"], build_id=r["build_id"])
            for r in rows
        ]

    async def builds_in_use(self, now: datetime | None = None) -> set[str]:
        """The builds live workers answer from."""
        return {w.build_id for w in await self.live(now) if w.build_id}
