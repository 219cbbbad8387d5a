"""Per-user rate limiting at the channel boundary: one token bucket per (channel, user id).

Why here and not in the core: a flood must be stopped before it costs anything (a
retrieval, a database write), and every channel adapter — web, Zalo, Telegram — calls
:func:`handle_limited` instead of ``assistant.handle``. The limiter is pure (the clock is
injected) so its behaviour is tested without sleeping.

A user who floods gets the polite :data:`bot.messages.RATE_LIMITED` once per streak; the
rest of the streak is dropped silently, so the reply to a flood is not itself a flood.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot import messages
from bot.dialogue.models import Incoming, Reply

log = logging.getLogger(__name__)

# Buckets kept in memory. An office assistant sees thousands of users, not millions; past
# this the least recently seen buckets are forgotten (a forgotten user simply starts full).
MAX_BUCKETS = 50_000


class _Handles(Protocol):
    async def handle(self, incoming: Incoming) -> list[Reply]: ...


@dataclass(frozen=True)
class Decision:
    """The outcome for one event.

    Attributes:
        allowed: the event may be handled.
        notify: denied, and this is the first denial of the streak (tell the user once).
        retry_after: seconds until one token is available again (0.0 when allowed).
    """

    allowed: bool
    notify: bool = False
    retry_after: float = 0.0


@dataclass
class _Bucket:
    tokens: float
    updated: float
    notified: bool = False


class RateLimiter:
    """Token buckets: ``burst`` events at once, refilled at ``per_minute`` events a minute."""

    def __init__(
        self,
        *,
        burst: int,
        per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
        on_denied: Callable[[str], None] | None = None,
    ) -> None:
        """Validate the limits; no buckets exist until a user is seen.

        Args:
            burst: events a user may send at once.
            per_minute: sustained events per minute (the refill rate).
            clock: seconds, monotonic (injected by tests).
            max_buckets: users remembered at most.
            on_denied: called with the channel name for every refused event (metrics).

        Raises:
            ValueError: a non-positive burst, rate or bucket count (quoted in the message).
        """
        if burst < 1:
            raise ValueError(f"burst must be at least 1, got {burst}")
        if per_minute <= 0:
            raise ValueError(f"per_minute must be positive, got {per_minute}")
        if max_buckets < 1:
            raise ValueError(f"max_buckets must be at least 1, got {max_buckets}")
        self.burst = burst
        self.rate = per_minute / 60.0  # tokens per second
        self._clock = clock
        self._max = max_buckets
        self._on_denied = on_denied
        self._buckets: OrderedDict[tuple[str, str], _Bucket] = OrderedDict()

    def check(self, channel: str, user_id: str) -> Decision:
        """Spend one token of this user's bucket if there is one.

        Args:
            channel: the channel name (the same id on two channels is two people).
            user_id: the channel's user id.

        Returns:
            Whether to handle the event, and whether to tell the user they are limited.
        """
        now = self._clock()
        key = (channel, user_id)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
            self._evict()
        else:
            self._buckets.move_to_end(key)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.notified = False
            return Decision(allowed=True)
        notify = not bucket.notified
        bucket.notified = True
        if self._on_denied is not None:
            self._on_denied(channel)
        return Decision(allowed=False, notify=notify, retry_after=(1.0 - bucket.tokens) / self.rate)

    async def decide(self, channel: str, user_id: str) -> Decision:
        """:meth:`check` for async callers; shared limiters (:class:`SharedRateLimiter`) override it."""
        return self.check(channel, user_id)

    def __len__(self) -> int:
        return len(self._buckets)

    def _evict(self) -> None:
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)


def rate_limited_reply(retry_after: float) -> Reply:
    """The polite Vietnamese notice, with the wait rounded up to whole seconds."""
    return Reply(text=messages.RATE_LIMITED.format(seconds=max(1, int(retry_after + 0.999))))


async def handle_limited(assistant: _Handles, limiter: RateLimiter | None, incoming: Incoming) -> list[Reply]:
    """``assistant.handle`` behind the limiter: the notice once per streak, then nothing.

    Args:
        assistant: the core (or a wrapper with the same ``handle``).
        limiter: None turns limiting off.
        incoming: the event.

    Returns:
        The core's replies, the notice, or an empty list (a silently dropped event).
    """
    if limiter is None:
        return await assistant.handle(incoming)
    decision = await limiter.decide(incoming.channel, incoming.user_id)
    if decision.allowed:
        return await assistant.handle(incoming)
    return [rate_limited_reply(decision.retry_after)] if decision.notify else []


# ---------------------------------------------------------------------------------------
# Several workers (issue 16): the buckets live where every worker sees them.


class BucketStore(Protocol):
    """Token buckets outside the process (``bot.storage.redis_buckets``, ``bot.storage.buckets``)."""

    async def take(self, channel: str, user_id: str, *, burst: int, per_second: float) -> tuple[bool, bool, float]:
        """Refill and spend one token atomically; (allowed, notify, tokens left)."""
        ...


class SharedRateLimiter(RateLimiter):
    """The same limits, with the buckets in a shared store, so a user limited on one worker is
    limited on all of them.

    If the store fails (Redis restarting, a database hiccup) the event is judged by this
    process's own buckets instead: limits stay in force, per worker, and no message is
    lost or delayed for it. Each failure is logged once per streak.
    """

    def __init__(self, store: BucketStore, *, burst: int, per_minute: float,
                 on_denied: Callable[[str], None] | None = None, name: str = "shared") -> None:
        """Args:
        store: where the buckets live.
        burst, per_minute, on_denied: as for :class:`RateLimiter`.
        name: the store's name in logs ("redis", "database").
        """
        super().__init__(burst=burst, per_minute=per_minute, on_denied=on_denied)
        self.store = store
        self.name = name
        self._failing = False

    async def decide(self, channel: str, user_id: str) -> Decision:
        """One token from the shared bucket (the local one when the store fails)."""
        try:
            allowed, notify, tokens = await self.store.take(channel, user_id, burst=self.burst, per_second=self.rate)
        except Exception:
            if not self._failing:
                log.warning("Rate-limit store %s failed; limiting per worker until it answers", self.name,
                            exc_info=True)
            self._failing = True
            return self.check(channel, user_id)
        if self._failing:
            log.info("Rate-limit store %s answers again", self.name)
            self._failing = False
        if allowed:
            return Decision(allowed=True)
        if self._on_denied is not None:
            self._on_denied(channel)
        return Decision(allowed=False, notify=notify, retry_after=max(0.0, 1.0 - tokens) / self.rate)
