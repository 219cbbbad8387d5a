"""Channels render replies from their fields: no channel or server module parses reply text or payloads."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
RENDERERS = [*sorted((BOT / "channels").glob("*.py")), *sorted((BOT / "server").rglob("*.py"))]
# Payload formats live in bot/payloads.py only: a literal "fb:" or ".payload.startswith"
# elsewhere means someone builds or recognises a payload by hand.
PAYLOAD_LITERAL = re.compile(r"""["'](menu|ask|more|src|fb|pick|qz|sv|ht):""")
TEXT_PARSING = re.compile(
    r"\.text\.(split|partition|rpartition|splitlines|find|index|startswith|endswith)\(|"
    r"CITATION_PREFIX\s+in\b|in\s+\w+\.text\b|\.payload\.(startswith|partition|split)\("
)


def test_no_renderer_parses_reply_text_or_payloads() -> None:
    offenders = [
        f"{path.relative_to(BOT.parent)}:{number}: {line.strip()}"
        for path in RENDERERS
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if TEXT_PARSING.search(line) or PAYLOAD_LITERAL.search(line)
    ]
    assert offenders == []


def test_payload_literals_live_in_the_codec_only() -> None:
    offenders = [
        f"{path.relative_to(BOT.parent)}:{number}"
        for path in sorted(BOT.rglob("*.py"))
        if path.name != "payloads.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if PAYLOAD_LITERAL.search(line) and not line.lstrip().startswith(("#", "*", "``"))
    ]
    assert offenders == []
