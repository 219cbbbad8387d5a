"""Package boundaries of the server (STYLE.md, "Boundaries")."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def _imports(path: Path, module: str) -> bool:
    return re.search(rf"^\s*(import|from)\s+{module}\b", path.read_text(encoding="utf-8"), re.MULTILINE) is not None


def test_fastapi_only_in_server() -> None:
    offenders = [p for p in BOT.rglob("*.py") if (_imports(p, "fastapi") or _imports(p, "starlette"))
                 and "server" not in p.parts]
    assert offenders == []


def test_server_and_zalo_do_not_import_telegram() -> None:
    files = [*(BOT / "server").rglob("*.py"), BOT / "channels" / "zalo.py", BOT / "dialogue" / "ratelimit.py"]
    assert [p for p in files if _imports(p, "telegram")] == []
