"""Shared fixtures for the indexer tests: the shipped seed plans (constants in ``seed_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seed_helpers import SEED_IDS, SEED_PATHS


@pytest.fixture(params=SEED_PATHS, ids=SEED_IDS)
def seed_path(request: pytest.FixtureRequest) -> Path:
    """Each of the five seed plans in knowledge/plans."""
    return Path(request.param)
