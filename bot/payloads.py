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
  quiz buttons (start or resume, choose a unit then start, change unit, answer);
* ``sv:j:<response>`` / ``sv:a:<response>:<question>:<option>`` / ``sv:p:<response>:<place>`` /
  ``sv:x:<response>`` – citizens' survey buttons (join, answer, pick a place, skip);
* ``ht:g:<round>`` / ``ht:u:<round>:<unit>`` / ``ht:a:<entry>:<position>:<option>`` – contest
  buttons (start or resume a round, choose a unit then start, answer).

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
_NUMBER = re.compile(r"\A[0-9]{1,16}\Z")  # \Z, not $: "$" also matches before a trailing newline
# Unit ids travel in quiz payloads: the short ASCII ids of ``bot.quiz.models``.
_UNIT = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,31}\Z")
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


# --- Citizens' survey and contest rounds (issue 14: bot/survey/, bot/contest/) ---


@dataclass(frozen=True)
class Survey:
    """A survey button on response ``response_id`` (``action``: join, answer, place, skip).

    ``question`` and ``option`` are positions in the survey file (answer), ``option`` the
    place's position (place). The response id only names a row of the survey tables; it
    identifies nobody, and the core checks that the response is the presser's own.
    """

    action: Literal["join", "answer", "place", "skip"]
    response_id: int
    question: int = 0
    option: int = 0


@dataclass(frozen=True)
class Contest:
    """A contest button (``action``: go = start or resume ``round_id``, unit, answer)."""

    action: Literal["go", "unit", "answer"]
    round_id: int = 0
    unit: str = ""
    entry_id: int = 0
    position: int = 0
    option: int = 0


_SURVEY_CODES = {"join": "j", "skip": "x"}


def _encode_extra(payload: Payload) -> str | None:
    """Survey and contest payloads (None: not one of them)."""
    match payload:
        case Survey(action="join" | "skip" as action, response_id=response):
            return _checked(f"sv:{_SURVEY_CODES[action]}:{response}")
        case Survey(action="answer", response_id=response, question=question, option=option):
            return _checked(f"sv:a:{response}:{question}:{option}")
        case Survey(action="place", response_id=response, option=option):
            return _checked(f"sv:p:{response}:{option}")
        case Contest(action="go", round_id=round_id):
            return _checked(f"ht:g:{round_id}")
        case Contest(action="unit", round_id=round_id, unit=unit):
            if not _UNIT.match(unit):
                raise ValueError(f"unit id {unit!r} is not a short ASCII id")
            return _checked(f"ht:u:{round_id}:{unit}")
        case Contest(action="answer", entry_id=entry, position=position, option=option):
            return _checked(f"ht:a:{entry}:{position}:{option}")
    return None


def _decode_survey(rest: str) -> Survey | None:
    head, _, tail = rest.partition(":")
    counts = {"j": 1, "x": 1, "a": 3, "p": 2}
    numbers = _numbers(tail, counts[head]) if head in counts else None
    if numbers is None:
        return None
    if head == "a":
        return Survey("answer", numbers[0], question=numbers[1], option=numbers[2])
    if head == "p":
        return Survey("place", numbers[0], option=numbers[1])
    return Survey("join" if head == "j" else "skip", numbers[0])


def _decode_contest(rest: str) -> Contest | None:
    head, _, tail = rest.partition(":")
    if head == "g":
        numbers = _numbers(tail, 1)
        return Contest("go", round_id=numbers[0]) if numbers else None
    if head == "u":
        round_text, _, unit = tail.partition(":")
        numbers = _numbers(round_text, 1)
        return Contest("unit", round_id=numbers[0], unit=unit) if numbers and _UNIT.match(unit) else None
    if head == "a":
        numbers = _numbers(tail, 3)
        if numbers:
            return Contest("answer", entry_id=numbers[0], position=numbers[1], option=numbers[2])
    return None


# --- end of the survey and contest block ---

Payload = Menu | Ask | More | Sources | Feedback | Pick | Quiz | Survey | Contest


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
    extra = _encode_extra(payload)  # survey and contest payloads
    if extra is not None:
        return extra
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
    if kind == "sv":
        return _decode_survey(rest)
    if kind == "ht":
        return _decode_contest(rest)
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
