"""Shared fixtures for the indexer tests: the shipped seed plans."""

from __future__ import annotations

from pathlib import Path

import pytest

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
SEED_PATHS = sorted((KNOWLEDGE_DIR / "plans").glob("*.txt"))
SEED_IDS = [path.name[:3] for path in SEED_PATHS]


@pytest.fixture(params=SEED_PATHS, ids=SEED_IDS)
def seed_path(request: pytest.FixtureRequest) -> Path:
    """Each of the five seed plans in knowledge/plans."""
    return Path(request.param)


def seed(prefix: str) -> Path:
    """The seed plan whose file name starts with ``prefix`` ("002")."""
    return next(path for path in SEED_PATHS if path.name.startswith(prefix))
