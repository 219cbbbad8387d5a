"""The webhook inbox: events a channel has accepted, kept until they have been handled.

Why: a webhook must answer 200 quickly (Zalo retries slow ones) and then do the work in the
background. Without a record, a crash or a restart between the 200 and the reply loses the
user's message, since the platform will not send it again. So the event is written here
*before* the 200, marked done after it has been handled, and whatever is still pending at
the next start is handled then. The unique (channel, key) pair also turns a platform's
retry of the same message into a no-op, across restarts.

Several workers on one database: each event records the worker that accepted it
(``owner``) and when (``claimed_at``). At its start a worker takes back what it had open
before a crash (events it held before this process started), plus the open events of workers that are gone
(stopped, or silent for :data:`~bot.storage.workers.WORKER_STALE`); a claim is one
``UPDATE … RETURNING``, so two workers never take the same event. An inbox without a
worker name (tests, one process) sees every open event, as before.

A thin companion of :class:`~bot.storage.database.Storage`, sharing its backend.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts, _utc
from bot.storage.workers import WORKER_STALE

# Handled events are kept this long (enough to see a retry of the same message, and longer
# than any Zalo replay window allows: a replay older than that is refused by its timestamp),
# then pruned at start and every PRUNE_EVERY accepted events.
KEEP_DONE = timedelta(days=2)
PRUNE_EVERY = 1000
# Dead letters stay longer, for an admin to look at (``dead_letters``).
KEEP_DEAD = timedelta(days=30)


class PendingEvent(BaseModel):
    """An accepted event not yet marked done."""

    model_config = ConfigDict(frozen=True)

    id: int
    body: dict[str, Any]
    received_at: datetime
    attempts: int = 0


class WebhookInbox:
    """Accept, finish and recover webhook events of one channel."""

    def __init__(self, storage: Storage, channel: str, worker: str | None = None,
                 started_at: datetime | None = None) -> None:
        """Args:
        storage: The open storage.
        channel: "zalo", "telegram".
        worker: This worker's name (``workers.id``); None: one process, no owners.
        started_at: When this process started (default now): own events older than this
            were left open by a previous run of the same worker.
        """
        self._storage = storage
        self.channel = channel
        self.worker = worker
        self.started_at = _utc(started_at)
        self._accepted = 0

    async def accept(self, body: dict[str, Any], key: str | None, now: datetime | None = None) -> int | None:
        """Record an event; its id, or None when an event with the same key was recorded before.

        Args:
            body: the verified event, stored as JSON.
            key: the platform's id of the message (dedup key); None for events without one,
                which are never taken for duplicates.
        """
        row = await self._storage._write(
            "INSERT INTO webhook_inbox (channel, event_key, body, received_at, owner, claimed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, event_key) DO NOTHING RETURNING id",
            (self.channel, key or None, json.dumps(body, ensure_ascii=False), _ts(now), self.worker,
             _ts(now) if self.worker else None),
        )
        self._accepted += 1
        if self._accepted % PRUNE_EVERY == 0:
            await self.prune(now)
        return int(row["id"]) if row is not None else None

    async def finish(self, event_id: int, now: datetime | None = None) -> None:
        """Mark an event handled (answered, ignored or failed for good)."""
        await self._storage._write(
            "UPDATE webhook_inbox SET done_at = ? WHERE id = ? AND done_at IS NULL", (_ts(now), event_id)
        )

    async def begin(self, event_id: int) -> int:
        """Count one more attempt at handling an event, before handling it; the attempts so far.

        Committed before the handler runs, so an attempt that crashes the process is counted.
        """
        row = await self._storage._write(
            "UPDATE webhook_inbox SET attempts = attempts + 1 WHERE id = ? RETURNING attempts", (event_id,)
        )
        return int(row["attempts"]) if row is not None else 0

    async def bury(self, event_id: int, now: datetime | None = None) -> None:
        """Give up on an event: a dead letter, never handled again, still known as a duplicate."""
        moment = _ts(now)
        await self._storage._write(
            "UPDATE webhook_inbox SET dead_at = ?, done_at = COALESCE(done_at, ?) WHERE id = ?",
            (moment, moment, event_id),
        )

    async def pending(self, now: datetime | None = None) -> list[PendingEvent]:
        """Open events of this channel that this worker should handle now, oldest first.

        With a worker name they are claimed (``owner`` set to this worker) in one statement:
        this worker's own from before its start, unowned ones, and those of workers gone.
        """
        if self.worker is None:
            rows = await self._storage._fetchall(
                "SELECT id, body, received_at, attempts FROM webhook_inbox"
                " WHERE channel = ? AND done_at IS NULL ORDER BY id",
                (self.channel,),
            )
        else:
            cursor = await self._storage.backend.write(
                """
                UPDATE webhook_inbox SET owner = ?, claimed_at = ?
                WHERE channel = ? AND done_at IS NULL AND (
                    (owner = ? AND claimed_at < ?)
                    OR owner IS NULL
                    OR (owner != ? AND owner NOT IN (
                        SELECT id FROM workers WHERE state != 'stopped' AND heartbeat_at >= ?)))
                RETURNING id, body, received_at, attempts
                """,
                (self.worker, _ts(now), self.channel, self.worker, _ts(self.started_at), self.worker,
                 _ts(_utc(now) - WORKER_STALE)),
            )
            rows = sorted(cursor.rows, key=lambda r: int(r["id"]))
        return [_pending(r) for r in rows]

    async def dead_letters(self) -> list[PendingEvent]:
        """Events of this channel given up on, oldest first (for an admin to inspect)."""
        rows = await self._storage._fetchall(
            "SELECT id, body, received_at, attempts FROM webhook_inbox WHERE channel = ? AND dead_at IS NOT NULL"
            " ORDER BY id",
            (self.channel,),
        )
        return [_pending(r) for r in rows]

    async def prune(self, now: datetime | None = None) -> int:
        """Delete events handled more than :data:`KEEP_DONE` ago (dead letters: :data:`KEEP_DEAD`); how many."""
        moment = _utc(now)
        where = "FROM webhook_inbox WHERE channel = ? AND done_at < ? AND (dead_at IS NULL OR dead_at < ?)"
        params = (self.channel, _ts(moment - KEEP_DONE), _ts(moment - KEEP_DEAD))
        return await self._storage._execute(f"DELETE {where}", params)


def _pending(row: Any) -> PendingEvent:
    return PendingEvent(id=row["id"], body=json.loads(row["body"]), received_at=_parse_ts(row["received_at"]),
                        attempts=row["attempts"])
