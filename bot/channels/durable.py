"""Webhook events that survive a crash: recorded before the 200, closed once handled.

Why: Zalo and Telegram both send an event once and retry only when the webhook does not
answer 200. The answer takes longer than they wait, so it runs in the background after the
200, and a crash or restart in that window would lose the user's message. Each channel
therefore records the event in a persistent inbox (``bot/storage/inbox.py``, reached
through :class:`InboxLike` so that channels know no SQL) before answering, closes it when
handled, and handles at the next start what is still open. The inbox's unique key also
makes a platform's retry of a recorded event a no-op.

Every attempt is counted before the handler runs. An event whose handling failed or
crashed the process twice becomes a dead letter (kept for an admin, never replayed): a
poison event must not turn every restart into another crash.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Events still open at a start are handled if this recent; older ones are closed unanswered:
# a reply hours late, to a question the user has moved on from, confuses more than it helps.
RESUME_WITHIN = timedelta(hours=1)
# Attempts at one event before it becomes a dead letter. An event whose handling crashed the
# process (a poison upload) would otherwise be replayed at every start: a crash loop.
MAX_ATTEMPTS = 2


class PendingLike(Protocol):
    """An event recorded but not closed."""

    id: int
    body: dict[str, Any]
    received_at: datetime
    attempts: int


class InboxLike(Protocol):
    """One channel's persistent inbox (``bot.storage.inbox.WebhookInbox``)."""

    async def accept(self, body: dict[str, Any], key: str | None) -> int | None: ...

    async def begin(self, event_id: int) -> int: ...

    async def finish(self, event_id: int) -> None: ...

    async def bury(self, event_id: int) -> None: ...

    async def pending(self) -> Sequence[PendingLike]: ...

    async def prune(self) -> int: ...


Work = Coroutine[Any, Any, None]


class DurableEvents:
    """Runs a channel's events through its inbox; ``handle`` does the channel's real work."""

    def __init__(self, inbox: InboxLike, handle: Callable[[dict[str, Any]], Awaitable[None]], channel: str) -> None:
        self.inbox = inbox
        self._handle = handle
        self.channel = channel

    async def accept(self, body: dict[str, Any], key: str | None) -> Work | None:
        """Record an authentic event; the work to run in the background, or None for a retry.

        Call it before answering the webhook: once it returns, the event is on disk.
        """
        event_id = await self.inbox.accept(body, key)
        if event_id is None:
            log.info("Ignored %s's retry of event %s", self.channel, key)
            return None
        return self.process(event_id, body)

    async def resume(self, max_age: timedelta = RESUME_WITHIN) -> list[Work]:
        """The work for events a crash or restart left open.

        Events older than ``max_age`` are closed unanswered; events already attempted
        :data:`MAX_ATTEMPTS` times (each attempt crashed or failed) become dead letters.
        Call it once at start; it also deletes events closed long ago.
        """
        await self.inbox.prune()
        work: list[Work] = []
        now = datetime.now(timezone.utc)
        for event in await self.inbox.pending():
            if now - event.received_at > max_age:
                log.warning("Closing %s event %s from %s unanswered: too old", self.channel, event.id, event.received_at)
                await self.inbox.finish(event.id)
            elif event.attempts >= MAX_ATTEMPTS:
                log.error("%s event %s is a dead letter: %s attempts did not finish", self.channel, event.id,
                          event.attempts)
                await self.inbox.bury(event.id)
            else:
                work.append(self.process(event.id, event.body))
        if work:
            log.info("Handling %d %s event(s) left open by the last run", len(work), self.channel)
        return work

    async def process(self, event_id: int, body: dict[str, Any]) -> None:
        """Count the attempt, handle one recorded event, then close it (runs in the background; never raises).

        A failure leaves the event open for one retry at the next start; a second failure
        (or a failure after a crash) makes it a dead letter.
        """
        try:
            attempt = await self.inbox.begin(event_id)
        except Exception:
            log.error("Could not count an attempt at %s event %s; not handling it", self.channel, event_id,
                      exc_info=True)
            return
        try:
            await self._handle(body)
        except Exception:
            log.error("Failed to handle %s event %s (attempt %s)", self.channel, event_id, attempt, exc_info=True)
            if attempt >= MAX_ATTEMPTS:
                await self._close(event_id, bury=True)
            return  # left open: retried once at the next start
        await self._close(event_id, bury=False)

    async def _close(self, event_id: int, *, bury: bool) -> None:
        try:
            if bury:
                log.error("%s event %s is a dead letter after %s attempts", self.channel, event_id, MAX_ATTEMPTS)
                await self.inbox.bury(event_id)
            else:
                await self.inbox.finish(event_id)
        except Exception:
            log.error("Could not close %s event %s", self.channel, event_id, exc_info=True)
