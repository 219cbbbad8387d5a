"""Citizens' survey persistence: responses (one per person per period) and their answers.

Nothing here identifies a citizen: a response carries the pseudonym computed by
``bot.survey.identity`` (never a user id, never a ``users`` row), the channel, the period
and optionally the ward the citizen chose; dates are local days. The rules live in SQL:

* one response per (survey, period, respondent) – the unique key – so a person is offered
  the survey at most once per period, however many answers they like;
* an offer is inserted only if the respondent has never skipped a survey (``NOT EXISTS``
  in the same statement), so someone who said no is never asked again;
* an answer is inserted only for the response's *current* question and only once
  (``INSERT … SELECT … WHERE <count> = position`` plus the keys), so a double press or an
  old message counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import aiosqlite

from bot.storage.database import Storage
from bot.storage.models import _Frozen

ResponseStatus = Literal["offered", "started", "done", "skipped"]
RESPONSE_STATUSES: tuple[ResponseStatus, ...] = ("offered", "started", "done", "skipped")
SurveyOutcome = Literal["recorded", "duplicate", "out_of_turn", "closed", "missing"]


class SurveyResponse(_Frozen):
    """One person's response in one period (identified only by the pseudonym)."""

    id: int
    survey: str
    period: str
    respondent: str
    channel: str
    place: str
    status: ResponseStatus
    offered_on: date
    updated_on: date
    answered: int


class SurveyAnswer(_Frozen):
    """One answer with what the report groups by."""

    response_id: int
    channel: str
    place: str
    period: str
    position: int
    question_id: str
    option_id: str
    answered_on: date


_RESPONSE_COLUMNS = """
    r.id, r.survey, r.period, r.respondent, r.channel, r.place, r.status, r.offered_on, r.updated_on,
    (SELECT COUNT(*) FROM survey_answers AS a WHERE a.response_id = r.id) AS answered
"""


def _day(value: date) -> str:
    return value.isoformat()


def _response(row: aiosqlite.Row) -> SurveyResponse:
    return SurveyResponse(
        id=row["id"], survey=row["survey"], period=row["period"], respondent=row["respondent"],
        channel=row["channel"], place=row["place"], status=row["status"],
        offered_on=date.fromisoformat(row["offered_on"]), updated_on=date.fromisoformat(row["updated_on"]),
        answered=row["answered"],
    )


class SurveyStore:
    """Survey queries over an open :class:`Storage` (same connection, same write lock)."""

    def __init__(self, storage: Storage) -> None:
        """Args:
        storage: The process's open storage; its lifecycle stays with the caller.
        """
        self._storage = storage

    # ------------------------------------------------------------------ responses

    async def offer(self, *, survey: str, period: str, respondent: str, channel: str, day: date) -> int | None:
        """Record an offer, unless this person was offered in this period or ever skipped.

        Returns:
            The new response's id, or None when no offer may be made.
        """
        row = await self._storage._write(
            """
            INSERT INTO survey_responses (survey, period, respondent, channel, status, offered_on, updated_on)
            SELECT ?, ?, ?, ?, 'offered', ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM survey_responses WHERE respondent = ? AND status = 'skipped')
            ON CONFLICT (survey, period, respondent) DO NOTHING
            RETURNING id
            """,
            (survey, period, respondent, channel, _day(day), _day(day), respondent),
        )
        return int(row[0]) if row is not None else None

    async def open(self, *, survey: str, period: str, respondent: str, channel: str, day: date) -> SurveyResponse:
        """The person asked for the survey themselves (``/khaosat``): this period's response, started.

        A response they skipped earlier in the period is reopened (they changed their mind);
        a finished one is returned as it is.
        """
        await self._storage._write(
            """
            INSERT INTO survey_responses (survey, period, respondent, channel, status, offered_on, updated_on)
            VALUES (?, ?, ?, ?, 'started', ?, ?)
            ON CONFLICT (survey, period, respondent) DO UPDATE SET
                status = CASE WHEN status = 'done' THEN 'done' ELSE 'started' END,
                updated_on = excluded.updated_on
            """,
            (survey, period, respondent, channel, _day(day), _day(day)),
        )
        response = await self.current(survey=survey, period=period, respondent=respondent)
        assert response is not None  # inserted or updated just now
        return response

    async def response(self, *, response_id: int) -> SurveyResponse | None:
        """One response by id, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_RESPONSE_COLUMNS} FROM survey_responses AS r WHERE r.id = ?", (response_id,)
        )
        return _response(row) if row else None

    async def current(self, *, survey: str, period: str, respondent: str) -> SurveyResponse | None:
        """This person's response in this period, or None."""
        row = await self._storage._fetchone(
            f"SELECT {_RESPONSE_COLUMNS} FROM survey_responses AS r "
            "WHERE r.survey = ? AND r.period = ? AND r.respondent = ?",
            (survey, period, respondent),
        )
        return _response(row) if row else None

    async def _set_status(
        self, *, response_id: int, respondent: str, status: ResponseStatus, allowed: Sequence[ResponseStatus],
        day: date, place: str | None = None,
    ) -> bool:
        marks = ", ".join("?" for _ in allowed)
        row = await self._storage._write(
            f"""
            UPDATE survey_responses SET status = ?, updated_on = ?, place = COALESCE(?, place)
            WHERE id = ? AND respondent = ? AND status IN ({marks})
            RETURNING id
            """,
            (status, _day(day), place, response_id, respondent, *allowed),
        )
        return row is not None

    async def join(self, *, response_id: int, respondent: str, day: date) -> bool:
        """The person accepted the offer. False when it is not theirs or no longer open."""
        return await self._set_status(
            response_id=response_id, respondent=respondent, status="started", allowed=("offered", "started"), day=day
        )

    async def skip(self, *, response_id: int, respondent: str, day: date) -> bool:
        """The person declined or stopped; answers already given stay. False if finished or not theirs."""
        return await self._set_status(
            response_id=response_id, respondent=respondent, status="skipped", allowed=("offered", "started"), day=day
        )

    async def finish(self, *, response_id: int, respondent: str, day: date, place: str | None = None) -> bool:
        """Close a started response (with the place the person chose, if any); only one caller gets True."""
        return await self._set_status(
            response_id=response_id, respondent=respondent, status="done", allowed=("started",), day=day, place=place
        )

    # ------------------------------------------------------------------ answers

    async def record_answer(
        self, *, response_id: int, respondent: str, position: int, question_id: str, option_id: str, day: date
    ) -> SurveyOutcome:
        """Store the answer to the response's current question (position = answers so far).

        Returns:
            "recorded"; "duplicate" (that question was answered); "out_of_turn" (a later
            one); "closed" (the response is finished, skipped or not started); "missing" (no
            such response of this person).
        """
        row = await self._storage._write(
            """
            INSERT INTO survey_answers (response_id, position, question_id, option_id, answered_on)
            SELECT r.id, ?, ?, ?, ? FROM survey_responses AS r
            WHERE r.id = ? AND r.respondent = ? AND r.status = 'started'
              AND (SELECT COUNT(*) FROM survey_answers AS a WHERE a.response_id = r.id) = ?
            ON CONFLICT DO NOTHING
            RETURNING response_id
            """,
            (position, question_id, option_id, _day(day), response_id, respondent, position),
        )
        if row is not None:
            return "recorded"
        response = await self.response(response_id=response_id)
        if response is None or response.respondent != respondent:
            return "missing"
        if response.status != "started":
            return "closed"
        return "duplicate" if position < response.answered else "out_of_turn"

    async def answers_between(self, *, survey: str, since: date, until: date) -> list[SurveyAnswer]:
        """Every answer to ``survey`` given on local days [since, until]."""
        rows = await self._storage._fetchall(
            """
            SELECT a.response_id, r.channel, r.place, r.period, a.position, a.question_id, a.option_id, a.answered_on
            FROM survey_answers AS a JOIN survey_responses AS r ON r.id = a.response_id
            WHERE r.survey = ? AND a.answered_on >= ? AND a.answered_on <= ?
            ORDER BY a.answered_on, a.response_id, a.position
            """,
            (survey, _day(since), _day(until)),
        )
        return [
            SurveyAnswer(
                response_id=row["response_id"], channel=row["channel"], place=row["place"], period=row["period"],
                position=row["position"], question_id=row["question_id"], option_id=row["option_id"],
                answered_on=date.fromisoformat(row["answered_on"]),
            )
            for row in rows
        ]

    async def status_counts(self, *, survey: str, since: date, until: date) -> dict[ResponseStatus, int]:
        """Responses offered on days [since, until] by their current status (the response rate)."""
        rows = await self._storage._fetchall(
            "SELECT status, COUNT(*) FROM survey_responses WHERE survey = ? AND offered_on >= ? AND offered_on <= ? "
            "GROUP BY status",
            (survey, _day(since), _day(until)),
        )
        counts: dict[Any, int] = {status: 0 for status in RESPONSE_STATUSES}
        counts.update({row[0]: int(row[1]) for row in rows})
        return counts
