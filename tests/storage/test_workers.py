"""What several workers share through the database, on both backends: leases, heartbeats,
published builds, inbox ownership and rate-limit buckets. Two workers are two Storage
handles on the same database (their own connections), as two processes would be."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest

from bot.dialogue.ratelimit import SharedRateLimiter
from bot.storage.buckets import DatabaseBuckets
from bot.storage.builds import BuildLog
from bot.storage.database import Storage
from bot.storage.inbox import WebhookInbox
from bot.storage.leases import Leases
from bot.storage.workers import WORKER_STALE, WorkerRegistry

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=timezone.utc)
TTL = timedelta(seconds=60)


@pytest.fixture
async def second(storage: Storage, db_url: str) -> AsyncIterator[Storage]:
    """Another worker's handle on the same database."""
    other = await Storage.open(db_url)
    try:
        yield other
    finally:
        await other.close()


async def test_a_lease_has_one_holder_until_released_or_expired(storage: Storage, second: Storage) -> None:
    a, b = Leases(storage), Leases(second)
    assert await a.acquire("reload", owner="w1/1", ttl=TTL, now=NOW)
    assert not await b.acquire("reload", owner="w2/1", ttl=TTL, now=NOW + timedelta(seconds=30))
    assert await a.acquire("reload", owner="w1/1", ttl=TTL, now=NOW)  # the holder may take it again
    assert await b.holder("reload", now=NOW) == "w1/1"
    assert await a.renew("reload", owner="w1/1", ttl=TTL, now=NOW + timedelta(seconds=50))
    assert not await b.acquire("reload", owner="w2/1", ttl=TTL, now=NOW + timedelta(seconds=90))  # renewed
    assert await b.acquire("reload", owner="w2/1", ttl=TTL, now=NOW + timedelta(seconds=111))  # holder died
    assert not await a.renew("reload", owner="w1/1", ttl=TTL, now=NOW + timedelta(seconds=112))
    await a.release("reload", owner="w1/1")  # not theirs any more: a no-op
    assert await a.holder("reload", now=NOW + timedelta(seconds=112)) == "w2/1"
    await b.release("reload", owner="w2/1")
    assert await a.acquire("reload", owner="w1/1", ttl=TTL, now=NOW + timedelta(seconds=113))


async def test_racing_for_a_lease_gives_it_to_one(storage: Storage, second: Storage) -> None:
    handles = [Leases(storage), Leases(second)] * 4
    won = await asyncio.gather(*(h.acquire("reload", owner=f"w{i}", ttl=TTL, now=NOW) for i, h in enumerate(handles)))
    assert sum(won) == 1


async def test_heartbeats_tell_live_workers_and_their_builds(storage: Storage, second: Storage) -> None:
    one, two = WorkerRegistry(storage), WorkerRegistry(second)
    await one.beat(worker="w1", state="serving", build_id="b1", started_at=NOW, now=NOW)
    await two.beat(worker="w2", state="serving", build_id="b2", started_at=NOW, now=NOW)
    await two.beat(worker="w2", state="draining", build_id="b3", now=NOW + timedelta(seconds=20))
    assert [(w.id, w.state, w.build_id) for w in await one.live(NOW + timedelta(seconds=20))] == [
        ("w1", "serving", "b1"), ("w2", "draining", "b3")]
    assert (await one.live(NOW + timedelta(seconds=20)))[1].started_at == NOW  # later beats keep the start
    assert await one.builds_in_use(NOW + WORKER_STALE + timedelta(seconds=5)) == {"b3"}  # w1 went silent
    await two.beat(worker="w2", state="stopped", build_id="b3", now=NOW + timedelta(seconds=21))
    assert await one.builds_in_use(NOW + timedelta(seconds=21)) == {"b1"}


async def test_the_latest_published_build_wins(storage: Storage, second: Storage) -> None:
    assert await BuildLog(storage).latest() is None
    await BuildLog(storage).publish(build_id="20250310-a", by="w1", documents=5, chunks=150, at=NOW)
    await BuildLog(second).publish(build_id="20250310-b", by="index-job", documents=6, chunks=160,
                                   at=NOW + timedelta(seconds=1))
    latest = await BuildLog(storage).latest()
    assert latest is not None and (latest.id, latest.published_by, latest.chunks) == ("20250310-b", "index-job", 160)
    assert [b.id for b in await BuildLog(second).recent(5)] == ["20250310-b", "20250310-a"]


async def test_a_retry_delivered_to_two_workers_is_accepted_once(storage: Storage, second: Storage) -> None:
    inboxes = [WebhookInbox(storage, "zalo", worker="w1"), WebhookInbox(second, "zalo", worker="w2")] * 3
    ids = await asyncio.gather(*(inbox.accept({"text": "hỏi"}, "msg-9") for inbox in inboxes))
    assert len([i for i in ids if i is not None]) == 1


async def test_a_restarted_worker_drains_its_own_and_a_dead_ones_events(storage: Storage, second: Storage) -> None:
    start = datetime.now(timezone.utc)
    registry = WorkerRegistry(storage)
    await registry.beat(worker="w1", state="serving", build_id=None, started_at=start, now=start)
    await registry.beat(worker="w2", state="serving", build_id=None, started_at=start, now=start)
    await registry.beat(worker="w3", state="serving", build_id=None, started_at=start, now=start - WORKER_STALE * 2)
    before = start - timedelta(seconds=5)
    mine = await WebhookInbox(storage, "zalo", worker="w1").accept({"n": 1}, "a", before)  # then w1 crashed
    theirs = await WebhookInbox(second, "zalo", worker="w2").accept({"n": 2}, "b", before)  # w2 is alive
    dead = await WebhookInbox(second, "zalo", worker="w3").accept({"n": 3}, "c", before)  # w3 died long ago
    restarted = WebhookInbox(storage, "zalo", worker="w1", started_at=start)
    current = await restarted.accept({"n": 4}, "d")  # accepted by this run: in flight, not pending
    claimed = await restarted.pending()
    assert [(e.id, e.body) for e in claimed] == [(mine, {"n": 1}), (dead, {"n": 3})]
    assert await restarted.pending() == []  # claimed once; the event in flight is never taken
    w2_restarted = WebhookInbox(second, "zalo", worker="w2", started_at=start)
    assert [e.id for e in await w2_restarted.pending()] == [theirs]
    assert current not in [e.id for e in await WebhookInbox(second, "zalo", worker="w9").pending()]


@pytest.mark.parametrize("burst", [3])
async def test_database_buckets_are_shared_between_workers(storage: Storage, second: Storage, burst: int) -> None:
    clock = [1_000.0]
    one = SharedRateLimiter(DatabaseBuckets(storage, clock=lambda: clock[0]), burst=burst, per_minute=60, name="db")
    two = SharedRateLimiter(DatabaseBuckets(second, clock=lambda: clock[0]), burst=burst, per_minute=60, name="db")
    decisions = [await (one if i % 2 else two).decide("zalo", "u1") for i in range(burst + 2)]
    assert [d.allowed for d in decisions] == [True] * burst + [False, False]
    assert [d.notify for d in decisions[burst:]] == [True, False]  # told once per streak, on either worker
    assert decisions[burst].retry_after == pytest.approx(1.0)
    assert (await one.decide("zalo", "u2")).allowed and (await two.decide("web", "u1")).allowed
    clock[0] += 1.0  # one token a second
    assert (await two.decide("zalo", "u1")).allowed
    assert not (await one.decide("zalo", "u1")).allowed
    clock[0] += 100.0  # refilled, but never past the burst
    assert [(await one.decide("zalo", "u1")).allowed for _ in range(burst + 1)] == [True] * burst + [False]


async def test_concurrent_events_never_spend_a_token_twice(storage: Storage, second: Storage) -> None:
    limiters = [SharedRateLimiter(DatabaseBuckets(s, clock=lambda: 5_000.0), burst=5, per_minute=1) for s in (storage, second)]
    decisions = await asyncio.gather(*(limiters[i % 2].decide("web", "flood") for i in range(12)))
    assert sum(d.allowed for d in decisions) == 5
