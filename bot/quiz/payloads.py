"""Quiz button payloads (the part after ``qz:``), built and parsed in one place.

Formats (all far below Telegram's 64-byte ``callback_data``):

* ``qz:go`` – start a quiz, or resume the active attempt;
* ``qz:u:<unit id>`` – choose a unit, then start (the first ``/quiz``);
* ``qz:d:<unit id>`` – change unit only (``/donvi``);
* ``qz:a:<attempt id>:<position>:<option>`` – an answer; the attempt id and position make
  it idempotent (a double press or an old message cannot count twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PREFIX = "qz"
# Telegram's callback_data limit, the tightest of our channels (same bound as
# ``bot.dialogue.assistant.PAYLOAD_MAX_BYTES``, which a test keeps in step).
MAX_BYTES = 64


@dataclass(frozen=True)
class QuizPayload:
    """A parsed quiz payload."""

    action: Literal["go", "unit", "unit_only", "answer"]
    unit: str = ""
    attempt_id: int = 0
    position: int = 0
    option: int = 0


def _checked(payload: str) -> str:
    size = len(payload.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValueError(f"quiz payload {payload!r} is {size} bytes; at most {MAX_BYTES} fit Telegram")
    return payload


def go() -> str:
    """Start or resume."""
    return f"{PREFIX}:go"


def unit(unit_id: str, *, then_start: bool) -> str:
    """Choose ``unit_id`` (then start the quiz when ``then_start``)."""
    return _checked(f"{PREFIX}:{'u' if then_start else 'd'}:{unit_id}")


def answer(attempt_id: int, position: int, option: int) -> str:
    """Answer ``option`` to question ``position`` of ``attempt_id``."""
    return _checked(f"{PREFIX}:a:{attempt_id}:{position}:{option}")


def parse(rest: str) -> QuizPayload | None:
    """The payload after ``qz:``, or None when malformed (a forged or outdated button)."""
    head, _, tail = rest.partition(":")
    if head == "go" and not tail:
        return QuizPayload("go")
    if head in ("u", "d") and tail:
        return QuizPayload("unit" if head == "u" else "unit_only", unit=tail)
    if head == "a":
        parts = tail.split(":")
        if len(parts) == 3 and all(p.isdigit() and len(p) <= 12 for p in parts):
            attempt_id, position, option = (int(p) for p in parts)
            return QuizPayload("answer", attempt_id=attempt_id, position=position, option=option)
    return None
