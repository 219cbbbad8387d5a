"""Every button payload, encoded and decoded in one place.

A payload is what a pressed button sends back (Telegram's ``callback_data``, Zalo's
numbered option, the web page's ``payload``). It is protocol, not text: channels pass it
through untouched and the core decodes it here. Telegram allows at most 64 bytes, the
tightest of our channels, so :func:`encode` refuses anything longer (a bug in the core).

Formats, ``kind:fields``:

* ``menu:<qa|dvc|motcua|quiz|help>`` – start-menu entries;
* ``ask:<question>`` – a suggested question, answered as if typed;
* ``more:<n>:<log id>`` – source ``n`` of the answer logged as ``log id``;
* ``src:<log id>`` – every source of that answer, as a list;
* ``fb:<up|down>:<log id>`` – a 👍 / 👎 vote on that answer;
* ``pick:<n>:<log id>`` – choice ``n`` of a clarifying question (which procedure?);
* ``qz:go`` / ``qz:u:<unit>`` / ``qz:d:<unit>`` / ``qz:a:<attempt>:<position>:<option>`` –
  quiz buttons (start or resume, choose a unit then start, change unit, answer).

Decoding never raises: a forged, outdated or truncated payload decodes to None and the
core answers with a polite note. Numbers are bounded (``MAX_NUMBER``) so that a payload
with a 500-digit id cannot reach SQLite (``OverflowError``) or a list index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Telegram's callback_data limit; Zalo and the web allow more, so this is the bound.
MAX_BYTES = 64
# SQLite integers are signed 64-bit; row ids and positions of ours stay far below 2**53,
# which JSON numbers also represent exactly.
MAX_NUMBER = 2**53
_NUMBER = re.compile(r"^[0-9]{1,16}$")
# Unit ids travel in quiz payloads: the short ASCII ids of ``bot.quiz.models``.
_UNIT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MENU_ENTRIES = frozenset({"qa", "dvc", "motcua", "quiz", "help"})


@dataclass(frozen=True)
class Menu:
    """A start-menu entry."""

    entry: str


@dataclass(frozen=True)
class Ask:
    """A suggested question, answered as if typed."""

    question: str


@dataclass(frozen=True)
class More:
    """Source ``index`` of the answer logged as ``log_id``."""

    index: int
    log_id: int


@dataclass(frozen=True)
class Sources:
    """The full list of sources of the answer logged as ``log_id``."""

    log_id: int


@dataclass(frozen=True)
class Feedback:
    """A vote on the answer logged as ``log_id``."""

    up: bool
    log_id: int


@dataclass(frozen=True)
class Pick:
    """Choice ``index`` of the clarifying question logged as ``log_id``."""

    index: int
    log_id: int


@dataclass(frozen=True)
class Quiz:
    """A quiz button (``action``: go, unit, unit_only, answer)."""

    action: Literal["go", "unit", "unit_only", "answer"]
    unit: str = ""
    attempt_id: int = 0
    position: int = 0
    option: int = 0


Payload = Menu | Ask | More | Sources | Feedback | Pick | Quiz


def _checked(payload: str) -> str:
    size = len(payload.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValueError(f"payload {payload!r} is {size} bytes; at most {MAX_BYTES} fit Telegram")
    return payload


def fits(text: str) -> bool:
    """Whether ``ask:<text>`` fits a payload (suggested questions double as payloads)."""
    return len(f"ask:{text}".encode("utf-8")) <= MAX_BYTES


def encode(payload: Payload) -> str:
    """The wire form of ``payload``.

    Raises:
        ValueError: it would exceed ``MAX_BYTES`` in UTF-8, or holds an invalid field.
    """
    match payload:
        case Menu(entry):
            if entry not in MENU_ENTRIES:
                raise ValueError(f"unknown menu entry {entry!r}; expected one of {sorted(MENU_ENTRIES)}")
            return f"menu:{entry}"
        case Ask(question):
            return _checked(f"ask:{question}")
        case More(index, log_id):
            return _checked(f"more:{index}:{log_id}")
        case Sources(log_id):
            return _checked(f"src:{log_id}")
        case Feedback(up, log_id):
            return _checked(f"fb:{'up' if up else 'down'}:{log_id}")
        case Pick(index, log_id):
            return _checked(f"pick:{index}:{log_id}")
        case Quiz(action="go"):
            return "qz:go"
        case Quiz(action="unit" | "unit_only" as action, unit=unit):
            if not _UNIT.match(unit):
                raise ValueError(f"unit id {unit!r} is not a short ASCII id")
            return _checked(f"qz:{'u' if action == 'unit' else 'd'}:{unit}")
        case Quiz(action="answer", attempt_id=attempt, position=position, option=option):
            return _checked(f"qz:a:{attempt}:{position}:{option}")
    raise ValueError(f"cannot encode {payload!r}")


def _numbers(text: str, count: int) -> tuple[int, ...] | None:
    parts = text.split(":")
    if len(parts) != count or not all(_NUMBER.match(p) for p in parts):
        return None
    values = tuple(int(p) for p in parts)
    return values if all(v < MAX_NUMBER for v in values) else None


def decode(payload: str) -> Payload | None:
    """The payload a button sent back, or None when it is malformed, forged or too long."""
    if len(payload.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None
    kind, _, rest = payload.partition(":")
    if kind == "menu":
        return Menu(rest) if rest in MENU_ENTRIES else None
    if kind == "ask":
        return Ask(rest) if rest.strip() else None
    if kind == "src":
        numbers = _numbers(rest, 1)
        return Sources(numbers[0]) if numbers else None
    if kind == "fb":
        direction, _, tail = rest.partition(":")
        numbers = _numbers(tail, 1)
        if direction in ("up", "down") and numbers:
            return Feedback(direction == "up", numbers[0])
        return None
    if kind in ("more", "pick"):
        numbers = _numbers(rest, 2)
        if numbers is None:
            return None
        return More(*numbers) if kind == "more" else Pick(*numbers)
    if kind == "qz":
        return _decode_quiz(rest)
    return None


def _decode_quiz(rest: str) -> Quiz | None:
    head, _, tail = rest.partition(":")
    if head == "go" and not tail:
        return Quiz("go")
    if head in ("u", "d") and _UNIT.match(tail):
        return Quiz("unit" if head == "u" else "unit_only", unit=tail)
    if head == "a":
        numbers = _numbers(tail, 3)
        if numbers:
            return Quiz("answer", attempt_id=numbers[0], position=numbers[1], option=numbers[2])
    return None
