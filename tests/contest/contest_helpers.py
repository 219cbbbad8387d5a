"""Helpers for contest tests: a settable clock, events, and a participant answering through the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot import messages
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming, Reply
from bot.storage.contest import ContestStore
from bot.storage.database import Storage

REPO = Path(__file__).resolve().parents[2]
ADMIN = "42"
T0 = datetime(2025, 11, 10, 3, 0, tzinfo=timezone.utc)  # 10:00 local
OPEN = '/mohoithi ten="Hội thi thử" tu=10/11/2025 den=20/11/2025 socau=3 giay=30 chude=targets'


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> None:
        self.now = T0 + timedelta(seconds=seconds)


def say(text: str, user: str, channel: str = "telegram") -> Incoming:
    return Incoming(channel=channel, user_id=user, display_name=f"Người {user}", text=text)


def press(payload: str, user: str, channel: str = "telegram") -> Incoming:
    return Incoming(channel=channel, user_id=user, display_name=f"Người {user}", kind="button", payload=payload)


def payloads_of(replies: list[Reply], prefix: str) -> list[str]:
    return [b.payload for r in replies for row in r.buttons for b in row if b.payload.startswith(prefix)]


class Player:
    """One participant, pressing the right or a wrong option of their own snapshot."""

    def __init__(self, assistant: Assistant, storage: Storage, user: str, channel: str = "telegram") -> None:
        self.assistant, self.storage, self.user, self.channel = assistant, storage, user, channel
        self.replies: list[Reply] = []

    async def enrol(self, unit: str) -> None:
        """Redeem a fresh invite token for ``unit`` (as ``cchc units invite`` issues it)."""
        (token,) = await self.assistant.quiz.enrolment.issue(unit)
        (done,) = await self.assistant.handle(say(f"/thamgia {token}", self.user, self.channel))
        assert done.text.startswith("Bạn đã được ghi danh vào đơn vị"), done.text

    async def enter(self, unit: str, *, enrolled: bool = True) -> None:
        """Enrolled: enrol in ``unit``, then ``/hoithi`` starts the entry. Not: practice, for the unit picked."""
        if enrolled:
            await self.enrol(unit)
            self.replies = await self.assistant.handle(say("/hoithi", self.user, self.channel))
        else:
            self.replies = await self.assistant.handle(say("/hoithi", self.user, self.channel))
            assert self.replies[0].text == messages.CONTEST_PRACTICE_PROMPT
            (choice,) = [p for p in payloads_of(self.replies, "ht:u:") if p.endswith(f":{unit}")]
            self.replies = await self.assistant.handle(press(choice, self.user, self.channel))
        assert self.replies[-1].text.startswith("Hội thi “") and "Hội thi · Câu 1/" in self.replies[-1].text
        assert (messages.CONTEST_PRACTICE_NOTE in self.replies[-1].text) is not enrolled

    async def answer(self, right: bool) -> list[Reply]:
        letters = payloads_of(self.replies, "ht:a:")
        entry_id, position = (int(x) for x in letters[0].split(":")[2:4])
        entry = await ContestStore(self.storage).entry(entry_id=entry_id)
        assert entry is not None
        correct = entry.questions[position]["correct"]
        option = correct if right else (correct + 1) % len(letters)
        self.replies = await self.assistant.handle(press(letters[option], self.user, self.channel))
        return self.replies

    async def play(self, right: bool = True) -> list[Reply]:
        """Answer every remaining question."""
        while payloads_of(self.replies, "ht:a:"):
            await self.answer(right)
        return self.replies
