"""Opening a round: what an admin asks for (name, period, questions, time limit) and the questions it gets.

The same :class:`RoundSpec` comes from the Telegram command (``/mohoithi ten="…" tu=… den=…
socau=10 giay=30 chude=targets,one_stop`` – ASCII keys, easy to type on a phone) and from
``cchc contest open``. Questions come from the curated bank only: a contest ranks people,
so every question must be one an office has reviewed.
"""

from __future__ import annotations

import random
import shlex
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot import messages
from bot.quiz.bank import QuestionBank
from bot.quiz.draw import draw_questions
from bot.quiz.models import TOPICS, QuizQuestion
from bot.quiz.report import parse_day

# Telegram quiz polls accept an open period of 5 s and up; 10 minutes is far beyond any
# question of a "tìm hiểu" contest and keeps an abandoned entry from holding a question all day.
MIN_SECONDS = 5
MAX_SECONDS = 600
DEFAULT_SECONDS = 30
# Fifty questions at 30 s is 25 minutes: the longest round a phone user will sit through.
MAX_QUESTIONS = 50
_KEYS = {"ten", "tu", "den", "socau", "giay", "chude", "cauhoi"}


class ContestError(Exception):
    """A round cannot be opened as asked; ``str()`` is the Vietnamese reason for the admin."""


class RoundSpec(BaseModel):
    """A round to open: name, local days [since, until], time per question, and the question set."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=120)
    since: date
    until: date
    seconds: int = Field(DEFAULT_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS)
    count: int = Field(10, ge=1, le=MAX_QUESTIONS)
    topics: tuple[str, ...] = ()
    question_ids: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> RoundSpec:
        if self.until < self.since:
            raise ValueError(messages.CONTEST_ERR_PERIOD)
        unknown = [t for t in self.topics if t not in TOPICS]
        if unknown:
            raise ValueError(messages.CONTEST_ERR_TOPIC.format(topics=", ".join(unknown), known=", ".join(TOPICS)))
        return self


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise ContestError(messages.CONTEST_ERR_DATE.format(text=text)) from None


def _number(text: str, key: str) -> int:
    if not text.isdigit():
        raise ContestError(messages.CONTEST_ERR_NUMBER.format(key=key, text=text))
    return int(text)


def _reason(exc: ValidationError) -> str:
    """The first error, in Vietnamese where we wrote it, else the field and pydantic's words."""
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    text = str(error.get("ctx", {}).get("error", "")) or error["msg"]
    return messages.CONTEST_ERR_FIELDS.get(where, text)


def parse_round_args(args: str, *, today: date, default_count: int) -> RoundSpec:
    """``ten="…" tu=DD/MM/YYYY den=DD/MM/YYYY socau=N giay=S chude=a,b cauhoi=x,y`` → a spec.

    ``tu`` defaults to today; ``ten`` and ``den`` are required.

    Raises:
        ContestError: Unbalanced quotes, an unknown key, a bad date or number, or a missing field.
    """
    try:
        words = shlex.split(args)
    except ValueError as exc:
        raise ContestError(messages.CONTEST_ERR_QUOTES) from exc
    values: dict[str, str] = {}
    for word in words:
        key, found, value = word.partition("=")
        if not found or key not in _KEYS:
            raise ContestError(messages.CONTEST_ERR_KEY.format(text=word))
        values[key] = value.strip()
    if not values.get("ten"):
        raise ContestError(messages.CONTEST_ERR_NAME)
    if not values.get("den"):
        raise ContestError(messages.CONTEST_ERR_UNTIL)
    fields = {
        "name": values["ten"],
        "since": _day(values["tu"]) if values.get("tu") else today,
        "until": _day(values["den"]),
        "seconds": _number(values["giay"], "giay") if values.get("giay") else DEFAULT_SECONDS,
        "count": _number(values["socau"], "socau") if values.get("socau") else default_count,
        "topics": tuple(t for t in values.get("chude", "").split(",") if t),
        "question_ids": tuple(q for q in values.get("cauhoi", "").split(",") if q),
    }
    try:
        return RoundSpec.model_validate(fields)
    except ValidationError as exc:
        raise ContestError(_reason(exc)) from exc


def choose_questions(spec: RoundSpec, bank: QuestionBank, rng: random.Random) -> list[QuizQuestion]:
    """The round's questions: the named ids in the given order, else ``count`` drawn across ``topics``.

    Raises:
        ContestError: An id not in the bank, or fewer questions in the topics than asked for.
    """
    if spec.question_ids:
        missing = [q for q in spec.question_ids if bank.get(q) is None]
        if missing:
            raise ContestError(messages.CONTEST_ERR_IDS.format(ids=", ".join(missing)))
        return [q for q in (bank.get(i) for i in dict.fromkeys(spec.question_ids)) if q is not None]
    pool = [q for q in bank.questions if not spec.topics or q.topic in spec.topics]
    if len(pool) < spec.count:
        raise ContestError(messages.CONTEST_ERR_POOL.format(available=len(pool), count=spec.count))
    return draw_questions(pool, spec.count, rng)
