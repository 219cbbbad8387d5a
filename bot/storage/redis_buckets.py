"""Rate-limit token buckets in Redis (``CCHC_REDIS_URL``), shared by every worker.

A Lua script does the refill and the take atomically on the server, with the server's
clock, so workers on several machines agree without clock sync. Each bucket expires once
it would be full again: Redis holds only the users active in the last minute or so.
"""

from __future__ import annotations

import math
from typing import Any

try:
    import redis.asyncio as redis_asyncio
except ImportError:  # pragma: no cover - a dependency of the project
    redis_asyncio = None

_SCRIPT = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'notified')
local tokens = tonumber(stored[1]) or burst
local updated = tonumber(stored[2]) or now
local notified = tonumber(stored[3]) or 0
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed, notify = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
  notified = 0
else
  if notified == 0 then notify = 1 end
  notified = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now), 'notified', notified)
redis.call('EXPIRE', KEYS[1], ttl)
return {allowed, notify, tostring(tokens)}
"""
# Keys live under one prefix so an operator can find (or flush) them: cchc:rl:<channel>:<user>.
KEY_PREFIX = "cchc:rl:"


class RedisBuckets:
    """``BucketStore`` over Redis. Create with :meth:`connect`, end with :meth:`close`."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._script = client.register_script(_SCRIPT)

    @classmethod
    async def connect(cls, url: str) -> RedisBuckets:
        """Connect and check the server answers.

        Raises:
            ImportError: the redis package is missing.
            ConnectionError: the server cannot be reached (the caller falls back).
        """
        if redis_asyncio is None:  # pragma: no cover
            raise ImportError("CCHC_REDIS_URL needs the redis package: pip install redis")
        # Short timeouts: a slow Redis must not hold a user's message for long (the limiter
        # falls back to the local buckets on an error).
        client = redis_asyncio.from_url(url, socket_timeout=0.5, socket_connect_timeout=1.0)
        try:
            await client.ping()
        except Exception as exc:
            await client.aclose()
            raise ConnectionError(f"Redis at {url.split('@')[-1]} does not answer: {exc}") from exc
        return cls(client)

    async def take(self, channel: str, user_id: str, *, burst: int, per_second: float) -> tuple[bool, bool, float]:
        """Spend a token of (channel, user); (allowed, notify, tokens left)."""
        ttl = max(1, math.ceil(burst / per_second)) + 1
        allowed, notify, tokens = await self._script(
            keys=[f"{KEY_PREFIX}{channel}:{user_id}"], args=[burst, repr(per_second), ttl]
        )
        return bool(int(allowed)), bool(int(notify)), float(tokens)

    async def close(self) -> None:
        await self._client.aclose()
