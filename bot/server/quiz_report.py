"""The quiz awareness report for the admin HTTP endpoints (CSV tables and the PNG chart).

The report itself (definitions, arithmetic, rendering) belongs to ``bot.quiz.report``;
this module only picks the period and feeds it from the server's storage.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone
from typing import Literal

from bot.quiz.bank import units_cache
from bot.quiz.report import EPOCH, AwarenessReport, build_report, period, questions_csv, units_csv
from bot.server.state import ServerState
from bot.storage.quiz import QuizStore

Table = Literal["units", "questions"]
CSV_NAMES: dict[str, str] = {"units": "bao-cao-don-vi.csv", "questions": "bao-cao-cau-hoi.csv"}


async def load_report(state: ServerState, since: date | None, until: date | None) -> AwarenessReport:
    """The report for local days [since, until] (all data when ``since`` is None).

    Raises:
        ValueError: ``since`` after ``until``.
    """
    start, end, label = period(since, until, now=datetime.now(timezone.utc))
    units = units_cache(state.settings.units_path).get()
    return await build_report(QuizStore(state.storage), units, since=start, until=end, period_label=label)


def report_csv(report: AwarenessReport, table: Table) -> bytes:
    """One of the two CSV tables (UTF-8 with BOM, for Excel)."""
    return units_csv(report) if table == "units" else questions_csv(report)


async def report_png(report: AwarenessReport) -> bytes:
    """The pass-rate chart, rendered off the event loop (matplotlib is CPU-bound)."""
    from bot.quiz.chart import render_chart  # matplotlib loads only when a chart is asked for

    return (await asyncio.to_thread(render_chart, report)).png


async def finished_attempts(state: ServerState) -> int:
    """Quiz attempts finished so far (for /metrics)."""
    attempts = await QuizStore(state.storage).finished_attempts(since=EPOCH, until=datetime.now(timezone.utc))
    return len(attempts)
