"""Rate-limit token buckets in the database, shared by every worker (no Redis needed).

One statement per event: the bucket row is refilled for the time elapsed, a token is taken
if there is one, and the outcome comes back through RETURNING. Concurrent events of one
user (on two workers) serialise on the row, so no token is spent twice. Used when several
workers share PostgreSQL without ``CCHC_REDIS_URL`` (``bot.dialogue.ratelimit``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.storage.database import Storage

# The refill (R), written once: the stored tokens plus the time since the last event at
# the bucket's rate, capped at the burst (the inserted row carries burst - 1 as its tokens).
# Elapsed time never counts backwards, should two workers' clocks disagree slightly.
_ELAPSED = ("CASE WHEN excluded.updated > rate_buckets.updated"
            " THEN excluded.updated - rate_buckets.updated ELSE 0 END")
_FILLED = f"rate_buckets.tokens + ({_ELAPSED}) * excluded.rate"
_REFILL = f"(CASE WHEN {_FILLED} > excluded.tokens + 1 THEN excluded.tokens + 1 ELSE {_FILLED} END)"
_TAKE = f"""
    INSERT INTO rate_buckets (channel, user_key, tokens, rate, updated, notified, allowed, notify)
    VALUES (?, ?, ?, ?, ?, 0, 1, 0)
    ON CONFLICT (channel, user_key) DO UPDATE SET
        tokens = CASE WHEN {_REFILL} >= 1 THEN {_REFILL} - 1 ELSE {_REFILL} END,
        allowed = CASE WHEN {_REFILL} >= 1 THEN 1 ELSE 0 END,
        notify = CASE WHEN {_REFILL} < 1 AND rate_buckets.notified = 0 THEN 1 ELSE 0 END,
        notified = CASE WHEN {_REFILL} >= 1 THEN 0 ELSE 1 END,
        rate = excluded.rate,
        updated = CASE WHEN excluded.updated > rate_buckets.updated THEN excluded.updated ELSE rate_buckets.updated END
    RETURNING tokens, allowed, notify
"""


class DatabaseBuckets:
    """``BucketStore`` over the ``rate_buckets`` table."""

    def __init__(self, storage: Storage, clock: Callable[[], float] = time.time) -> None:
        """Args:
        storage: The open storage.
        clock: Wall-clock seconds (shared between workers, unlike a monotonic clock).
        """
        self._storage = storage
        self._clock = clock

    async def take(self, channel: str, user_id: str, *, burst: int, per_second: float) -> tuple[bool, bool, float]:
        """Spend a token of (channel, user); (allowed, notify, tokens left)."""
        row = await self._storage._write(
            _TAKE, (channel, user_id, float(burst - 1), float(per_second), float(self._clock()))
        )
        assert row is not None  # an upsert with RETURNING always yields the row
        return bool(row["allowed"]), bool(row["notify"]), float(row["tokens"])
