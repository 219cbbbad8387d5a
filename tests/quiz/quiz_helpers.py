"""Helpers for quiz tests: events, and answering through the core knowing the right option."""

from __future__ import annotations

from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Incoming, Reply
from bot.quiz.models import ShownQuestion
from bot.storage.database import Storage
from bot.storage.quiz import QuizAttempt, QuizStore

ADMIN_ID = "42"
USER_ID = "7"


def message(text: str, *, user: str = USER_ID) -> Incoming:
    """A typed message or command."""
    return Incoming(channel="telegram", user_id=user, display_name=f"Người dùng {user}", text=text)


def press(payload: str, *, user: str = USER_ID) -> Incoming:
    """A button press."""
    return Incoming(channel="telegram", user_id=user, display_name=f"Người dùng {user}", kind="button", payload=payload)


def payloads(reply: Reply) -> list[str]:
    """Every button payload of a reply."""
    return [b.payload for row in reply.buttons for b in row]


def answer_payload(attempt: QuizAttempt, position: int, *, right: bool) -> str:
    """The payload answering ``position`` right or wrong, from the attempt's stored snapshot."""
    shown = ShownQuestion.model_validate(attempt.questions[position])
    option = shown.correct if right else (shown.correct + 1) % len(shown.options)
    return f"qz:a:{attempt.id}:{position}:{option}"


async def user_key(storage: Storage, user: str) -> int:
    """The internal id of a (non-admin) Telegram user; registers them if needed."""
    return await storage.upsert_user(channel="telegram", external_id=user, display_name=f"Người dùng {user}")


async def start_in_unit(assistant: Assistant, storage: Storage, unit: str = "vp", *, user: str = USER_ID) -> QuizAttempt:
    """``/quiz``, choose ``unit``; returns the new attempt."""
    await assistant.handle(message("/quiz", user=user))
    await assistant.handle(press(f"qz:u:{unit}", user=user))
    attempt = await QuizStore(storage).active_attempt(user_id=await user_key(storage, user))
    assert attempt is not None
    return attempt


async def current(storage: Storage, user: str = USER_ID) -> QuizAttempt:
    """The user's active attempt, freshly read."""
    attempt = await QuizStore(storage).active_attempt(user_id=await user_key(storage, user))
    assert attempt is not None
    return attempt
