"""The token bucket itself, with an injected clock (no sleeping)."""

from __future__ import annotations

import pytest

from bot.dialogue.models import Incoming, Reply
from bot.dialogue.ratelimit import RateLimiter, handle_limited


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(burst=2, per_minute=60, clock=clock)  # one token a second
    assert [limiter.check("web", "a").allowed for _ in range(3)] == [True, True, False]
    clock.now = 1.0
    assert limiter.check("web", "a").allowed and not limiter.check("web", "a").allowed


def test_users_and_channels_are_separate() -> None:
    limiter = RateLimiter(burst=1, per_minute=1, clock=Clock())
    assert limiter.check("web", "a").allowed
    assert not limiter.check("web", "a").allowed
    assert limiter.check("web", "b").allowed and limiter.check("zalo", "a").allowed


def test_notify_once_per_streak_and_retry_after() -> None:
    clock = Clock()
    denied: list[str] = []
    limiter = RateLimiter(burst=1, per_minute=6, clock=clock, on_denied=denied.append)  # a token per 10 s
    limiter.check("zalo", "u")
    first, second = limiter.check("zalo", "u"), limiter.check("zalo", "u")
    assert first.notify and not second.notify and first.retry_after == pytest.approx(10.0)
    assert denied == ["zalo", "zalo"]
    clock.now = 10.0
    assert limiter.check("zalo", "u").allowed
    assert limiter.check("zalo", "u").notify  # a new streak is announced again


def test_memory_is_bounded() -> None:
    limiter = RateLimiter(burst=1, per_minute=1, clock=Clock(), max_buckets=3)
    for user in "abcde":
        limiter.check("web", user)
    assert len(limiter) == 3


@pytest.mark.parametrize("kwargs", [{"burst": 0, "per_minute": 1}, {"burst": 1, "per_minute": 0}])
def test_invalid_limits_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        RateLimiter(**kwargs)


async def test_handle_limited_drops_silently_after_notice() -> None:
    class Echo:
        calls = 0

        async def handle(self, incoming: Incoming) -> list[Reply]:
            Echo.calls += 1
            return [Reply(text="ok")]

    limiter = RateLimiter(burst=1, per_minute=1, clock=Clock())
    event = Incoming(channel="telegram", user_id="1", text="hi")
    results = [await handle_limited(Echo(), limiter, event) for _ in range(3)]
    assert results[0][0].text == "ok" and results[1][0].text.startswith("Bạn đang gửi") and results[2] == []
    assert Echo.calls == 1
