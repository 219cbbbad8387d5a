"""Who sent an event, and their ``users`` row: looked up at once, created only when needed.

Why: registering every sender on every event let anyone fill the users table by rotating
web session ids (and inflated the user count in ``/stats``). A known sender's row is
refreshed as before (name, role, ``last_seen``); an unknown sender gets a row only when
something is stored for them: a logged question, a quiz attempt, a vote, an enrolment.
"""

from __future__ import annotations

from bot.dialogue.models import Incoming
from bot.storage.database import Storage


class Sender:
    """The sender of one event (use :meth:`look_up`)."""

    def __init__(self, storage: Storage, incoming: Incoming, role: str, known_id: int | None) -> None:
        self._storage = storage
        self._incoming = incoming
        self._role = role
        self._id = known_id

    @classmethod
    async def look_up(cls, storage: Storage, incoming: Incoming, *, role: str) -> Sender:
        """The sender, with their row refreshed if they have one (none is created here)."""
        known = await storage.find_user(channel=incoming.channel, external_id=incoming.user_id)
        sender = cls(storage, incoming, role, None)
        if known is not None:
            await sender.stored_id()  # refresh name, role and last_seen, as every event did
        return sender

    @property
    def known_id(self) -> int | None:
        """The ``users.id`` if the sender has a row; None for someone nothing was stored for yet."""
        return self._id

    async def stored_id(self) -> int:
        """The sender's ``users.id``, creating the row if needed (call before storing anything)."""
        if self._id is None:
            incoming = self._incoming
            self._id = await self._storage.upsert_user(
                channel=incoming.channel, external_id=incoming.user_id, display_name=incoming.display_name,
                role=self._role,
            )
        return self._id
