"""The quiz dialogue, channel-agnostic: ``/quiz``, ``/donvi``, ``qz:`` buttons and ``/baocao``.

State lives only in SQLite (see ``bot.storage.quiz``), never in memory, so an attempt
survives a restart and any number of workers could serve it. The flow per user::

    /quiz ──(no unit yet)──▶ choose unit (qz:u:…) ──▶ question 1 ──(qz:a:…)──▶ feedback +
    question 2 … ──▶ feedback + final score ──(qz:go)──▶ a new attempt

An attempt idle longer than ``quiz_attempt_ttl_minutes`` expires; the next ``/quiz``
starts a new one.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from pydantic import ValidationError

from bot import messages
from bot.config import Settings
from bot.dialogue.models import Button, Reply
from bot import payloads
from bot.quiz import render
from bot.quiz.bank import bank_cache, units_cache
from bot.quiz.draw import draw_questions, shuffle_options
from bot.quiz.models import QuizQuestion, ShownQuestion, UnitList
from bot.quiz.report import build_report, parse_period, report_replies
from bot.quiz.scoring import is_passed, topic_results, weakest_topics
from bot.storage.database import Storage
from bot.storage.quiz import QuizAttempt, QuizStore

log = logging.getLogger(__name__)

# The final summary names at most this many weak topics: more reads as a lecture.
WEAK_TOPICS = 3


def _one(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    return [Reply(text=text, buttons=buttons or [])]


class QuizFlow:
    """Quiz commands and buttons for one process; cheap to construct (files load on first use)."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Args:
        storage: Open storage (users, attempts, answers).
        settings: Bank and unit paths, questions per attempt, threshold, expiry.
        rng: Randomness for drawing and shuffling (seed it in tests).
        clock: Current time (UTC); injectable for expiry tests.
        """
        self._store = QuizStore(storage)
        self._settings = settings
        self._rng = rng or random.Random()
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._bank = bank_cache(settings.quiz_bank_dir)
        self._units = units_cache(settings.units_path)

    @property
    def store(self) -> QuizStore:
        """The quiz queries (the CLI and tests read attempts through it)."""
        return self._store

    def units(self) -> UnitList:
        """The current unit list (reloaded when the file changes)."""
        return self._units.get()

    # ------------------------------------------------------------------ commands

    async def start(self, user_id: int) -> list[Reply]:
        """``/quiz`` and ``qz:go``: resume the active attempt, ask for a unit, or start a new attempt."""
        notes: list[str] = []
        attempt = await self._store.active_attempt(user_id=user_id)
        if attempt is not None and self._expired(attempt):
            await self._store.expire_attempt(attempt_id=attempt.id)
            notes.append(messages.QUIZ_EXPIRED.format(hours=self._settings.quiz_attempt_ttl_minutes // 60 or 1))
            attempt = None
        if attempt is not None:
            intro = messages.QUIZ_RESUME.format(number=attempt.answered + 1, total=attempt.total)
            return [self._question(attempt, attempt.answered, intro)]
        units = self.units()
        unit = await self._store.user_unit(user_id=user_id) or ""
        if units.units and units.get(unit) is None:
            text = "\n\n".join([*notes, messages.QUIZ_UNIT_PROMPT])
            return _one(text, render.unit_keyboard(units, then_start=True))
        return await self._new_attempt(user_id, unit, notes)

    async def choose_unit(self, user_id: int) -> list[Reply]:
        """``/donvi``: show the current unit and the list to change it."""
        units = self.units()
        if not units.units:
            return _one(messages.QUIZ_NO_UNITS)
        current = await self._store.user_unit(user_id=user_id)
        name = render.unit_name(units, current) if current else messages.QUIZ_UNIT_NONE
        return _one(messages.QUIZ_UNIT_CHANGE.format(unit=name), render.unit_keyboard(units, then_start=False))

    async def on_payload(self, user_id: int, payload: payloads.Quiz) -> list[Reply]:
        """A ``qz:`` button, decoded by ``bot.payloads``."""
        if payload.action == "go":
            return await self.start(user_id)
        if payload.action in ("unit", "unit_only"):
            return await self._set_unit(user_id, payload.unit, then_start=payload.action == "unit")
        return await self._answer(user_id, payload.attempt_id, payload.position, payload.option)

    async def report(self, args: str) -> list[Reply]:
        """``/baocao [from] [to]``: text summary with the chart, then the CSV files."""
        try:
            since, until, label = parse_period(args, now=self._clock())
        except ValueError:
            return _one(messages.REPORT_BAD_PERIOD.format(text=args[:80]))
        report = await build_report(self._store, self.units(), since=since, until=until, period_label=label)
        return await asyncio.to_thread(report_replies, report)  # the chart is CPU-bound

    # ------------------------------------------------------------------ steps

    async def _set_unit(self, user_id: int, unit_id: str, *, then_start: bool) -> list[Reply]:
        units = self.units()
        unit = units.get(unit_id)
        if unit is None:
            return _one(messages.QUIZ_UNIT_UNKNOWN, render.unit_keyboard(units, then_start=then_start))
        await self._store.set_unit(user_id=user_id, unit=unit.id)
        saved = messages.QUIZ_UNIT_SAVED.format(unit=unit.name)
        if not then_start:
            return _one(saved, [[Button(label=messages.QUIZ_START_BUTTON, payload=render.GO)]])
        replies = await self.start(user_id)
        return [Reply(text=saved), *replies]

    async def _new_attempt(self, user_id: int, unit: str, notes: list[str]) -> list[Reply]:
        pool = [*self._bank.get().questions, *await self._generated()]
        if not pool:
            return _one("\n\n".join([*notes, messages.QUIZ_EMPTY]))
        seen = await self._store.answered_question_ids(user_id=user_id)
        drawn = draw_questions(pool, self._settings.quiz_questions, self._rng, seen)
        shown = [shuffle_options(q, self._rng).model_dump(mode="json") for q in drawn]
        attempt, created = await self._store.start_attempt(
            user_id=user_id, unit=unit, questions=shown, pass_percent=self._settings.quiz_pass_percent,
            at=self._clock(),
        )
        if created:
            threshold = render.percent(attempt.pass_percent)
            intro = messages.QUIZ_INTRO.format(total=attempt.total, threshold=threshold)
        else:  # a concurrent /quiz of the same user opened it first
            intro = messages.QUIZ_RESUME.format(number=attempt.answered + 1, total=attempt.total)
        return [self._question(attempt, attempt.answered, "\n\n".join([*notes, intro]))]

    async def _generated(self) -> list[QuizQuestion]:
        """Generated questions an admin enabled; a row that no longer validates is skipped, loudly."""
        questions = []
        for text in await self._store.usable_generated():
            try:
                questions.append(QuizQuestion.model_validate_json(text))
            except ValidationError:
                log.warning("Skipping an enabled generated question that no longer validates", exc_info=True)
        return questions

    async def _answer(self, user_id: int, attempt_id: int, position: int, option: int) -> list[Reply]:
        """Record the answer once, give feedback, then the next question or the final score."""
        attempt = await self._store.attempt(attempt_id=attempt_id)
        if attempt is None or attempt.user_id != user_id or position >= attempt.total:
            return _one(messages.QUIZ_STALE)
        if attempt.status != "active":
            return _one(messages.QUIZ_CLOSED, [[Button(label=messages.QUIZ_NEW_BUTTON, payload=render.GO)]])
        if self._expired(attempt):
            return await self.start(user_id)  # expires it and explains
        shown = ShownQuestion.model_validate(attempt.questions[position])
        if not 0 <= option < len(shown.options):
            return _one(messages.INVALID_BUTTON)
        outcome = await self._store.record_answer(
            attempt_id=attempt.id, user_id=user_id, position=position, question_id=shown.id, topic=shown.topic,
            question=shown.question, chosen=option, correct=option == shown.correct, at=self._clock(),
        )
        if outcome == "duplicate":
            continue_button = [[Button(label=messages.QUIZ_CONTINUE_BUTTON, payload=render.GO)]]
            return _one(messages.QUIZ_DUPLICATE.format(number=position + 1), continue_button)
        if outcome == "closed":
            return _one(messages.QUIZ_CLOSED, [[Button(label=messages.QUIZ_NEW_BUTTON, payload=render.GO)]])
        if outcome != "recorded":
            return _one(messages.QUIZ_STALE)
        replies = [Reply(text=render.feedback_text(shown, option))]
        if position + 1 < attempt.total:
            replies.append(self._question(attempt, position + 1))
        else:
            replies.extend(await self._finish(attempt))
        return replies

    async def _finish(self, attempt: QuizAttempt) -> list[Reply]:
        """Score the attempt; only the call that closes it announces the result."""
        answers = await self._store.answers(attempt_id=attempt.id)
        correct = sum(a.correct for a in answers)
        passed = is_passed(correct, attempt.total, attempt.pass_percent)
        finished = await self._store.finish_attempt(
            attempt_id=attempt.id, correct=correct, passed=passed, at=self._clock()
        )
        if finished is None:
            return []
        weak = weakest_topics(topic_results((a.topic, a.correct) for a in answers), WEAK_TOPICS)
        missed: dict[str, list[str]] = {}
        for answer in answers:
            if not answer.correct:
                source = ShownQuestion.model_validate(attempt.questions[answer.position]).source
                sources = missed.setdefault(answer.topic, [])
                if source not in sources:
                    sources.append(source)
        unit = render.unit_name(self.units(), finished.unit) if finished.unit else ""
        return [render.summary_reply(
            correct=correct, total=attempt.total, passed=passed, pass_percent=attempt.pass_percent,
            weak=weak, missed_sources=missed, unit=unit,
        )]

    # ------------------------------------------------------------------ helpers

    def _question(self, attempt: QuizAttempt, position: int, intro: str = "") -> Reply:
        shown = ShownQuestion.model_validate(attempt.questions[position])
        return render.question_reply(attempt.id, position, attempt.total, shown, intro)

    def _expired(self, attempt: QuizAttempt) -> bool:
        idle = self._clock() - attempt.last_activity_at
        return idle > timedelta(minutes=self._settings.quiz_attempt_ttl_minutes)
