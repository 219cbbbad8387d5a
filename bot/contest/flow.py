"""Contest rounds (hội thi), channel-agnostic: ``/hoithi``, ``ht:`` buttons, ``/ketqua`` and the admin commands.

A participant's path through a round::

    /hoithi ──(no unit yet)──▶ choose unit (ht:u:…) ──▶ question 1 ──(ht:a:…, or a poll vote)──▶
    right/wrong + question 2 … ──▶ score and "results with /ketqua" ──▶ /hoithi again: "already entered"

Each question has a time limit counted from when it was shown (right after the previous
answer). An answer that arrives later counts as out of time; a participant who went away
finds, on ``/hoithi``, the question they left counted as out of time and the next one
shown. There is no timer in the process: the clock is the database's timestamps, so a
restart changes nothing.

All state is in the database (``bot.storage.contest``); the unique key (round, user) is
what refuses a second attempt.

Only people the office enrolled count (``bot.quiz.enrolment``, as in the awareness report):
an enrolled person enters for their enrolled unit without choosing one; anyone else is
told, before the entry starts, that it will be practice (and how to enrol first: there is
one entry per round), then plays for the unit they pick and sees their score, and the
rankings leave the entry out and say how many they left out. An entry stays what it was
when it started: enrolling halfway through does not promote it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from bot import messages, payloads
from bot.config import Settings
from bot.contest import render
from bot.contest.ranking import practice_count, rank_people, rank_units
from bot.contest.rounds import ContestError, RoundSpec, choose_questions, parse_round_args
from bot.dialogue.models import Button, Reply
from bot.quiz.bank import bank_cache, units_cache
from bot.quiz.draw import shuffle_options
from bot.quiz.enrolment import Enrolment
from bot.quiz.models import QuizQuestion, ShownQuestion, UnitList
from bot.quiz.render import unit_name
from bot.quiz.report import period
from bot.storage.contest import ContestEntry, ContestRound, ContestStore, EntryResult
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.quiz import QuizStore

# A press or vote travels through Telegram or Zalo before it reaches us; two seconds of
# slack keep a participant who answered at the last second from losing the point.
LATENCY_GRACE = timedelta(seconds=2)


def _one(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    return [Reply(text=text, buttons=buttons or [])]


class ContestFlow:
    """Contest commands and buttons for one process; cheap to construct (files load on first use)."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Args:
        storage: Open storage (users' units, rounds, entries, answers).
        settings: Bank and unit files, default question count.
        rng: Randomness for drawing questions and shuffling options (seed it in tests).
        clock: Current time (UTC); injectable for time-limit and tie-break tests.
        """
        self._store = ContestStore(storage)
        self._users = QuizStore(storage)
        self._settings = settings
        self._rng = rng or random.Random()
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._bank = bank_cache(settings.quiz_bank_dir)
        self._units = units_cache(settings.units_path)
        self._enrolment = Enrolment(storage, self.units, self._clock)

    @property
    def store(self) -> ContestStore:
        """The contest queries (the CLI and tests read through it)."""
        return self._store

    def units(self) -> UnitList:
        """The current unit list."""
        return self._units.get()

    # ------------------------------------------------------------------ participants

    async def start(self, user_id: int) -> list[Reply]:
        """``/hoithi``: the round accepting entries now (a choice when several do)."""
        now = self._clock()
        rounds = [r for r in await self._store.rounds(status="open") if r.accepts(now)]
        if not rounds:
            return _one(messages.CONTEST_NONE)
        if len(rounds) > 1:
            return _one(messages.CONTEST_CHOOSE, [[render.go_button(r)] for r in rounds])
        return await self._go(user_id, rounds[0].id)

    async def on_payload(self, user_id: int, payload: payloads.Contest) -> list[Reply]:
        """An ``ht:`` button (or a poll vote carrying its payload), decoded by ``bot.payloads``."""
        if payload.action == "go":
            return await self._go(user_id, payload.round_id)
        if payload.action == "unit":
            units = self.units()
            if units.get(payload.unit) is None:
                return _one(messages.QUIZ_UNIT_UNKNOWN, render.unit_keyboard(units, payload.round_id))
            enrolled = await self._enrolment.unit_of(user_id)
            if enrolled is None:
                await self._users.set_unit(user_id=user_id, unit=payload.unit)
            elif enrolled != payload.unit:  # an old unit button: the enrolled unit stands
                fixed = Reply(text=messages.ENROL_UNIT_FIXED.format(unit=unit_name(units, enrolled)))
                return [fixed, *await self._go(user_id, payload.round_id, unit_chosen=True)]
            return await self._go(user_id, payload.round_id, unit_chosen=True)
        return await self._answer(user_id, payload.entry_id, payload.position, payload.option)

    async def _go(self, user_id: int, round_id: int, *, unit_chosen: bool = False) -> list[Reply]:
        """Enter or resume a round; an entry that is finished is never reopened.

        Args:
            unit_chosen: The person has just pressed a unit button (a practice entry may start).
        """
        round_ = await self._store.round(round_id=round_id)
        if round_ is None:
            return _one(messages.CONTEST_STALE)
        entry = await self._store.entry_of(round_id=round_id, user_id=user_id)
        if entry is not None and entry.status == "finished":
            return _one(messages.CONTEST_ALREADY.format(name=round_.name, correct=entry.correct, total=round_.total))
        now = self._clock()
        if not round_.accepts(now):
            return _one(messages.CONTEST_NOT_OPEN)
        if entry is not None:
            return await self._resume(round_, entry, user_id)
        units = self.units()
        enrolled = await self._enrolment.unit_of(user_id)  # None: not enrolled, a practice entry
        unit = enrolled or await self._users.user_unit(user_id=user_id) or ""
        if enrolled is None and units.units and (not unit_chosen or units.get(unit) is None):
            return _one(messages.CONTEST_PRACTICE_PROMPT, render.unit_keyboard(units, round_id))
        shown = [shuffle_options(QuizQuestion.model_validate(q), self._rng).model_dump(mode="json") for q in round_.questions]
        entry, _ = await self._store.start_entry(round_id=round_id, user_id=user_id, unit=unit, questions=shown, at=now,
                                                 practice=enrolled != unit)
        if entry is None:
            return _one(messages.CONTEST_NOT_OPEN)
        if entry.status == "finished":  # a concurrent press finished it (impossible in practice; safe anyway)
            return _one(messages.CONTEST_ALREADY.format(name=round_.name, correct=entry.correct, total=round_.total))
        intro = messages.CONTEST_INTRO.format(name=round_.name, total=round_.total, seconds=round_.seconds_per_question)
        if entry.practice:
            intro = f"{intro}\n{messages.CONTEST_PRACTICE_NOTE}"
        return [self._question(round_, entry, intro)]

    async def _resume(self, round_: ContestRound, entry: ContestEntry, user_id: int) -> list[Reply]:
        """Show the current question, or count it out of time first if its limit has passed."""
        if not self._late(round_, entry):
            return [self._question(round_, entry)]
        shown = ShownQuestion.model_validate(entry.questions[entry.answered])
        return await self._record(round_, entry, shown, None, user_id=user_id)

    async def _answer(self, user_id: int, entry_id: int, position: int, option: int) -> list[Reply]:
        entry = await self._store.entry(entry_id=entry_id)
        if entry is None or entry.user_id != user_id or position >= len(entry.questions):
            return _one(messages.CONTEST_STALE)
        round_ = await self._store.round(round_id=entry.round_id)
        assert round_ is not None  # entries are deleted with their round
        if entry.status == "finished":
            return _one(messages.CONTEST_ALREADY.format(name=round_.name, correct=entry.correct, total=round_.total))
        if position < entry.answered:
            return _one(messages.CONTEST_DUPLICATE.format(number=position + 1),
                        [[render.go_button(round_, messages.CONTEST_CONTINUE_BUTTON)]])
        if position > entry.answered:
            return _one(messages.CONTEST_STALE)
        shown = ShownQuestion.model_validate(entry.questions[position])
        if not 0 <= option < len(shown.options):
            return _one(messages.INVALID_BUTTON)
        chosen = None if self._late(round_, entry) else option
        return await self._record(round_, entry, shown, chosen, user_id=user_id)

    async def _record(
        self, round_: ContestRound, entry: ContestEntry, shown: ShownQuestion, chosen: int | None, *, user_id: int
    ) -> list[Reply]:
        """Store one answer (``chosen`` None: out of time), then the next question or the final score."""
        now = self._clock()
        limit_ms = round_.seconds_per_question * 1000
        elapsed_ms = min(limit_ms, round((now - entry.shown_at).total_seconds() * 1000))
        position = entry.answered
        outcome = await self._store.record_answer(
            entry_id=entry.id, user_id=user_id, position=position, question_id=shown.id, chosen=chosen,
            correct=chosen == shown.correct, elapsed_ms=elapsed_ms if chosen is not None else limit_ms, at=now,
        )
        if outcome == "duplicate":
            return _one(messages.CONTEST_DUPLICATE.format(number=position + 1),
                        [[render.go_button(round_, messages.CONTEST_CONTINUE_BUTTON)]])
        if outcome != "recorded":
            return _one(messages.CONTEST_NOT_OPEN if outcome == "closed" else messages.CONTEST_STALE)
        replies = [Reply(text=render.feedback_text(shown, chosen, position, round_.seconds_per_question))]
        fresh = await self._store.entry(entry_id=entry.id)
        assert fresh is not None
        if fresh.answered < round_.total:
            return [*replies, self._question(round_, fresh)]
        finished = await self._store.finish_entry(entry_id=entry.id, at=now)
        if finished is not None:
            done = messages.CONTEST_DONE.format(
                name=round_.name, correct=finished.correct, total=round_.total,
                time=render.seconds_text(finished.elapsed_ms or 0),
            )
            replies.append(Reply(text=f"{done}\n{messages.CONTEST_PRACTICE_NOTE}" if finished.practice else done))
        return replies

    def _late(self, round_: ContestRound, entry: ContestEntry) -> bool:
        limit = timedelta(seconds=round_.seconds_per_question) + LATENCY_GRACE
        return self._clock() - entry.shown_at > limit

    @staticmethod
    def _question(round_: ContestRound, entry: ContestEntry, intro: str = "") -> Reply:
        shown = ShownQuestion.model_validate(entry.questions[entry.answered])
        return render.question_reply(round_, entry.id, entry.answered, shown, intro)

    # ------------------------------------------------------------------ results

    async def results(self, args: str, *, is_admin: bool) -> list[Reply]:
        """``/ketqua [round id]``: a closed round's ranking for everyone; an open one's only for admins."""
        round_ = await self._pick_round(args)
        if isinstance(round_, str):
            return _one(round_)
        running = round_.status == "open" and self._clock() <= round_.ends_at
        if running and not is_admin:
            finished = (await self._store.entry_counts(round_id=round_.id))["finished"]
            return _one(messages.CONTEST_RESULTS_RUNNING.format(
                name=round_.name, until=render.local_day(round_.ends_at), finished=finished,
            ))
        return self._results_replies(round_, await self._store.results(round_id=round_.id), is_admin, live=running)

    def _results_replies(
        self, round_: ContestRound, entries: list[EntryResult], is_admin: bool, *, live: bool
    ) -> list[Reply]:
        """The announcement, and for admins the two CSV files."""
        units = self.units()
        people = rank_people(entries)
        ranked_units = rank_units(people, units)
        text = render.results_text(round_, people, ranked_units, units, practice=practice_count(entries))
        if live:  # still accepting answers: standings, not results
            text = f"{messages.CONTEST_RESULTS_LIVE}\n{text}"
        replies = [Reply(text=text)]
        if is_admin and people:
            people_name = messages.CONTEST_CSV_NAME.format(id=round_.id)
            units_name = messages.CONTEST_UNITS_CSV_NAME.format(id=round_.id)
            replies.append(Reply(text=messages.CONTEST_RESULTS_FILES.format(names=f"{people_name}, {units_name}"),
                                 file_name=people_name, file_bytes=render.people_csv(people, units)))
            replies.append(Reply(text=units_name, file_name=units_name, file_bytes=render.units_csv(ranked_units)))
        return replies

    async def _pick_round(self, args: str) -> ContestRound | str:
        """The round named by ``args`` (an id), else the latest one; a message when there is none."""
        text = args.strip().lstrip("#")
        if text:
            round_ = await self._store.round(round_id=int(text)) if text.isdigit() and len(text) < 16 else None
            return round_ if round_ is not None else messages.CONTEST_UNKNOWN.format(text=args.strip()[:40])
        rounds = await self._store.rounds()  # newest first
        return rounds[0] if rounds else messages.CONTEST_RESULTS_NONE

    # ------------------------------------------------------------------ admin

    async def open_round(self, args: str) -> list[Reply]:
        """Admin ``/mohoithi ten="…" tu=… den=… socau=… giay=… [chude=…|cauhoi=…]``."""
        if not args.strip():
            return _one(messages.CONTEST_USAGE)
        today = self._clock().astimezone(LOCAL_TZ).date()
        try:
            spec = parse_round_args(args, today=today, default_count=self._settings.quiz_questions)
            round_ = await self.open_spec(spec)
        except ContestError as exc:
            return _one(messages.CONTEST_BAD_ARGS.format(reason=exc))
        return _one(opened_text(round_))

    async def open_spec(self, spec: RoundSpec) -> ContestRound:
        """Draw the questions and store an open round (the CLI calls this too).

        Raises:
            ContestError: Unknown question ids or too few questions in the topics.
        """
        questions = choose_questions(spec, self._bank.get(), self._rng)
        starts, ends, _ = period(spec.since, spec.until, now=self._clock())
        return await self._store.open_round(
            name=spec.name, starts_at=starts, ends_at=ends, seconds_per_question=spec.seconds,
            questions=[q.model_dump(mode="json") for q in questions], at=self._clock(),
        )

    async def close_round(self, args: str) -> list[Reply]:
        """Admin ``/donghoithi [id]``: no new entries or answers; the results can then be announced."""
        if args.strip():
            round_ = await self._pick_round(args)
            if isinstance(round_, str):
                return _one(round_)
        else:
            open_rounds = await self._store.rounds(status="open")
            if not open_rounds:
                return _one(messages.CONTEST_NOTHING_OPEN)
            if len(open_rounds) > 1:
                return _one(messages.CONTEST_CLOSE_WHICH.format(ids=", ".join(f"#{r.id}" for r in open_rounds)))
            round_ = open_rounds[0]
        if not await self._store.close_round(round_id=round_.id, at=self._clock()):
            return _one(messages.CONTEST_ALREADY_CLOSED.format(id=round_.id))
        return _one(messages.CONTEST_CLOSED.format(id=round_.id, name=round_.name))


def opened_text(round_: ContestRound) -> str:
    """The admin's confirmation of a new round."""
    return messages.CONTEST_OPENED.format(
        id=round_.id, name=round_.name, since=render.local_day(round_.starts_at), until=render.local_day(round_.ends_at),
        total=round_.total, seconds=round_.seconds_per_question,
    )
