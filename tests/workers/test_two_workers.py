"""Two real ``cchc serve`` processes on one PostgreSQL, one Redis and one data directory.

What must hold with several workers (issue 16): a Zalo retry delivered to both is answered
once; a quiz answered alternately through both is scored once per question; a user
limited on one is limited on the other; a reload through one reaches both with no failed
request; and a worker killed with SIGKILL loses nothing it accepted: it drains its open
events when it comes back, while the other keeps answering.

The two processes start once for the module (each loads the store from the shared data
directory, built beforehand with a seeded embedding cache); every test uses users of its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from db_helpers import pg_schema_url
from bot.channels.zalo import sign
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.quiz.models import ShownQuestion
from bot.storage.database import Storage
from bot.storage.quiz import QuizStore
from indexer.embedding import E5Embedder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from server_helpers import ADMIN_TOKEN, QUESTION, free_port  # noqa: E402
from zalo_stub import APP_SECRET, ZaloStub  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
APP_ID = "4291763606161179100"
OA_SECRET = "oa-secret-for-tests"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
BURST = 30  # high enough for a whole quiz by one user, low enough to flood in a test


@dataclass
class Worker:
    """One ``cchc serve`` process."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--port", str(self.port)],
                cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} did not become healthy:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Cluster:
    workers: list[Worker]
    database_url: str
    oa: ZaloStub
    settings: Settings


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase, e5: E5Embedder,
            pg_database: str) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    shutil.copytree(REPO / "knowledge", root / "knowledge")
    (root / "data" / "cache").mkdir(parents=True)
    with sqlite3.connect(knowledge.settings.cache_dir / "embeddings.sqlite") as src, \
            sqlite3.connect(root / "data" / "cache" / "embeddings.sqlite") as dst:
        src.backup(dst)
    settings = Settings(knowledge_dir=root / "knowledge", data_dir=root / "data", _env_file=None)
    KnowledgeBase(settings, embedder=e5).ensure_loaded(show_progress=False)  # the store both workers load
    database_url, _ = pg_schema_url(pg_database)
    oa = ZaloStub().start()
    base = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    base.update({
        "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1",
        "CCHC_KNOWLEDGE_DIR": str(root / "knowledge"), "CCHC_DATA_DIR": str(root / "data"),
        "CCHC_DATABASE_URL": database_url, "CCHC_REDIS_URL": "redis://127.0.0.1:6379/0",
        "CCHC_ADMIN_TOKEN": ADMIN_TOKEN, "CCHC_BUILD_POLL_SECONDS": "0.5",
        # A per-minute rate this low only refills between tests by a fraction of a token.
        "CCHC_RATE_LIMIT_BURST": str(BURST), "CCHC_RATE_LIMIT_PER_MINUTE": "1",
        # Every test client is 127.0.0.1: the per-address limit (issue 12) would pool them all.
        "CCHC_RATE_LIMIT_ADDRESS_BURST": "100000", "CCHC_RATE_LIMIT_ADDRESS_PER_MINUTE": "1000000",
        "CCHC_ZALO_APP_ID": APP_ID, "CCHC_ZALO_OA_SECRET_KEY": OA_SECRET, "CCHC_ZALO_APP_SECRET": APP_SECRET,
        "CCHC_ZALO_ACCESS_TOKEN": "access-1", "CCHC_ZALO_REFRESH_TOKEN": "refresh-1",
        "CCHC_ZALO_API_URL": oa.url, "CCHC_ZALO_OAUTH_URL": oa.url,
    })
    workers = [Worker(name, free_port(), {**base, "CCHC_WORKER_ID": name}, root / f"{name}.log") for name in ("w1", "w2")]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.wait_ready()
        yield Cluster(workers, database_url, oa, settings)
    finally:
        for w in workers:
            w.stop()
        oa.stop()


@pytest.fixture
async def db(cluster: Cluster) -> AsyncIterator[Storage]:
    """The test's own connection to the workers' database."""
    storage = await Storage.open(cluster.database_url)
    try:
        yield storage
    finally:
        await storage.close()


def _zalo_event(text: str, msg_id: str, user: str) -> bytes:
    event = {"app_id": APP_ID, "event_name": "user_send_text", "timestamp": str(int(time.time() * 1000)),
             "sender": {"id": user}, "recipient": {"id": "579745863508352884"},
             "message": {"text": text, "msg_id": msg_id}}
    return json.dumps(event, ensure_ascii=False).encode()


async def _deliver(client: httpx.AsyncClient, worker: Worker, body: bytes) -> int:
    headers = {"Content-Type": "application/json",
               "X-ZEvent-Signature": sign(APP_ID, body, json.loads(body)["timestamp"], OA_SECRET)}
    return (await client.post(f"{worker.url}/webhooks/zalo", content=body, headers=headers)).status_code


def _user() -> str:
    return str(8_400_000_000_000_000_000 + uuid.uuid4().int % 10**17)


async def _chat(client: httpx.AsyncClient, worker: Worker, session: str, **body: str) -> httpx.Response:
    return await client.post(f"{worker.url}/api/chat", json={"session_id": session, **body})


async def test_a_retry_delivered_to_both_workers_is_answered_once(cluster: Cluster, db: Storage) -> None:
    user, msg_id = _user(), f"msg-{uuid.uuid4().hex}"
    body = _zalo_event(QUESTION, msg_id, user)
    async with httpx.AsyncClient(timeout=30) as client:
        statuses = await asyncio.gather(*(_deliver(client, w, body) for w in cluster.workers * 2))
    assert statuses == [200] * 4  # both acknowledge (Zalo would retry otherwise)
    await cluster.oa.wait_for(lambda: any("PAR INDEX" in t for t in cluster.oa.texts_to(user)), timeout=30)
    await asyncio.sleep(1.5)  # time enough for a second answer, if there were one
    texts = cluster.oa.texts_to(user)
    assert sum("PAR INDEX" in t for t in texts) == 1 and len(texts) == len(set(texts))
    rows = await db._fetchall("SELECT owner, done_at FROM webhook_inbox WHERE event_key = ?", (msg_id,))
    assert len(rows) == 1 and rows[0]["done_at"] is not None and rows[0]["owner"] in {"w1", "w2"}


async def test_a_quiz_answered_through_both_workers_is_scored_once(cluster: Cluster, db: Storage) -> None:
    session = f"quiz-{uuid.uuid4().hex[:12]}"
    w1, w2 = cluster.workers
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await _chat(client, w1, session, text="/quiz")).status_code == 200
        assert (await _chat(client, w2, session, payload="qz:u:vp")).status_code == 200
        user = await db._fetchone("SELECT id FROM users WHERE channel = 'web' AND external_id = ?", (session,))
        assert user is not None
        attempt = await QuizStore(db).active_attempt(user_id=user["id"])
        assert attempt is not None and attempt.total == 10
        rights = [position % 3 != 0 for position in range(attempt.total)]  # 6 right, 4 wrong
        last = None
        for position, right in enumerate(rights):
            shown = ShownQuestion.model_validate(attempt.questions[position])
            option = shown.correct if right else (shown.correct + 1) % len(shown.options)
            payload = f"qz:a:{attempt.id}:{position}:{option}"
            here, there = (w1, w2) if position % 2 else (w2, w1)
            first, again = await asyncio.gather(_chat(client, here, session, payload=payload),
                                                _chat(client, there, session, payload=payload))  # a double press
            assert first.status_code == again.status_code == 200
            last = first if "Kết quả" in first.text else again
    answers = await QuizStore(db).answers(attempt_id=attempt.id)
    assert [a.position for a in answers] == list(range(10)) and [a.correct for a in answers] == rights
    finished = await QuizStore(db).attempt(attempt_id=attempt.id)
    assert finished is not None and finished.status == "finished" and finished.correct == 6
    assert last is not None and "Kết quả: 6/10 câu đúng (60%)." in last.text


async def test_a_user_limited_on_one_worker_is_limited_on_the_other(cluster: Cluster) -> None:
    session = f"flood-{uuid.uuid4().hex[:12]}"
    w1, w2 = cluster.workers
    async with httpx.AsyncClient(timeout=30) as client:
        statuses = [(await _chat(client, w1, session, text="/help")).status_code for _ in range(BURST)]
        assert statuses == [200] * BURST
        limited = await _chat(client, w2, session, text="/help")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        other = await _chat(client, w2, f"calm-{uuid.uuid4().hex[:12]}", text="/help")
        assert other.status_code == 200


async def test_a_reload_through_one_worker_reaches_both_without_a_failed_request(cluster: Cluster) -> None:
    w1, w2 = cluster.workers
    statuses: list[int] = []
    stop = asyncio.Event()

    async def load(client: httpx.AsyncClient, worker: Worker, n: int) -> None:
        while not stop.is_set():
            response = await _chat(client, worker, f"load-{worker.name}-{n}-{uuid.uuid4().hex[:6]}", text=QUESTION)
            statuses.append(response.status_code)

    async with httpx.AsyncClient(timeout=60) as client:
        before = (await client.get(f"{w2.url}/healthz")).json()["build"]
        clients = [asyncio.create_task(load(client, w, n)) for w in (w1, w2) for n in range(2)]
        reload = await client.post(f"{w1.url}/admin/reload", headers=AUTH)
        assert reload.status_code == 200, reload.text
        build = reload.json()["build"]
        assert build and build != before
        started = time.monotonic()
        while (await client.get(f"{w2.url}/healthz")).json()["build"] != build:
            assert time.monotonic() - started < 10, "the other worker did not swap within 10 s"
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*clients)
    assert statuses and set(statuses) == {200}, f"{len(statuses)} requests: {sorted(set(statuses))}"


async def test_the_reload_lock_is_shared_between_workers(cluster: Cluster, db: Storage) -> None:
    from bot.knowledge_sync import LEASE_TTL, RELOAD_LEASE
    from bot.storage.leases import Leases

    assert await Leases(db).acquire(RELOAD_LEASE, owner="cchc-index@elsewhere/1", ttl=LEASE_TTL)
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            for worker in cluster.workers:
                busy = await client.post(f"{worker.url}/admin/reload", headers=AUTH)
                assert busy.status_code == 409 and "cchc-index@elsewhere/1" in busy.text
    finally:
        await Leases(db).release(RELOAD_LEASE, owner="cchc-index@elsewhere/1")


async def test_a_killed_worker_loses_nothing_it_accepted(cluster: Cluster, db: Storage) -> None:
    w1, w2 = cluster.workers
    users = [_user() for _ in range(4)]
    cluster.oa.delay_s = 2.0  # a slow OA API: the answers are still being sent when w2 dies
    statuses: list[int] = []
    stop = asyncio.Event()

    async def load(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            statuses.append((await _chat(client, w1, f"steady-{uuid.uuid4().hex[:8]}", text=QUESTION)).status_code)

    try:
        async with httpx.AsyncClient(timeout=60) as client:
            steady = asyncio.create_task(load(client))
            for user in users:
                assert await _deliver(client, w2, _zalo_event(QUESTION, f"k-{uuid.uuid4().hex}", user)) == 200
            await asyncio.sleep(0.5)
            w2.kill()  # kill -9 with its events accepted, their answers not yet sent
            open_events = await db._fetchall(
                "SELECT id FROM webhook_inbox WHERE owner = 'w2' AND done_at IS NULL")
            assert open_events, "every event was already closed: the kill came too late to test anything"
            await asyncio.sleep(1.0)  # the other worker keeps answering meanwhile
            cluster.oa.delay_s = 0.0
            restarted_at = datetime.now(timezone.utc)
            w2.start()
            await asyncio.to_thread(w2.wait_ready)
            # Closed by the restarted w2 (the killed process's answers may also have reached
            # the OA before it died: delivery is at least once, never zero).
            deadline = time.monotonic() + 30
            while await db._fetchall("SELECT id FROM webhook_inbox WHERE done_at IS NULL"):
                assert time.monotonic() < deadline, "the restarted worker did not drain its open events"
                await asyncio.sleep(0.2)
            stop.set()
            await steady
    finally:
        cluster.oa.delay_s = 0.0
    assert statuses and set(statuses) == {200}  # the other worker answered throughout
    closed = await db._fetchall(
        "SELECT owner, done_at FROM webhook_inbox WHERE id IN (" + ", ".join("?" for _ in open_events) + ")",
        [row["id"] for row in open_events])
    # The restarted w2 claims them at its start; had it taken more than WORKER_STALE (30 s)
    # to come back, w1 would have taken them over instead: either way they are answered.
    assert {row["owner"] for row in closed} <= {"w1", "w2"}
    assert all(datetime.fromisoformat(row["done_at"]) >= restarted_at for row in closed)
    for user in users:
        assert any("PAR INDEX" in t for t in cluster.oa.texts_to(user)), user
