"""Per-user conversation state: what the last answer was about, and a pending choice.

The core keeps it (not a channel) so that follow-ups work the same on every channel; it
is stored in the database so that a restart keeps it, and it expires after a while of
silence (``ttl``): a question asked the next morning starts afresh. ``/start`` and the
menu clear it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from pydantic import BaseModel, Field, ValidationError

from bot.answer.models import Answer, Choice, Subject
from bot.storage.database import Storage

# People come back to a subject within minutes; after half an hour of silence a short
# "lệ phí?" is more likely about something new than about the old answer.
DEFAULT_TTL = timedelta(minutes=30)


class ConversationState(BaseModel):
    """What the next message may refer to."""

    subject: Subject | None = None
    choices: list[Choice] = Field(default_factory=list, description="Options of a clarifying question.")
    choices_log_id: int | None = Field(None, description="The logged question the choices answer.")


class Conversations:
    """Loads, saves and expires :class:`ConversationState` per user."""

    def __init__(
        self,
        storage: Storage,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self._storage = storage
        self.ttl = ttl
        self._clock = clock

    async def get(self, user_id: int) -> ConversationState:
        """The user's live state (empty when none was saved, it expired, or it no longer parses)."""
        saved = await self._storage.conversation(user_id=user_id)
        if saved is None:
            return ConversationState()
        state, saved_at = saved
        if self._clock() - saved_at > self.ttl:
            return ConversationState()
        try:
            return ConversationState.model_validate(state)
        except ValidationError:
            return ConversationState()  # written by an older version: start afresh

    async def remember(self, user_id: int, answer: Answer, log_id: int) -> None:
        """Keep what ``answer`` was about (a plain decline, which has no subject, keeps the previous one).

        An answer that names its subject but lacks the fact ("Lệ phí: chưa có thông tin…")
        still moves the conversation to that subject: the next question is about it.
        """
        previous = await self.get(user_id)
        subject = answer.subject if answer.subject is not None else previous.subject
        state = ConversationState(
            subject=subject,
            choices=answer.choices,
            choices_log_id=log_id if answer.choices else None,
        )
        await self._storage.save_conversation(user_id=user_id, state=state.model_dump(mode="json"), at=self._clock())

    async def clear(self, user_id: int) -> None:
        """Forget everything (``/start``, the menu)."""
        await self._storage.clear_conversation(user_id=user_id)
