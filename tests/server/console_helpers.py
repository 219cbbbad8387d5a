"""Helpers for the admin console tests: signing in over HTTP, CSRF tokens, an editable knowledge base."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import httpx

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]
# Shown as text on every page, never run: the page must escape it.
XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> giá vàng hôm nay?'
XSS_MARK = "<script>window.__pwned"


def field(html: str, name: str) -> str:
    """The value of the hidden input ``name`` in a page."""
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} field in the page"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, password: str, name: str = "") -> httpx.Response:
    """Submit the sign-in form as a browser would (its double-submit token included)."""
    form = await client.get("/admin/login")
    return await client.post(
        "/admin/login", data={"name": name, "password": password, "login_token": field(form.text, "login_token")}
    )


async def csrf(client: httpx.AsyncClient) -> str:
    """The signed-in session's CSRF token, as the pages carry it."""
    page = await client.get("/admin/curated/new")
    assert page.status_code == 200, page.text
    return field(page.text, "csrf")


def editable_knowledge(root: Path, knowledge: KnowledgeBase, e5: E5Embedder) -> KnowledgeBase:
    """A knowledge base over a copy of knowledge/ in ``root``, its embedding cache seeded (fast rebuilds)."""
    shutil.copytree(REPO / "knowledge", root / "knowledge")
    cache = root / "kb" / "cache"
    cache.mkdir(parents=True)
    with sqlite3.connect(knowledge.settings.cache_dir / "embeddings.sqlite") as src, \
            sqlite3.connect(cache / "embeddings.sqlite") as dst:
        src.backup(dst)
    kb = KnowledgeBase(Settings(knowledge_dir=root / "knowledge", data_dir=root / "kb", _env_file=None), embedder=e5)
    kb.rebuild()
    return kb


async def seed_usage(database: Path, *, days: int = 14) -> int:
    """Two weeks of an office's traffic: questions on three channels, votes, finished quizzes.

    Through the real storage API, timestamps in the past. Returns the questions logged.
    """
    from datetime import datetime, timedelta, timezone

    from bot.storage.database import Storage
    from bot.storage.quiz import QuizStore

    storage = await Storage.open(database)
    channels = ("telegram", "web", "zalo", "telegram")
    units = ("vp", "ktht")  # ids of knowledge/units.yaml
    logged = 0
    try:
        now = datetime.now(timezone.utc)
        for day in range(days):
            at = now - timedelta(days=days - 1 - day, hours=1)
            for n in range(2 + (day * 7) % 5):  # 2..6 questions a day
                channel = channels[(day + n) % len(channels)]
                user = await storage.upsert_user(channel=channel, external_id=f"seed-{day}-{n}", at=at)
                found = (day + n) % 4 != 0  # about three in four answered
                log_id = await storage.log_question(user_id=user, channel=channel, question=f"Câu hỏi mẫu {day}-{n}?",
                                                    found=found, top_score=0.5, latency_ms=20, at=at)
                logged += 1
                if n % 2 == 0:
                    await storage.record_feedback(question_log_id=log_id, user_id=user, value=1 if found else -1, at=at)
                if day % 3 == 0 and n < 2:
                    quiz = QuizStore(storage)
                    attempt, _ = await quiz.start_attempt(user_id=user, unit=units[n], pass_percent=80.0, at=at,
                                                          questions=[{"id": "seed-q"}])
                    await quiz.record_answer(attempt_id=attempt.id, user_id=user, position=0, question_id="seed-q",
                                             topic="targets", question="Câu hỏi?", chosen=0, correct=n == 0, at=at)
                    await quiz.finish_attempt(attempt_id=attempt.id, correct=int(n == 0), passed=n == 0, at=at)
    finally:
        await storage.close()
    return logged
