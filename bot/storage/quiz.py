"""Quiz persistence: units of users, attempts, answers and the review state of generated questions.

A thin companion of :class:`~bot.storage.database.Storage` sharing its backend (SQLite or
PostgreSQL). The rules that make the quiz safe live in SQL, not in
Python checks that could interleave:

* one active attempt per user (partial unique index), so two quick ``/quiz`` presses
  cannot open two attempts;
* an answer is inserted only for the attempt's *current* position and only once
  (``INSERT … SELECT … WHERE <count> = position`` plus the primary key), so a double press,
  a press on an old message or two devices (or two workers) racing all count once;
* an attempt is finished by an ``UPDATE … WHERE status = 'active'``, so only one caller
  ever sees "finished" and sends the final score.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.storage.backend import Row, Transaction
from bot.storage.database import Storage, _parse_ts, _ts

AttemptStatus = Literal["active", "finished", "expired"]
AnswerOutcome = Literal["recorded", "duplicate", "out_of_turn", "closed", "missing"]
GeneratedStatus = Literal["new", "enabled", "disabled"]
GENERATED_STATUSES: tuple[GeneratedStatus, ...] = ("new", "enabled", "disabled")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class QuizAttempt(_Frozen):
    """One attempt as stored; ``questions`` is the JSON snapshot the flow decodes."""

    id: int
    user_id: int | None
    unit: str
    status: AttemptStatus
    questions: tuple[dict[str, Any], ...]
    total: int
    answered: int
    correct: int | None
    passed: bool | None
    pass_percent: float
    started_at: datetime
    last_activity_at: datetime
    finished_at: datetime | None
    practice: bool = False


class StoredAnswer(_Frozen):
    """One answer as given."""

    attempt_id: int
    position: int
    question_id: str
    topic: str
    question: str
    chosen: int
    correct: bool
    answered_at: datetime


class FinishedAttempt(_Frozen):
    """What the awareness report needs of a finished attempt."""

    id: int
    user_id: int | None
    unit: str
    correct: int
    total: int
    passed: bool
    finished_at: datetime
    practice: bool = False


class GeneratedInput(_Frozen):
    """A generated question to record: id, source chunk, kind and the question as JSON."""

    id: str
    chunk_id: str
    kind: str
    question_json: str


class GeneratedRow(_Frozen):
    """A generated question and its review state."""

    id: str
    chunk_id: str
    kind: str
    status: GeneratedStatus
    in_store: bool
    question_json: str
    created_at: datetime
    updated_at: datetime


class SyncCounts(_Frozen):
    """Result of recording a generation run."""

    new: int
    kept: int
    gone: int


_ATTEMPT_COLUMNS = """
    a.id, a.user_id, a.unit, a.status, a.questions, a.total, a.correct, a.passed, a.pass_percent,
    a.started_at, a.last_activity_at, a.finished_at, a.practice,
    (SELECT COUNT(*) FROM quiz_answers AS q WHERE q.attempt_id = a.id) AS answered
"""


def _attempt(row: Row) -> QuizAttempt:
    return QuizAttempt(
        id=row["id"],
        user_id=row["user_id"],
        unit=row["unit"],
        status=row["status"],
        questions=tuple(json.loads(row["questions"])),
        total=row["total"],
        answered=row["answered"],
        correct=row["correct"],
        passed=None if row["passed"] is None else bool(row["passed"]),
        pass_percent=row["pass_percent"],
        started_at=_parse_ts(row["started_at"]),
        last_activity_at=_parse_ts(row["last_activity_at"]),
        finished_at=_parse_ts(row["finished_at"]) if row["finished_at"] else None,
        practice=bool(row["practice"]),
    )


def _answer(row: Row) -> StoredAnswer:
    return StoredAnswer(
        attempt_id=row["attempt_id"],
        position=row["position"],
        question_id=row["question_id"],
        topic=row["topic"],
        question=row["question"],
        chosen=row["chosen"],
        correct=bool(row["correct"]),
        answered_at=_parse_ts(row["answered_at"]),
    )


class QuizStore:
    """Quiz queries over an open :class:`Storage` (same backend)."""

    def __init__(self, storage: Storage) -> None:
        """Args:
        storage: The process's open storage; its lifecycle stays with the caller.
        """
        self._storage = storage

    # ------------------------------------------------------------------ units

    async def set_unit(self, *, user_id: int, unit: str) -> None:
        """Remember a user's unit; their active attempt (if any) moves with them.

        A user who picked the wrong unit and fixes it with ``/donvi`` mid-quiz should be
        counted in the right unit for that attempt too.
        """
        async with self._transaction() as db:
            await db.execute("UPDATE users SET unit = ? WHERE id = ?", (unit, user_id))
            await db.execute(
                "UPDATE quiz_attempts SET unit = ? WHERE user_id = ? AND status = 'active'", (unit, user_id)
            )

    async def user_unit(self, *, user_id: int) -> str | None:
        """The unit a user chose, or None."""
        row = await self._storage._fetchone("SELECT unit FROM users WHERE id = ?", (user_id,))
        return row["unit"] if row and row["unit"] else None

    # ------------------------------------------------------------------ attempts

    async def start_attempt(
        self,
        *,
        user_id: int,
        unit: str,
        questions: Sequence[dict[str, Any]],
        pass_percent: float,
        at: datetime | None = None,
        practice: bool = False,
    ) -> tuple[QuizAttempt, bool]:
        """Open an attempt, unless the user already has an active one.

        Args:
            user_id: ``users.id``.
            unit: The unit id the attempt counts for ("" when the office has no units).
            questions: JSON-ready snapshot, one mapping per question in showing order.
            pass_percent: The threshold in force, kept with the attempt.
            at: Start time (default now).
            practice: The user is not enrolled: the attempt stays out of the report.

        Returns:
            (the active attempt, whether this call created it).

        Raises:
            ValueError: No questions.
        """
        if not questions:
            raise ValueError("an attempt needs at least one question")
        now = _ts(at)
        row = await self._storage._write(
            """
            INSERT INTO quiz_attempts
                (user_id, unit, status, questions, total, pass_percent, started_at, last_activity_at, practice)
            VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            (user_id, unit, json.dumps(list(questions), ensure_ascii=False), len(questions), pass_percent, now, now,
             int(practice)),
        )
        attempt = await self.active_attempt(user_id=user_id)
        assert attempt is not None  # inserted now, or the one that blocked the insert
        return attempt, row is not None

    async def active_attempt(self, *, user_id: int) -> QuizAttempt | None:
        """The user's unfinished attempt, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_ATTEMPT_COLUMNS} FROM quiz_attempts AS a WHERE a.user_id = ? AND a.status = 'active'",
            (user_id,),
        )
        return _attempt(row) if row else None

    async def attempt(self, *, attempt_id: int) -> QuizAttempt | None:
        """One attempt by id, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_ATTEMPT_COLUMNS} FROM quiz_attempts AS a WHERE a.id = ?", (attempt_id,)
        )
        return _attempt(row) if row else None

    async def expire_attempt(self, *, attempt_id: int) -> bool:
        """Close an abandoned attempt; its answers stay (they are real answers). False if not active."""
        row = await self._storage._write(
            "UPDATE quiz_attempts SET status = 'expired' WHERE id = ? AND status = 'active' RETURNING id",
            (attempt_id,),
        )
        return row is not None

    async def record_answer(
        self,
        *,
        attempt_id: int,
        user_id: int,
        position: int,
        question_id: str,
        topic: str,
        question: str,
        chosen: int,
        correct: bool,
        at: datetime | None = None,
    ) -> AnswerOutcome:
        """Store an answer if it is the attempt's current question and not yet answered.

        Returns:
            "recorded"; "duplicate" (that position was answered: a double press or an old
            message); "out_of_turn" (a later position: a forged or confused payload);
            "closed" (the attempt is finished or expired); "missing" (no such attempt of
            this user).
        """
        now = _ts(at)
        async with self._transaction() as db:
            async with db.execute(
                """
                INSERT INTO quiz_answers
                    (attempt_id, position, question_id, topic, question, chosen, correct, answered_at)
                SELECT a.id, ?, ?, ?, ?, ?, ?, ?
                FROM quiz_attempts AS a
                WHERE a.id = ? AND a.user_id = ? AND a.status = 'active' AND ? < a.total
                  AND (SELECT COUNT(*) FROM quiz_answers AS q WHERE q.attempt_id = a.id) = ?
                ON CONFLICT DO NOTHING
                RETURNING attempt_id
                """,
                (position, question_id, topic, question, chosen, int(correct), now,
                 attempt_id, user_id, position, position),
            ) as cursor:
                inserted = list(await cursor.fetchall())
            if inserted:
                await db.execute("UPDATE quiz_attempts SET last_activity_at = ? WHERE id = ?", (now, attempt_id))
                return "recorded"
        attempt = await self.attempt(attempt_id=attempt_id)
        if attempt is None or attempt.user_id != user_id:
            return "missing"
        if attempt.status != "active":
            return "closed"
        return "duplicate" if position < attempt.answered else "out_of_turn"

    async def finish_attempt(
        self, *, attempt_id: int, correct: int, passed: bool, at: datetime | None = None
    ) -> QuizAttempt | None:
        """Mark a fully answered attempt finished with its score.

        Returns:
            The finished attempt if *this* call finished it; None if it was already closed or
            not fully answered (so exactly one caller announces the result).
        """
        now = _ts(at)
        row = await self._storage._write(
            """
            UPDATE quiz_attempts
            SET status = 'finished', correct = ?, passed = ?, finished_at = ?, last_activity_at = ?
            WHERE id = ? AND status = 'active'
              AND (SELECT COUNT(*) FROM quiz_answers AS q WHERE q.attempt_id = quiz_attempts.id) = total
            RETURNING id
            """,
            (correct, int(passed), now, now, attempt_id),
        )
        return await self.attempt(attempt_id=attempt_id) if row else None

    async def answers(self, *, attempt_id: int) -> list[StoredAnswer]:
        """An attempt's answers in position order."""
        rows = await self._storage._fetchall(
            "SELECT * FROM quiz_answers WHERE attempt_id = ? ORDER BY position", (attempt_id,)
        )
        return [_answer(row) for row in rows]

    async def answered_question_ids(self, *, user_id: int) -> set[str]:
        """Questions this user has answered before (the next draw prefers others)."""
        rows = await self._storage._fetchall(
            """
            SELECT DISTINCT q.question_id FROM quiz_answers AS q
            JOIN quiz_attempts AS a ON a.id = q.attempt_id WHERE a.user_id = ?
            """,
            (user_id,),
        )
        return {row[0] for row in rows}

    # ------------------------------------------------------------------ report

    async def finished_attempts(self, *, since: datetime, until: datetime) -> list[FinishedAttempt]:
        """Attempts finished in [since, until], oldest first."""
        rows = await self._storage._fetchall(
            """
            SELECT id, user_id, unit, correct, total, passed, finished_at, practice FROM quiz_attempts
            WHERE status = 'finished' AND finished_at >= ? AND finished_at <= ?
            ORDER BY finished_at, id
            """,
            (_ts(since), _ts(until)),
        )
        return [
            FinishedAttempt(
                id=row["id"], user_id=row["user_id"], unit=row["unit"], correct=row["correct"],
                total=row["total"], passed=bool(row["passed"]), finished_at=_parse_ts(row["finished_at"]),
                practice=bool(row["practice"]),
            )
            for row in rows
        ]

    async def answers_between(self, *, since: datetime, until: datetime) -> list[StoredAnswer]:
        """Every answer given in [since, until], finished attempt or not, except in practice attempts."""
        rows = await self._storage._fetchall(
            "SELECT q.* FROM quiz_answers AS q JOIN quiz_attempts AS a ON a.id = q.attempt_id"
            " WHERE q.answered_at >= ? AND q.answered_at <= ? AND a.practice = 0 ORDER BY q.answered_at",
            (_ts(since), _ts(until)),
        )
        return [_answer(row) for row in rows]

    # ------------------------------------------------------------------ generated questions

    async def sync_generated(self, items: Sequence[GeneratedInput], at: datetime | None = None) -> SyncCounts:
        """Record a generation run: new ids arrive as "new"; known ids keep their review state.

        Questions the run no longer produced (their chunk changed or left the store) are
        flagged ``in_store = 0`` and are not used by quizzes, whatever their state.
        """
        now = _ts(at)
        ids = [item.id for item in items]
        async with self._transaction() as db:
            async with db.execute("SELECT id FROM quiz_generated") as cursor:
                known = {row[0] for row in await cursor.fetchall()}
            for item in items:
                await db.execute(
                    """
                    INSERT INTO quiz_generated (id, chunk_id, kind, status, in_store, question, created_at, updated_at)
                    VALUES (?, ?, ?, 'new', 1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        chunk_id = excluded.chunk_id, kind = excluded.kind, in_store = 1,
                        question = excluded.question, updated_at = excluded.updated_at
                    """,
                    (item.id, item.chunk_id, item.kind, item.question_json, now, now),
                )
            gone = known - set(ids)
            for question_id in gone:
                await db.execute(
                    "UPDATE quiz_generated SET in_store = 0, updated_at = ? WHERE id = ? AND in_store = 1",
                    (now, question_id),
                )
        new = len(set(ids) - known)
        return SyncCounts(new=new, kept=len(set(ids)) - new, gone=len(gone))

    async def generated(self, *, status: GeneratedStatus | None = None) -> list[GeneratedRow]:
        """Generated questions, optionally of one status, by id."""
        sql = "SELECT * FROM quiz_generated"
        params: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        rows = await self._storage._fetchall(sql + " ORDER BY id", params)
        return [
            GeneratedRow(
                id=row["id"], chunk_id=row["chunk_id"], kind=row["kind"], status=row["status"],
                in_store=bool(row["in_store"]), question_json=row["question"],
                created_at=_parse_ts(row["created_at"]), updated_at=_parse_ts(row["updated_at"]),
            )
            for row in rows
        ]

    async def usable_generated(self) -> list[str]:
        """JSON of generated questions an admin enabled and whose chunk is still in the store."""
        rows = await self._storage._fetchall(
            "SELECT question FROM quiz_generated WHERE status = 'enabled' AND in_store = 1 ORDER BY id"
        )
        return [row[0] for row in rows]

    async def set_generated_status(
        self, *, ids: Sequence[str] | None, status: GeneratedStatus, at: datetime | None = None
    ) -> int:
        """Set the review state of the given ids (None: every generated question).

        Returns:
            How many rows changed.

        Raises:
            ValueError: An unknown status.
        """
        if status not in GENERATED_STATUSES:
            raise ValueError(f"status {status!r} is not one of {list(GENERATED_STATUSES)}")
        now = _ts(at)
        async with self._transaction() as db:
            if ids is None:
                cursor = await db.execute(
                    "UPDATE quiz_generated SET status = ?, updated_at = ? WHERE status != ?", (status, now, status)
                )
                return cursor.rowcount
            changed = 0
            for question_id in ids:
                cursor = await db.execute(
                    "UPDATE quiz_generated SET status = ?, updated_at = ? WHERE id = ? AND status != ?",
                    (status, now, question_id, status),
                )
                changed += cursor.rowcount
            return changed

    # ------------------------------------------------------------------ helpers

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Transaction]:
        """Several statements as one transaction (under the write lock on SQLite)."""
        async with self._storage._transaction() as tx:
            yield tx
