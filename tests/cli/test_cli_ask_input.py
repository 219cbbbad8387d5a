"""``cchc ask`` with an argument that is not UTF-8: a clear message and exit code 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot import messages

REPO = Path(__file__).resolve().parents[2]


def test_invalid_utf8_argument_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CCHC_DATA_DIR": str(tmp_path / "data"), "LC_ALL": "C.UTF-8"}
    # Raw bytes in argv: Python hands them to the program as lone surrogates.
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "thủ tục", b"l\xe1\xbb\x87 ph\xff".decode("utf-8", "surrogateescape")],
        cwd=tmp_path, env=env, capture_output=True, timeout=120,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert messages.CLI_NOT_UTF8.format(number=2) in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "data").exists()  # refused before any knowledge base is built
