"""Leases: a named lock between processes that frees itself when its holder dies.

The knowledge reload takes one, so that two workers (or a worker and a ``cchc index`` job)
never build at once. A lease is a row with an expiry: taking it is one ``INSERT … ON
CONFLICT DO UPDATE … WHERE expired``, atomic on both databases; the holder renews it while
it works, and a holder killed mid-build blocks the next reload only until the expiry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.database import Storage, _ts, _utc


class Leases:
    """Take, renew and give back leases, over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def acquire(self, name: str, *, owner: str, ttl: timedelta, now: datetime | None = None) -> bool:
        """Take ``name`` for ``owner`` if it is free, expired, or already ``owner``'s.

        Args:
            owner: unique per holder (per process), so that two callers never share a lease.
            ttl: how long the lease holds without a renewal.
        """
        moment = _utc(now)
        row = await self._storage._write(
            """
            INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.expires_at < ? OR leases.owner = excluded.owner
            RETURNING owner
            """,
            (name, owner, _ts(moment + ttl), _ts(moment)),
        )
        return row is not None

    async def renew(self, name: str, *, owner: str, ttl: timedelta, now: datetime | None = None) -> bool:
        """Push the expiry of a lease ``owner`` holds; False if it is no longer theirs."""
        changed = await self._storage._execute(
            "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?",
            (_ts(_utc(now) + ttl), name, owner),
        )
        return changed > 0

    async def release(self, name: str, *, owner: str) -> None:
        """Give the lease back (a no-op when ``owner`` no longer holds it)."""
        await self._storage._execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))

    async def holder(self, name: str, now: datetime | None = None) -> str | None:
        """Who holds ``name`` now, or None."""
        row = await self._storage._fetchone(
            "SELECT owner FROM leases WHERE name = ? AND expires_at >= ?", (name, _ts(now))
        )
        return str(row["owner"]) if row else None
