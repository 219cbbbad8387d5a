"""Usage over time for the console's overview: questions, answered share, votes, channels, quiz.

A thin companion of :class:`~bot.storage.database.Storage`. Days are the offices' local
days (UTC+7, ``LOCAL_TZ``): timestamps are stored in UTC, so SQL shifts them before
taking the date. Grouping happens in SQL, so a month of a busy office's log is one scan.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from bot.storage.database import LOCAL_TZ, Storage, _ts

# The SQLite date modifier that turns a stored UTC time into a local one ("+7 hours").
_OFFSET = f"{int(LOCAL_TZ.utcoffset(None).total_seconds() // 3600):+d} hours"  # type: ignore[union-attr]


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


def _local_day(column: str) -> str:
    """SQL for the local day of an ISO UTC ``column`` (the first 19 characters parse everywhere)."""
    return f"date(substr({column}, 1, 19), '{_OFFSET}')"


def local_bounds(first: date, last: date) -> tuple[str, str]:
    """The stored-form UTC bounds of local days ``first`` … ``last`` (inclusive)."""
    start = datetime.combine(first, datetime.min.time(), LOCAL_TZ)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), LOCAL_TZ)
    return _ts(start), _ts(end)


class UsageStore:
    """Aggregates for the overview page."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def days(self, first: date, last: date) -> list[DayUsage]:
        """Every local day from ``first`` to ``last``, zeros included (charts need the empty days)."""
        since, until = local_bounds(first, last)
        figures: dict[str, dict[str, int]] = {}
        queries = (
            (f"SELECT {_local_day('created_at')} AS day, COUNT(*), COALESCE(SUM(found), 0) FROM question_log"
             " WHERE created_at >= ? AND created_at < ? GROUP BY day", ("questions", "answered")),
            (f"SELECT {_local_day('created_at')} AS day, COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0)"
             " FROM feedback WHERE created_at >= ? AND created_at < ? GROUP BY day", ("up", "down")),
            (f"SELECT {_local_day('finished_at')} AS day, COUNT(*), COUNT(DISTINCT user_id) FROM quiz_attempts"
             " WHERE status = 'finished' AND finished_at >= ? AND finished_at < ? GROUP BY day",
             ("quiz_attempts", "quiz_people")),
        )
        for sql, names in queries:
            for row in await self._storage._fetchall(sql, (since, until)):
                figures.setdefault(row[0], {}).update({names[0]: int(row[1]), names[1]: int(row[2])})
        count = (last - first).days + 1
        return [
            DayUsage(day=day, **figures.get(day.isoformat(), {}))
            for day in (first + timedelta(days=n) for n in range(count))
        ]

    async def channels(self, first: date, last: date) -> list[ChannelUsage]:
        """Questions per channel in the period, busiest first."""
        since, until = local_bounds(first, last)
        rows = await self._storage._fetchall(
            "SELECT channel, COUNT(*) AS n FROM question_log WHERE created_at >= ? AND created_at < ?"
            " GROUP BY channel ORDER BY n DESC, channel",
            (since, until),
        )
        return [ChannelUsage(channel=row[0], questions=int(row[1])) for row in rows]

    async def quiz_people(self, first: date, last: date) -> int:
        """Distinct people who finished a quiz in the period (a person on two days counts once)."""
        since, until = local_bounds(first, last)
        rows = await self._storage._fetchall(
            "SELECT COUNT(DISTINCT user_id) FROM quiz_attempts WHERE status = 'finished'"
            " AND finished_at >= ? AND finished_at < ?",
            (since, until),
        )
        return int(rows[0][0]) if rows else 0
