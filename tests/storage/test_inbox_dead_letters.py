"""Dead letters in the durable webhook inbox: an event that crashes or fails twice is not replayed.

The crash test kills real processes: each run opens the database, resumes what the last
run left open and handles it with a handler that ends the process (as a memory-exhausting
upload would). Without attempt counting the third start crashes too, and every start after.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from bot.channels.durable import MAX_ATTEMPTS, DurableEvents
from bot.storage.database import Storage
from bot.storage.inbox import KEEP_DEAD, KEEP_DONE, WebhookInbox

REPO = Path(__file__).resolve().parents[2]
CRASHING_START = textwrap.dedent("""
    import asyncio, os, sys
    from bot.channels.durable import DurableEvents
    from bot.storage.database import Storage
    from bot.storage.inbox import WebhookInbox

    async def crash(body):
        os._exit(137)  # what the kernel's OOM killer leaves of a process

    async def main():
        storage = await Storage.open(sys.argv[1])
        work = await DurableEvents(WebhookInbox(storage, "telegram"), crash, "Telegram").resume()
        print(len(work), flush=True)
        for item in work:
            await item
        await storage.close()

    asyncio.run(main())
""")


def _start(database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CRASHING_START, str(database)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


async def test_an_event_that_crashes_the_process_twice_is_not_replayed(tmp_path: Path) -> None:
    database = tmp_path / "cchc.sqlite3"
    storage = await Storage.open(database)
    event_id = await WebhookInbox(storage, "telegram").accept({"update_id": 9, "poison": True}, "9")
    await storage.close()

    runs = [_start(database) for _ in range(MAX_ATTEMPTS + 1)]
    assert [r.returncode for r in runs] == [137] * MAX_ATTEMPTS + [0], [r.stderr[-500:] for r in runs]
    assert runs[-1].stdout.strip() == "0"  # nothing left to replay: the crash loop is over

    storage = await Storage.open(database)
    try:
        inbox = WebhookInbox(storage, "telegram")
        assert await inbox.pending() == []
        assert [(e.id, e.attempts) for e in await inbox.dead_letters()] == [(event_id, MAX_ATTEMPTS)]
        assert await inbox.accept({"update_id": 9}, "9") is None  # Telegram's retry is still a duplicate
    finally:
        await storage.close()


async def test_a_failure_is_retried_once_at_the_next_start_then_buried(storage: Storage) -> None:
    calls: list[dict] = []

    async def failing(body: dict) -> None:
        calls.append(body)
        raise RuntimeError("the OA API refused the message")

    inbox = WebhookInbox(storage, "zalo")
    events = DurableEvents(inbox, failing, "Zalo")
    work = await events.accept({"n": 1}, "m-1")
    assert work is not None
    await work
    assert [e.attempts for e in await inbox.pending()] == [1]  # open: one more try later
    for item in await events.resume():  # the next start
        await item
    assert len(calls) == 2 and await inbox.pending() == []
    assert len(await inbox.dead_letters()) == 1
    assert await events.resume() == []  # and never again


async def test_a_handled_event_is_closed_after_one_attempt(storage: Storage) -> None:
    async def fine(body: dict) -> None:
        return None

    inbox = WebhookInbox(storage, "zalo")
    work = await DurableEvents(inbox, fine, "Zalo").accept({"n": 2}, "m-2")
    assert work is not None
    await work
    assert await inbox.pending() == [] and await inbox.dead_letters() == []


async def test_dead_letters_outlive_handled_events_in_pruning(storage: Storage) -> None:
    from datetime import datetime, timezone

    now = datetime(2025, 3, 10, tzinfo=timezone.utc)
    inbox = WebhookInbox(storage, "zalo")
    done = await inbox.accept({}, "done", now - KEEP_DONE * 2)
    dead = await inbox.accept({}, "dead", now - KEEP_DONE * 2)
    assert done is not None and dead is not None
    await inbox.finish(done, now - KEEP_DONE * 2)
    await inbox.bury(dead, now - KEEP_DONE * 2)
    assert await inbox.prune(now) == 1
    assert [e.id for e in await inbox.dead_letters()] == [dead]
    assert await inbox.prune(now + KEEP_DEAD) == 1
    assert await inbox.dead_letters() == []
