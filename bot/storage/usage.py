"""Usage over time for the console's overview: questions, answered share, votes, channels, quiz.

A thin companion of :class:`~bot.storage.database.Storage`. Days are the offices' local
days (UTC+7, ``LOCAL_TZ``). The rows of the period are read once and counted per day here,
not with SQL date functions, which SQLite and PostgreSQL spell differently; a quarter of a
busy office's log is some tens of thousands of short rows, read in well under a second.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from bot.storage.backend import Row
from bot.storage.database import LOCAL_TZ, Storage, _parse_ts, _ts


class DayUsage(BaseModel):
    """One local day's figures."""

    model_config = ConfigDict(frozen=True)

    day: date
    questions: int = 0
    answered: int = 0
    up: int = 0
    down: int = 0
    quiz_attempts: int = 0
    quiz_people: int = 0


class ChannelUsage(BaseModel):
    """Questions asked through one channel."""

    model_config = ConfigDict(frozen=True)

    channel: str
    questions: int


def local_bounds(first: date, last: date) -> tuple[str, str]:
    """The stored-form UTC bounds of local days ``first`` … ``last`` (inclusive)."""
    start = datetime.combine(first, datetime.min.time(), LOCAL_TZ)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), LOCAL_TZ)
    return _ts(start), _ts(end)


def _day(stored: str) -> date:
    return _parse_ts(stored).astimezone(LOCAL_TZ).date()


class UsageStore:
    """Aggregates for the overview page."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def days(self, first: date, last: date) -> list[DayUsage]:
        """Every local day from ``first`` to ``last``, zeros included (charts need the empty days)."""
        since, until = local_bounds(first, last)
        counts: dict[str, Counter[date]] = {name: Counter() for name in DayUsage.model_fields if name != "day"}
        for row in await self._storage._fetchall(
            "SELECT created_at, found FROM question_log WHERE created_at >= ? AND created_at < ?", (since, until)
        ):
            day = _day(row["created_at"])
            counts["questions"][day] += 1
            counts["answered"][day] += int(row["found"])
        for row in await self._storage._fetchall(
            "SELECT created_at, value FROM feedback WHERE created_at >= ? AND created_at < ?", (since, until)
        ):
            counts["up" if row["value"] > 0 else "down"][_day(row["created_at"])] += 1
        people: dict[date, set[object]] = {}
        for row in await self._quiz_rows(since, until):
            day = _day(row["finished_at"])
            counts["quiz_attempts"][day] += 1
            people.setdefault(day, set()).add(row["user_id"])
        for day, who in people.items():
            counts["quiz_people"][day] = len(who)
        span = (first + timedelta(days=n) for n in range((last - first).days + 1))
        return [DayUsage(day=day, **{name: counter[day] for name, counter in counts.items()}) for day in span]

    async def channels(self, first: date, last: date) -> list[ChannelUsage]:
        """Questions per channel in the period, busiest first."""
        since, until = local_bounds(first, last)
        rows = await self._storage._fetchall(
            "SELECT channel, COUNT(*) AS n FROM question_log WHERE created_at >= ? AND created_at < ?"
            " GROUP BY channel ORDER BY n DESC, channel",
            (since, until),
        )
        return [ChannelUsage(channel=row["channel"], questions=int(row["n"])) for row in rows]

    async def quiz_people(self, first: date, last: date) -> int:
        """Distinct people who finished a quiz in the period (a person on two days counts once)."""
        return len({row["user_id"] for row in await self._quiz_rows(*local_bounds(first, last))})

    async def _quiz_rows(self, since: str, until: str) -> list[Row]:
        return await self._storage._fetchall(
            "SELECT finished_at, user_id FROM quiz_attempts WHERE status = 'finished'"
            " AND finished_at >= ? AND finished_at < ?",
            (since, until),
        )
