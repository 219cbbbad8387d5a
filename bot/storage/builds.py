"""Published knowledge builds: the one build every worker should answer from.

A rebuild (by one worker, or by a separate ``cchc index`` job) writes a build directory
under ``<data>/builds`` (shared by the workers) and then records its name here; workers
poll :meth:`BuildLog.latest` and swap to it (``bot.knowledge_sync``).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.storage.database import Storage, _parse_ts, _ts


class PublishedBuild(BaseModel):
    """A build as published."""

    model_config = ConfigDict(frozen=True)

    id: str
    published_at: datetime
    published_by: str
    documents: int
    chunks: int


class BuildLog:
    """Publish builds and read the latest, over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def publish(self, *, build_id: str, by: str, documents: int, chunks: int,
                      at: datetime | None = None) -> None:
        """Make ``build_id`` (a directory name under ``<data>/builds``) the one to answer from."""
        await self._storage._write(
            """
            INSERT INTO knowledge_builds (id, published_at, published_by, documents, chunks) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET published_at = excluded.published_at, published_by = excluded.published_by
            """,
            (build_id, _ts(at), by, documents, chunks),
        )

    async def latest(self) -> PublishedBuild | None:
        """The most recently published build, or None."""
        rows = await self.recent(1)
        return rows[0] if rows else None

    async def recent(self, limit: int) -> list[PublishedBuild]:
        """The last ``limit`` published builds, newest first."""
        rows = await self._storage._fetchall(
            "SELECT * FROM knowledge_builds ORDER BY published_at DESC, id DESC LIMIT ?", (limit,)
        )
        return [
            PublishedBuild(id=r["id"], published_at=_parse_ts(r["published_at"]), published_by=r["published_by"],
                           documents=r["documents"], chunks=r["chunks"])
            for r in rows
        ]
