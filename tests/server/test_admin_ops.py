"""Admin endpoints, the Telegram webhook route and rate limiting over HTTP."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from botapi_stub import BotApiStub
from server_helpers import ADMIN_TOKEN, QUESTION, Running, running, server_settings
from pydantic import SecretStr

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.storage.inbox import WebhookInbox
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WEBHOOK_SECRET = "webhook-secret_for-tests"


# ------------------------------------------------------------------ admin


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp4"}])
async def test_admin_refuses_without_the_token(server: Running, headers: dict[str, str]) -> None:
    assert (await server.client.get("/admin/stats", headers=headers)).status_code == 401
    assert (await server.client.post("/admin/reload", headers=headers)).status_code == 401


async def test_admin_stats_with_the_token(server: Running) -> None:
    await server.client.post("/api/chat", json={"session_id": "stats-user-1", "text": QUESTION})
    stats = (await server.client.get("/admin/stats", headers=AUTH)).json()
    assert stats["users"] == 1 and stats["questions_today"] == 1


async def test_admin_off_without_configured_token(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with running(server_settings(knowledge, tmp_path / "d", admin_token=None), knowledge) as server:
        assert (await server.client.get("/admin/stats", headers=AUTH)).status_code == 404
        assert "/admin/stats" not in (await server.client.get("/openapi.json")).json()["paths"]


@pytest.fixture
def editable(tmp_path: Path, knowledge: KnowledgeBase, e5: E5Embedder) -> KnowledgeBase:
    """A knowledge base over a copy of knowledge/plans, its embedding cache seeded (fast reload)."""
    shutil.copytree(REPO / "knowledge" / "plans", tmp_path / "knowledge" / "plans")
    cache = tmp_path / "kb" / "cache"
    cache.mkdir(parents=True)
    with sqlite3.connect(knowledge.settings.cache_dir / "embeddings.sqlite") as src, \
            sqlite3.connect(cache / "embeddings.sqlite") as dst:
        src.backup(dst)
    kb = KnowledgeBase(Settings(knowledge_dir=tmp_path / "knowledge", data_dir=tmp_path / "kb", _env_file=None),
                       embedder=e5)
    kb.ensure_loaded(show_progress=False)
    return kb


async def test_admin_reload_swaps_store_and_counts(editable: KnowledgeBase, tmp_path: Path) -> None:
    async with running(server_settings(editable, tmp_path / "d"), editable) as server:
        response = await server.client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 200, response.text
        assert response.json()["chunks"] > 0
        assert 'cchc_reloads_total{result="ok"} 1' in (await server.client.get("/metrics")).text


async def test_one_reload_at_a_time_for_every_caller_and_worker(editable: KnowledgeBase, tmp_path: Path) -> None:
    from bot import messages
    from bot.dialogue.models import Incoming
    from bot.knowledge_sync import LEASE_TTL, RELOAD_LEASE
    from bot.storage.leases import Leases

    admin = Incoming(channel="telegram", user_id="42", display_name="Admin", text="/reload")
    builds = editable.settings.data_dir / "builds"
    async with running(server_settings(editable, tmp_path / "d", admin_ids=["42"]), editable) as server:
        before = sorted(p.name for p in builds.iterdir())
        assert editable._rebuild_lock.acquire(blocking=False)  # a Telegram /reload or upload is building
        try:
            busy = await server.client.post("/admin/reload", headers=AUTH)
            assert busy.status_code == 409  # at once: no waiting, no second rebuild afterwards
            assert (await server.state.assistant.handle(admin))[0].text == messages.RELOAD_BUSY
        finally:
            editable._rebuild_lock.release()
        assert sorted(p.name for p in builds.iterdir()) == before
        # Another worker (or a `cchc index` job) holds the shared reload lease.
        assert await Leases(server.state.storage).acquire(RELOAD_LEASE, owner="other-worker/1", ttl=LEASE_TTL)
        elsewhere = await server.client.post("/admin/reload", headers=AUTH)
        assert elsewhere.status_code == 409 and "other-worker/1" in elsewhere.json()["detail"]
        assert (await server.state.assistant.handle(admin))[0].text == messages.RELOAD_BUSY
        await Leases(server.state.storage).release(RELOAD_LEASE, owner="other-worker/1")
        done = await server.client.post("/admin/reload", headers=AUTH)
        assert done.status_code == 200, done.text
        assert done.json()["build"] == editable.build_id not in before
        published = await server.state.storage._fetchall("SELECT id, published_by FROM knowledge_builds")
        assert [(p["id"], p["published_by"]) for p in published] == [(editable.build_id, server.state.settings.worker_name)]
        assert await Leases(server.state.storage).holder(RELOAD_LEASE) is None  # given back


# ------------------------------------------------------------------ rate limiting


async def test_flooding_user_is_limited_and_others_are_not(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    settings = server_settings(knowledge, tmp_path / "d", rate_limit_burst=3, rate_limit_per_minute=1.0)
    async with running(settings, knowledge) as server:
        statuses = [(await server.client.post("/api/chat", json={"session_id": "flooder-1", "text": "/help"}))
                    for _ in range(6)]
        assert [r.status_code for r in statuses] == [200, 200, 200, 429, 429, 429]
        notice = statuses[3].json()["replies"][0]["text"]
        assert notice.startswith("Bạn đang gửi tin nhắn hơi nhanh") and int(statuses[3].headers["Retry-After"]) > 0
        other = await server.client.post("/api/chat", json={"session_id": "patient-1", "text": "/help"})
        assert other.status_code == 200
        assert 'cchc_rate_limited_total{channel="web"} 3' in (await server.client.get("/metrics")).text


# ------------------------------------------------------------------ Telegram webhook


@pytest.fixture
def stub() -> BotApiStub:
    server = BotApiStub().start()
    yield server
    server.stop()


def _update(update_id: int, user_id: int, text: str) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "Lan"}
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 1718000000, "text": text,
                                                "chat": {"id": user_id, "type": "private"}, "from": user}}


async def test_telegram_webhook_checks_secret_and_answers(
    knowledge: KnowledgeBase, tmp_path: Path, stub: BotApiStub
) -> None:
    settings = server_settings(knowledge, tmp_path / "d", telegram_token=SecretStr(stub.token),
                               telegram_base_url=stub.base_url, telegram_webhook_secret=SecretStr(WEBHOOK_SECRET))
    async with running(settings, knowledge) as server:
        post = server.client.post
        assert (await post("/webhooks/telegram", json=_update(1, 77, "/start"))).status_code == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
        assert (await post("/webhooks/telegram", json=_update(2, 77, "/start"), headers=wrong)).status_code == 403
        good = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        assert (await post("/webhooks/telegram", content=b"not json", headers=good)).status_code == 400
        assert (await post("/webhooks/telegram", json=_update(3, 77, "/start"), headers=good)).status_code == 200
        await stub.wait_for_calls("sendMessage", 1, chat_id=77)
    assert stub.texts_to(77)[0].startswith("Xin chào, Lan!")


async def test_telegram_update_a_crash_left_open_is_answered_at_the_next_start(
    knowledge: KnowledgeBase, tmp_path: Path, stub: BotApiStub
) -> None:
    settings = server_settings(knowledge, tmp_path / "d", telegram_token=SecretStr(stub.token),
                               telegram_base_url=stub.base_url, telegram_webhook_secret=SecretStr(WEBHOOK_SECRET))
    storage = await Storage.open(settings.database_path)  # what the crashed process had recorded
    await WebhookInbox(storage, "telegram").accept(_update(41, 78, "/start"), "41")
    await storage.close()
    async with running(settings, knowledge) as server:
        await stub.wait_for_calls("sendMessage", 1, chat_id=78)
        await server.state.tasks.drain(5)
        good = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        assert (await server.client.post("/webhooks/telegram", json=_update(41, 78, "/start"), headers=good)).status_code == 200
        await server.state.tasks.drain(5)
        assert await WebhookInbox(server.state.storage, "telegram").pending() == []
    assert len(stub.texts_to(78)) == 1  # answered once: the retry of update 41 was ignored


async def test_telegram_webhook_off_without_token(server: Running) -> None:
    response = await server.client.post("/webhooks/telegram", json=_update(1, 77, "/start"))
    assert response.status_code == 404


def test_blank_admin_token_in_env_means_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """`CCHC_ADMIN_TOKEN=` as left in .env.example must not become an empty, matching token."""
    monkeypatch.setenv("CCHC_ADMIN_TOKEN", "")
    assert Settings(_env_file=None).admin_token is None
