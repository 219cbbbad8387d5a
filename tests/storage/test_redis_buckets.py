"""The shared rate limit through the machine's Redis, and the fallback when Redis is gone."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bot.dialogue.ratelimit import SharedRateLimiter
from bot.storage.redis_buckets import KEY_PREFIX, RedisBuckets

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def buckets() -> AsyncIterator[tuple[RedisBuckets, RedisBuckets]]:
    """Two workers' connections to the same Redis."""
    pair = (await RedisBuckets.connect(REDIS_URL), await RedisBuckets.connect(REDIS_URL))
    try:
        yield pair
    finally:
        for b in pair:
            await b.close()


async def test_a_user_limited_on_one_worker_is_limited_on_the_other(buckets: tuple[RedisBuckets, RedisBuckets]) -> None:
    user = f"u-{uuid.uuid4().hex}"  # Redis is shared by everyone on the machine: a key of this test only
    one, two = (SharedRateLimiter(b, burst=3, per_minute=6, name="redis") for b in buckets)  # a token per 10 s
    decisions = [await (one if i % 2 else two).decide("zalo", user) for i in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.notify for d in decisions[3:]] == [True, False]
    assert 9.0 < decisions[3].retry_after <= 10.0
    assert (await one.decide("web", user)).allowed  # another channel: another bucket
    ttl = await buckets[0]._client.ttl(f"{KEY_PREFIX}zalo:{user}")
    assert 0 < ttl <= 31  # forgotten once it would be full again (3 tokens × 10 s, plus a second)


async def test_an_unreachable_redis_is_reported_and_a_failing_one_falls_back() -> None:
    with pytest.raises(ConnectionError, match="does not answer"):
        await RedisBuckets.connect("redis://127.0.0.1:1/0")
    live = await RedisBuckets.connect(REDIS_URL)
    limiter = SharedRateLimiter(live, burst=2, per_minute=60, name="redis")
    await live.close()  # Redis goes away under a running worker
    await live._client.connection_pool.disconnect()
    live._client.connection_pool.connection_kwargs.update(port=1)
    user = f"u-{uuid.uuid4().hex}"
    assert [(await limiter.decide("web", user)).allowed for _ in range(3)] == [True, True, False]  # local buckets
