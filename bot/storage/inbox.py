"""The webhook inbox: events a channel has accepted, kept until they have been handled.

Why: a webhook must answer 200 quickly (Zalo retries slow ones) and then do the work in the
background. Without a record, a crash or a restart between the 200 and the reply loses the
user's message, since the platform will not send it again. So the event is written here
*before* the 200, marked done after it has been handled, and whatever is still pending at
the next start is handled then. The unique (channel, key) pair also turns a platform's
retry of the same message into a no-op, across restarts.

A thin companion of :class:`~bot.storage.database.Storage`, sharing its connection and
write lock, like the quiz store.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts, _utc

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

    def __init__(self, storage: Storage, channel: str) -> None:
        self._storage = storage
        self.channel = channel
        self._accepted = 0

    async def accept(self, body: dict[str, Any], key: str | None, now: datetime | None = None) -> int | None:
        """Record an event; its id, or None when an event with the same key was recorded before.

        Args:
            body: the verified event, stored as JSON.
            key: the platform's id of the message (dedup key); None for events without one,
                which are never taken for duplicates.
        """
        row = await self._storage._write(
            "INSERT INTO webhook_inbox (channel, event_key, body, received_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, event_key) DO NOTHING RETURNING id",
            (self.channel, key or None, json.dumps(body, ensure_ascii=False), _ts(now)),
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

    async def pending(self) -> list[PendingEvent]:
        """Events of this channel not yet handled, oldest first."""
        return await self._events("done_at IS NULL")

    async def dead_letters(self) -> list[PendingEvent]:
        """Events of this channel given up on, oldest first (for an admin to inspect)."""
        return await self._events("dead_at IS NOT NULL")

    async def _events(self, condition: str) -> list[PendingEvent]:
        """This channel's events meeting ``condition`` (one of the two literals above), oldest first."""
        rows = await self._storage._fetchall(
            f"SELECT id, body, received_at, attempts FROM webhook_inbox WHERE channel = ? AND {condition} ORDER BY id",
            (self.channel,),
        )
        return [
            PendingEvent(id=r["id"], body=json.loads(r["body"]), received_at=_parse_ts(r["received_at"]),
                         attempts=r["attempts"])
            for r in rows
        ]

    async def prune(self, now: datetime | None = None) -> int:
        """Delete events handled more than :data:`KEEP_DONE` ago (dead letters: :data:`KEEP_DEAD`); how many."""
        moment = _utc(now)
        where = (
            "FROM webhook_inbox WHERE channel = ? AND done_at < ?"
            " AND (dead_at IS NULL OR dead_at < ?)"
        )
        params = (self.channel, _ts(moment - KEEP_DONE), _ts(moment - KEEP_DEAD))
        rows = await self._storage._fetchall(f"SELECT COUNT(*) {where}", params)
        await self._storage._write(f"DELETE {where}", params)
        return int(rows[0][0]) if rows else 0
