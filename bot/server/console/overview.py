"""The overview page: questions per day, share answered, 👍/👎, busiest channels, quiz participation."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Literal

from fastapi import Request
from fastapi.responses import Response

from bot.console.charts import CHARTS, channels_chart
from bot.curated.service import local_today
from bot.server.console.auth import pages
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.storage.curated import CuratedStore
from bot.storage.usage import UsageStore

# Periods offered: a week, a month, a quarter (anything else shows the month).
PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
ChartName = Literal["questions", "share", "votes", "channels", "quiz"]


def _period(days: int) -> tuple[int, date, date]:
    """(days, first day, last day) of the period ending today; an unknown length means the month."""
    days = days if days in PERIODS else DEFAULT_DAYS
    last = local_today()
    return days, last - timedelta(days=days - 1), last


@pages.get("/")
async def overview(request: Request, state: StateDep, days: int = DEFAULT_DAYS) -> Response:
    """Totals of the period and its charts (each chart is its own SVG request)."""
    days, first, last = _period(days)
    usage = UsageStore(state.storage)
    series = await usage.days(first, last)
    questions = sum(d.questions for d in series)
    answered = sum(d.answered for d in series)
    hits = await CuratedStore(state.storage).hits()
    return render(
        request, "overview.html", page="overview", days=days, first=first, last=last,
        questions=questions, answered=answered, share=100.0 * answered / questions if questions else None,
        up=sum(d.up for d in series), down=sum(d.down for d in series),
        quiz_attempts=sum(d.quiz_attempts for d in series), quiz_people=await usage.quiz_people(first, last),
        channels=await usage.channels(first, last), stats=await state.storage.stats(window_days=days),
        curated_hits=sum(h.count for h in hits.values()),
        charts=("questions", "share", "votes", "channels", "quiz"), periods=PERIODS,
    )


@pages.get("/charts/{name}.svg")
async def chart(state: StateDep, name: ChartName, days: int = DEFAULT_DAYS) -> Response:
    """One overview chart as SVG, drawn off the event loop (matplotlib is CPU-bound)."""
    _, first, last = _period(days)
    usage = UsageStore(state.storage)
    if name == "channels":
        svg = await asyncio.to_thread(channels_chart, await usage.channels(first, last))
    else:
        svg = await asyncio.to_thread(CHARTS[name], await usage.days(first, last))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
