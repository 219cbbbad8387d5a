"""The webhook inbox on both backends: dedup, pending across a restart, pruning."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.storage.database import Storage
from bot.storage.inbox import KEEP_DONE, WebhookInbox

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=timezone.utc)


async def test_a_key_is_accepted_once_per_channel(storage: Storage) -> None:
    zalo, other = WebhookInbox(storage, "zalo"), WebhookInbox(storage, "other")
    first = await zalo.accept({"n": 1}, "msg-1")
    assert first is not None
    assert await zalo.accept({"n": 1}, "msg-1") is None  # the platform's retry
    assert await other.accept({"n": 1}, "msg-1") is not None  # same key, another channel


async def test_events_without_a_key_are_never_duplicates(storage: Storage) -> None:
    inbox = WebhookInbox(storage, "zalo")
    ids = [await inbox.accept({"event_name": "follow"}, None) for _ in range(2)]
    assert None not in ids and ids[0] != ids[1]


async def test_pending_survives_a_restart_until_finished(db_url: str) -> None:
    storage = await Storage.open(db_url)
    inbox = WebhookInbox(storage, "zalo")
    answered = await inbox.accept({"text": "đã trả lời"}, "a", NOW)
    waiting = await inbox.accept({"text": "chưa trả lời"}, "b", NOW + timedelta(seconds=1))
    assert answered is not None and waiting is not None
    await inbox.finish(answered)
    await storage.close()  # the process stops between the 200 and the reply

    storage = await Storage.open(db_url)
    try:
        inbox = WebhookInbox(storage, "zalo")
        pending = await inbox.pending()
        assert [(e.id, e.body, e.received_at) for e in pending] == [(waiting, {"text": "chưa trả lời"}, NOW + timedelta(seconds=1))]
        assert await inbox.accept({"text": "chưa trả lời"}, "b") is None  # still known after the restart
        await inbox.finish(waiting)
        assert await inbox.pending() == []
    finally:
        await storage.close()


async def test_prune_removes_only_old_handled_events(storage: Storage) -> None:
    inbox = WebhookInbox(storage, "zalo")
    old_done = await inbox.accept({}, "old-done", NOW - KEEP_DONE - timedelta(hours=2))
    old_open = await inbox.accept({}, "old-open", NOW - KEEP_DONE - timedelta(hours=2))
    recent_done = await inbox.accept({}, "recent-done", NOW)
    assert old_done and old_open and recent_done
    await inbox.finish(old_done, NOW - KEEP_DONE - timedelta(hours=1))
    await inbox.finish(recent_done, NOW)
    assert await inbox.prune(NOW) == 1
    assert [e.id for e in await inbox.pending()] == [old_open]
    assert await inbox.accept({}, "old-done") is not None  # forgotten once pruned
    assert await inbox.accept({}, "recent-done") is None
