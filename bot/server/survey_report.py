"""Both targets and the citizens' survey for the admin HTTP endpoints (CSV and the two-targets PNG).

The figures belong to ``bot.survey.targets`` and ``bot.survey.report``; this module picks the
period and the files the server was configured with.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone

from bot.quiz.bank import units_cache
from bot.quiz.report import period
from bot.server.state import ServerState
from bot.survey.loader import survey_cache
from bot.survey.targets import TargetsReport, build_targets


async def load_targets(state: ServerState, since: date | None, until: date | None) -> TargetsReport:
    """Staff and citizens for local days [since, until] (all data when ``since`` is None).

    Raises:
        ValueError: ``since`` after ``until``.
        BankError: The survey or unit file is invalid.
    """
    start, end, label = period(since, until, now=datetime.now(timezone.utc))
    units = units_cache(state.settings.units_path).get()
    survey = survey_cache(state.settings.survey_path).get()
    return await build_targets(state.storage, units, survey, since=start, until=end, period_label=label)


async def targets_png(report: TargetsReport) -> bytes:
    """The two-targets chart, rendered off the event loop (matplotlib is CPU-bound)."""
    from bot.survey.chart import render_targets_chart  # matplotlib loads only when a chart is asked for

    return (await asyncio.to_thread(render_targets_chart, report)).png
