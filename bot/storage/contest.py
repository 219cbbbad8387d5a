"""Contest persistence: rounds, one entry per person per round, and timed answers.

Shares the connection and write lock of :class:`~bot.storage.database.Storage`. The rules
live in SQL:

* one entry per (round, user) – the unique key – so a second attempt is refused however
  the request arrives (two devices, a forged payload, a retried webhook);
* an answer is inserted only for the entry's current position and only once (``INSERT …
  SELECT … WHERE <count> = position`` plus the primary key);
* an entry is finished by ``UPDATE … WHERE status = 'active'`` once every question has an
  answer row, so exactly one caller announces the score;
* entries are accepted only while the round is open and inside its period;
* an entry of a person not enrolled in its unit is ``practice`` (fixed when it starts):
  played and scored as any other, left out of the rankings (``bot.contest.ranking``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from bot.storage.database import Storage, _parse_ts, _ts
from bot.storage.models import _Frozen

RoundStatus = Literal["open", "closed"]
EntryStatus = Literal["active", "finished"]
ContestOutcome = Literal["recorded", "duplicate", "out_of_turn", "closed", "missing"]


class ContestRound(_Frozen):
    """A round as stored; ``questions`` are the bank questions (JSON objects) in showing order."""

    id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    seconds_per_question: int
    questions: tuple[dict[str, Any], ...]
    total: int
    status: RoundStatus
    created_at: datetime
    closed_at: datetime | None

    def accepts(self, moment: datetime) -> bool:
        """Open, and ``moment`` inside its period."""
        return self.status == "open" and self.starts_at <= moment <= self.ends_at


class ContestEntry(_Frozen):
    """One person's entry in a round; ``questions`` is their snapshot (options in their order)."""

    id: int
    round_id: int
    user_id: int | None
    unit: str
    questions: tuple[dict[str, Any], ...]
    status: EntryStatus
    started_at: datetime
    finished_at: datetime | None
    correct: int | None
    elapsed_ms: int | None
    answered: int
    last_answer_at: datetime | None
    practice: bool = False  # not enrolled in ``unit``: shown its score, left out of the rankings

    @property
    def shown_at(self) -> datetime:
        """When the current question was shown: right after the previous answer, or at the start."""
        return self.last_answer_at or self.started_at


class ContestAnswer(_Frozen):
    """One answer; ``chosen`` None means the time ran out."""

    entry_id: int
    position: int
    question_id: str
    chosen: int | None
    correct: bool
    elapsed_ms: int
    answered_at: datetime


class EntryResult(_Frozen):
    """A finished entry with its participant's name, for the ranking."""

    entry_id: int
    user_id: int | None
    display_name: str
    unit: str
    correct: int
    total: int
    elapsed_ms: int
    finished_at: datetime
    practice: bool = False  # left out of the rankings, counted as left out


_ROUND_COLUMNS = "id, name, starts_at, ends_at, seconds_per_question, questions, total, status, created_at, closed_at"
_ENTRY_COLUMNS = """
    e.id, e.round_id, e.user_id, e.unit, e.questions, e.status, e.started_at, e.finished_at, e.correct,
    e.elapsed_ms, e.practice,
    (SELECT COUNT(*) FROM contest_answers AS a WHERE a.entry_id = e.id) AS answered,
    (SELECT MAX(a.answered_at) FROM contest_answers AS a WHERE a.entry_id = e.id) AS last_answer_at
"""


def _round(row: aiosqlite.Row) -> ContestRound:
    return ContestRound(
        id=row["id"], name=row["name"], starts_at=_parse_ts(row["starts_at"]), ends_at=_parse_ts(row["ends_at"]),
        seconds_per_question=row["seconds_per_question"], questions=tuple(json.loads(row["questions"])),
        total=row["total"], status=row["status"], created_at=_parse_ts(row["created_at"]),
        closed_at=_parse_ts(row["closed_at"]) if row["closed_at"] else None,
    )


def _entry(row: aiosqlite.Row) -> ContestEntry:
    return ContestEntry(
        id=row["id"], round_id=row["round_id"], user_id=row["user_id"], unit=row["unit"],
        questions=tuple(json.loads(row["questions"])), status=row["status"], started_at=_parse_ts(row["started_at"]),
        finished_at=_parse_ts(row["finished_at"]) if row["finished_at"] else None, correct=row["correct"],
        elapsed_ms=row["elapsed_ms"], answered=row["answered"],
        last_answer_at=_parse_ts(row["last_answer_at"]) if row["last_answer_at"] else None,
        practice=bool(row["practice"]),
    )


class ContestStore:
    """Contest queries over an open :class:`Storage`."""

    def __init__(self, storage: Storage) -> None:
        """Args:
        storage: The process's open storage; its lifecycle stays with the caller.
        """
        self._storage = storage

    # ------------------------------------------------------------------ rounds

    async def open_round(
        self,
        *,
        name: str,
        starts_at: datetime,
        ends_at: datetime,
        seconds_per_question: int,
        questions: Sequence[dict[str, Any]],
        at: datetime | None = None,
    ) -> ContestRound:
        """Create an open round.

        Raises:
            ValueError: No questions, or a period that ends before it starts.
        """
        if not questions:
            raise ValueError("a round needs at least one question")
        if ends_at <= starts_at:
            raise ValueError(f"round ends {ends_at} before it starts {starts_at}")
        row = await self._storage._write(
            """
            INSERT INTO contest_rounds (name, starts_at, ends_at, seconds_per_question, questions, total, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            (name, _ts(starts_at), _ts(ends_at), seconds_per_question,
             json.dumps(list(questions), ensure_ascii=False), len(questions), _ts(at)),
        )
        assert row is not None
        found = await self.round(round_id=int(row[0]))
        assert found is not None
        return found

    async def close_round(self, *, round_id: int, at: datetime | None = None) -> bool:
        """Close an open round (no new entries or answers). False if unknown or already closed."""
        row = await self._storage._write(
            "UPDATE contest_rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open' RETURNING id",
            (_ts(at), round_id),
        )
        return row is not None

    async def round(self, *, round_id: int) -> ContestRound | None:
        """One round by id, or None."""
        row = await self._storage._fetchone(f"SELECT {_ROUND_COLUMNS} FROM contest_rounds WHERE id = ?", (round_id,))
        return _round(row) if row else None

    async def rounds(self, *, status: RoundStatus | None = None) -> list[ContestRound]:
        """Rounds, newest first, optionally of one status."""
        sql = f"SELECT {_ROUND_COLUMNS} FROM contest_rounds"
        params: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        rows = await self._storage._fetchall(sql + " ORDER BY id DESC", params)
        return [_round(row) for row in rows]

    # ------------------------------------------------------------------ entries

    async def start_entry(
        self, *, round_id: int, user_id: int, unit: str, questions: Sequence[dict[str, Any]], at: datetime,
        practice: bool = False,
    ) -> tuple[ContestEntry | None, bool]:
        """Enter a person in a round that accepts entries at ``at``.

        Args:
            practice: The person is not enrolled in ``unit``: the entry stays out of the rankings.

        Returns:
            (their entry, whether this call created it); (None, False) when the round does
            not accept entries. An existing entry (finished or not) is returned as it is:
            nobody gets a second attempt.
        """
        row = await self._storage._write(
            """
            INSERT INTO contest_entries (round_id, user_id, unit, questions, started_at, practice)
            SELECT r.id, ?, ?, ?, ?, ? FROM contest_rounds AS r
            WHERE r.id = ? AND r.status = 'open' AND r.starts_at <= ? AND r.ends_at >= ?
            ON CONFLICT (round_id, user_id) DO NOTHING
            RETURNING id
            """,
            (user_id, unit, json.dumps(list(questions), ensure_ascii=False), _ts(at), int(practice),
             round_id, _ts(at), _ts(at)),
        )
        entry = await self.entry_of(round_id=round_id, user_id=user_id)
        return entry, row is not None

    async def entry_of(self, *, round_id: int, user_id: int) -> ContestEntry | None:
        """A person's entry in a round, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_ENTRY_COLUMNS} FROM contest_entries AS e WHERE e.round_id = ? AND e.user_id = ?",
            (round_id, user_id),
        )
        return _entry(row) if row else None

    async def entry(self, *, entry_id: int) -> ContestEntry | None:
        """One entry by id, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_ENTRY_COLUMNS} FROM contest_entries AS e WHERE e.id = ?", (entry_id,)
        )
        return _entry(row) if row else None

    async def record_answer(
        self,
        *,
        entry_id: int,
        user_id: int,
        position: int,
        question_id: str,
        chosen: int | None,
        correct: bool,
        elapsed_ms: int,
        at: datetime,
    ) -> ContestOutcome:
        """Store the answer to the entry's current question, if its round still accepts answers.

        Returns:
            "recorded", "duplicate" (answered already), "out_of_turn" (a later position),
            "closed" (entry finished, or round closed or over), "missing" (not this user's).
        """
        row = await self._storage._write(
            """
            INSERT INTO contest_answers (entry_id, position, question_id, chosen, correct, elapsed_ms, answered_at)
            SELECT e.id, ?, ?, ?, ?, ?, ? FROM contest_entries AS e JOIN contest_rounds AS r ON r.id = e.round_id
            WHERE e.id = ? AND e.user_id = ? AND e.status = 'active' AND r.status = 'open' AND r.ends_at >= ?
              AND ? < r.total
              AND (SELECT COUNT(*) FROM contest_answers AS a WHERE a.entry_id = e.id) = ?
            ON CONFLICT DO NOTHING
            RETURNING entry_id
            """,
            (position, question_id, chosen, int(correct), max(0, elapsed_ms), _ts(at),
             entry_id, user_id, _ts(at), position, position),
        )
        if row is not None:
            return "recorded"
        entry = await self.entry(entry_id=entry_id)
        if entry is None or entry.user_id != user_id:
            return "missing"
        found = await self.round(round_id=entry.round_id)
        if entry.status != "active" or found is None or not found.accepts(at):
            return "closed"
        return "duplicate" if position < entry.answered else "out_of_turn"

    async def finish_entry(self, *, entry_id: int, at: datetime) -> ContestEntry | None:
        """Score a fully answered entry; the entry if *this* call finished it, else None."""
        row = await self._storage._write(
            """
            UPDATE contest_entries SET status = 'finished', finished_at = ?,
                correct = (SELECT COALESCE(SUM(a.correct), 0) FROM contest_answers AS a WHERE a.entry_id = contest_entries.id),
                elapsed_ms = (SELECT COALESCE(SUM(a.elapsed_ms), 0) FROM contest_answers AS a
                              WHERE a.entry_id = contest_entries.id)
            WHERE id = ? AND status = 'active'
              AND (SELECT COUNT(*) FROM contest_answers AS a WHERE a.entry_id = contest_entries.id)
                  = (SELECT r.total FROM contest_rounds AS r WHERE r.id = contest_entries.round_id)
            RETURNING id
            """,
            (_ts(at), entry_id),
        )
        return await self.entry(entry_id=entry_id) if row else None

    async def answers(self, *, entry_id: int) -> list[ContestAnswer]:
        """An entry's answers in position order."""
        rows = await self._storage._fetchall(
            "SELECT * FROM contest_answers WHERE entry_id = ? ORDER BY position", (entry_id,)
        )
        return [
            ContestAnswer(
                entry_id=row["entry_id"], position=row["position"], question_id=row["question_id"],
                chosen=row["chosen"], correct=bool(row["correct"]), elapsed_ms=row["elapsed_ms"],
                answered_at=_parse_ts(row["answered_at"]),
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ results

    async def results(self, *, round_id: int) -> list[EntryResult]:
        """Finished entries of a round with their participant's current name (unranked; practice ones too)."""
        rows = await self._storage._fetchall(
            """
            SELECT e.id, e.user_id, COALESCE(u.display_name, '') AS display_name, e.unit, e.correct,
                   r.total, e.elapsed_ms, e.finished_at, e.practice
            FROM contest_entries AS e
            JOIN contest_rounds AS r ON r.id = e.round_id
            LEFT JOIN users AS u ON u.id = e.user_id
            WHERE e.round_id = ? AND e.status = 'finished'
            """,
            (round_id,),
        )
        return [
            EntryResult(
                entry_id=row["id"], user_id=row["user_id"], display_name=row["display_name"], unit=row["unit"],
                correct=row["correct"], total=row["total"], elapsed_ms=row["elapsed_ms"],
                finished_at=_parse_ts(row["finished_at"]), practice=bool(row["practice"]),
            )
            for row in rows
        ]

    async def entry_counts(self, *, round_id: int) -> dict[EntryStatus | Literal["practice"], int]:
        """Counted entries of a round by status (how many are still playing), and its practice entries."""
        rows = await self._storage._fetchall(
            "SELECT CASE WHEN practice = 1 THEN 'practice' ELSE status END AS kind, COUNT(*) FROM contest_entries"
            " WHERE round_id = ? GROUP BY kind",
            (round_id,),
        )
        counts: dict[Any, int] = {"active": 0, "finished": 0, "practice": 0}
        counts.update({row[0]: int(row[1]) for row in rows})
        return counts
