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
