"""Constants and helpers shared by the indexer tests: the shipped seed plans.

A module of its own (not ``conftest``): ``from conftest import ...`` resolves to whichever
test directory's conftest was imported first, so running tests/procedures and
tests/indexer in one call used to fail at collection.
"""

from __future__ import annotations

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
SEED_PATHS = sorted((KNOWLEDGE_DIR / "plans").glob("*.txt"))
SEED_IDS = [path.name[:3] for path in SEED_PATHS]


def seed(prefix: str) -> Path:
    """The seed plan whose file name starts with ``prefix`` ("002")."""
    return next(path for path in SEED_PATHS if path.name.startswith(prefix))
