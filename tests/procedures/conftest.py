"""Shared fixtures for the procedure tests: the shipped catalogue and a matcher over it."""

from __future__ import annotations

import pytest

from bot.procedures import ProcedureMatcher

from procedure_helpers import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def matcher() -> ProcedureMatcher:
    """A matcher over the shipped knowledge/procedures catalogue."""
    return ProcedureMatcher.from_knowledge_dir(KNOWLEDGE_DIR)
