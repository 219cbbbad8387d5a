"""Sent Telegram polls: the payload behind each option, for turning a vote into a button press.

A ``poll_answer`` update names only the poll and the chosen option numbers. The Telegram
adapter records, when it sends a poll, which payload each option stands for (the payload of
the button it replaces) and the chat to answer in; a vote then becomes the same
``Incoming`` as a press, so quiz and contest answers land in the same attempt records.
Kept in SQLite so that a vote cast across a restart still counts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from bot.storage.database import Storage, _ts

# Telegram polls of ours close within minutes (a quiz question) or at most ten minutes (a
# contest's limit); a week keeps every vote that can still arrive and bounds the table.
KEEP = timedelta(days=7)


class TelegramPolls:
    """The poll map over an open :class:`Storage` (the adapter sees only these two methods)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def remember(self, poll_id: str, chat_id: int, payloads: Sequence[str], at: datetime | None = None) -> None:
        """Record a sent poll; rows older than ``KEEP`` are dropped on the way."""
        moment = at or datetime.now(timezone.utc)
        await self._storage._write("DELETE FROM telegram_polls WHERE created_at < ?", (_ts(moment - KEEP),))
        await self._storage._write(
            "INSERT OR REPLACE INTO telegram_polls (poll_id, chat_id, payloads, created_at) VALUES (?, ?, ?, ?)",
            (poll_id, chat_id, json.dumps(list(payloads)), _ts(moment)),
        )

    async def recall(self, poll_id: str) -> tuple[int, list[str]] | None:
        """(chat id, payload per option) of a poll we sent, or None."""
        row = await self._storage._fetchone("SELECT chat_id, payloads FROM telegram_polls WHERE poll_id = ?", (poll_id,))
        return (int(row["chat_id"]), list(json.loads(row["payloads"]))) if row else None
