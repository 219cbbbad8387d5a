"""The survey part of ``cchc report``: both targets side by side, the survey CSV and the targets chart."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import typer

from bot import messages
from bot.config import Settings
from bot.quiz.errors import BankError
from bot.quiz.models import UnitList
from bot.storage.database import Storage
from bot.survey.loader import load_survey
from bot.survey.report import survey_csv
from bot.survey.targets import TargetsReport, build_targets, targets_text


def _build(settings: Settings, units: UnitList, since: datetime, until: datetime, label: str) -> TargetsReport:
    async def run() -> TargetsReport:
        storage = await Storage.open(settings.database_target)
        try:
            survey = load_survey(settings.survey_path)
            return await build_targets(storage, units, survey, since=since, until=until, period_label=label)
        finally:
            await storage.close()

    return asyncio.run(run())


def print_targets(
    settings: Settings,
    units: UnitList,
    *,
    since: datetime,
    until: datetime,
    label: str,
    csv_dir: Path | None,
    chart: Path | None,
) -> None:
    """Echo both targets and the survey details; write the survey CSV into ``csv_dir`` and the chart to ``chart``.

    Raises:
        typer.Exit: The survey file is invalid (the message names the file and what to fix).
    """
    try:
        report = _build(settings, units, since, until, label)
    except BankError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo("\n" + targets_text(report))
    if csv_dir is not None and report.survey is not None:
        csv_dir.mkdir(parents=True, exist_ok=True)
        (csv_dir / messages.SURVEY_CSV_NAME).write_bytes(survey_csv(report.survey))
        typer.echo(f"CSV: {csv_dir / messages.SURVEY_CSV_NAME}", err=True)
    if chart is not None:
        from bot.survey.chart import render_targets_chart

        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(render_targets_chart(report).png)
        typer.echo(f"Biểu đồ hai chỉ tiêu: {chart}", err=True)
