"""Package boundaries of the dialogue core and storage (STYLE.md, "Boundaries" and "Async boundary")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"


def _imports(path: Path, module: str) -> bool:
    pattern = rf"^\s*(import|from)\s+{module}\b"
    return re.search(pattern, path.read_text(encoding="utf-8"), re.MULTILINE) is not None


@pytest.mark.parametrize("driver", ["aiosqlite", "asyncpg", "redis"])
def test_database_drivers_only_in_storage(driver: str) -> None:
    offenders = [p for p in BOT.rglob("*.py") if _imports(p, driver) and "storage" not in p.parts]
    assert offenders == []


def test_core_knows_no_channel() -> None:
    core = [*(BOT / "dialogue").rglob("*.py"), *(BOT / "storage").rglob("*.py")]
    assert [p for p in core if _imports(p, "telegram")] == []
