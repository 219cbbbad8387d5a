"""Shared fixtures: the real knowledge base built once per session with the real e5 model."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from db_helpers import PG_ADMIN_URL, pg_admin, pg_schema_url
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[1]
# Tests never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    """The bundled multilingual-e5-small (loads in milliseconds)."""
    return E5Embedder()


@pytest.fixture(scope="session")
def kb_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory for the session's knowledge store.

    ``CCHC_TEST_EMBEDDING_CACHE`` (local runs only; CI leaves it unset) names an embedding
    cache to start from: vectors are keyed by model id and text hash, so a seeded cache
    changes no result, only the minutes a session spends embedding the shipped knowledge.
    """
    data = tmp_path_factory.mktemp("data")
    seed = os.environ.get("CCHC_TEST_EMBEDDING_CACHE")
    if seed and Path(seed).is_file():
        (data / "cache").mkdir()
        with sqlite3.connect(seed) as source, sqlite3.connect(data / "cache" / "embeddings.sqlite") as target:
            source.backup(target)
    return data


@pytest.fixture(scope="session")
def settings(kb_data_dir: Path) -> Settings:
    """Settings over the shipped knowledge/ and a temporary data dir."""
    return Settings(knowledge_dir=REPO / "knowledge", data_dir=kb_data_dir, _env_file=None)


@pytest.fixture(scope="session")
def knowledge(settings: Settings, e5: E5Embedder) -> KnowledgeBase:
    """The shipped knowledge base, indexed once for the whole session."""
    kb = KnowledgeBase(settings, embedder=e5)
    kb.ensure_loaded(show_progress=False)
    return kb


# ---------------------------------------------------------------------------------------
# Both database backends: SQLite in tmp_path, and the machine's PostgreSQL (issue 16).
# The session creates one database with a unique name and drops it at the end; each test
# gets its own schema in it (cheaper than a database per test), dropped after the test.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of this session only (unique name), dropped at the end; its URL."""
    name = f"cchc_test_{uuid.uuid4().hex[:12]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a schema of this test only."""
    url, schema = pg_schema_url(pg_database)
    try:
        yield url
    finally:
        pg_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', pg_database)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database address on each backend: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "cchc.sqlite3")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
async def storage_on_both(db_url: str) -> AsyncIterator[Storage]:
    """A fresh database on each backend (tests/storage and tests/quiz use it as ``storage``)."""
    db = await Storage.open(db_url)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    """A fresh SQLite database in tmp_path, closed after the test.

    tests/storage and tests/quiz override it with ``db_url``: their tests run on both backends.
    """
    db = await Storage.open(tmp_path / "cchc.sqlite3")
    try:
        yield db
    finally:
        await db.close()
