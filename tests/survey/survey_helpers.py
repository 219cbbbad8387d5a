"""Helpers for survey tests: events, a logged answer to vote on, and a clock one can move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from bot.dialogue.models import Incoming, Reply
from bot.storage.database import Storage

# A Zalo-sized id: long and distinctive, so a search of the survey tables for it cannot hit by chance.
CITIZEN = "8412345678901234567"


def say(text: str, *, user: str = CITIZEN, channel: str = "zalo") -> Incoming:
    return Incoming(channel=channel, user_id=user, text=text)  # type: ignore[arg-type]


def press(payload: str, *, user: str = CITIZEN, channel: str = "zalo") -> Incoming:
    return Incoming(channel=channel, user_id=user, kind="button", payload=payload)  # type: ignore[arg-type]


def buttons(replies: list[Reply]) -> list[tuple[str, str]]:
    """(label, payload) of every button of the replies, in order."""
    return [(b.label, b.payload) for reply in replies for row in reply.buttons for b in row]


def payload_of(replies: list[Reply], label: str) -> str:
    found = [p for text, p in buttons(replies) if text == label]
    assert found, f"no button {label!r} in {buttons(replies)}"
    return found[0]


async def logged_answer(storage: Storage, *, user: str = CITIZEN, channel: str = "zalo") -> int:
    """A logged answer shown to ``user`` (what a 👍 refers to), as the core logs it."""
    user_id = await storage.upsert_user(channel=channel, external_id=user)
    return await storage.log_question(user_id=user_id, channel=channel, question="Dịch vụ công là gì?",
                                      found=True, top_score=0.9, latency_ms=5)


@dataclass
class Clock:
    """Current time, set by the test."""

    now: datetime = datetime(2025, 11, 10, 3, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now
