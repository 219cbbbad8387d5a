"""The plans' two awareness targets side by side: staff (quiz) and citizens (survey).

Sóc Trăng's plan to 2030 sets "100% công chức được khảo sát nắm vững mục tiêu, nhiệm vụ
CCHC" and "95% người dân, tổ chức được khảo sát hiểu rõ mục đích, ý nghĩa và lợi ích của
CCHC". The staff figure is a count against the staff list (the quiz report, with its
coverage); the citizens' figure is an estimate from a sample (the survey report, with its
confidence interval). This module puts them together for ``/baocao``, ``cchc report``
and the admin endpoints; the figures themselves come from ``bot.quiz.report`` and
``bot.survey.report``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from bot import messages
from bot.dialogue.models import Reply
from bot.quiz.models import UnitList
from bot.quiz.report import AwarenessReport, UnitRow, build_report, status_text
from bot.quiz.render import percent
from bot.storage.database import LOCAL_TZ, Storage
from bot.storage.quiz import QuizStore
from bot.storage.survey import SurveyStore
from bot.survey.models import SurveyDefinition
from bot.survey.report import SurveyReport, build_survey_report, estimate_text, survey_csv, survey_text, verdict_text


@dataclass(frozen=True)
class TargetsReport:
    """The staff report and the survey report of one period (``survey`` None: no survey configured)."""

    staff: AwarenessReport
    survey: SurveyReport | None


async def build_targets(
    storage: Storage,
    units: UnitList,
    survey: SurveyDefinition | None,
    *,
    since: datetime,
    until: datetime,
    period_label: str,
) -> TargetsReport:
    """Both reports over the same period (UTC bounds of local days, as ``bot.quiz.report.period`` gives)."""
    staff = await build_report(QuizStore(storage), units, since=since, until=until, period_label=period_label)
    citizens = None
    if survey is not None:
        citizens = await build_survey_report(
            SurveyStore(storage), survey, since=since.astimezone(LOCAL_TZ).date(),
            until=until.astimezone(LOCAL_TZ).date(), period_label=period_label,
        )
    return TargetsReport(staff, citizens)


def _staff_lines(org: UnitRow) -> list[str]:
    if org.rate is None:
        lines = [messages.TARGETS_STAFF_EMPTY.format(target=percent(org.target))]
    else:
        lines = [messages.TARGETS_STAFF.format(
            passed=org.passed, surveyed=org.surveyed, rate=percent(org.rate), target=percent(org.target),
            status=status_text(org),
        )]
    if org.headcount is None or org.coverage is None or org.passed_of_staff is None:
        lines.append(messages.TARGETS_COVERAGE_UNKNOWN)
    else:
        lines.append(messages.TARGETS_COVERAGE.format(
            surveyed=org.surveyed, headcount=org.headcount, coverage=percent(org.coverage),
            passed_share=percent(org.passed_of_staff),
        ))
    return lines


def targets_text(report: TargetsReport) -> str:
    """Both targets in four lines, then the survey's details."""
    lines = [messages.TARGETS_TITLE, report.staff.period_label, *_staff_lines(report.staff.organisation)]
    survey = report.survey
    if survey is None:
        lines.append(messages.SURVEY_REPORT_NONE)
        return "\n".join(lines)
    lines.append(messages.TARGETS_CITIZENS.format(
        estimate=estimate_text(survey.key.estimate), target=percent(survey.target),
        verdict=verdict_text(survey.key.estimate, survey.target),
    ))
    return "\n".join([*lines, "", survey_text(survey)])


def targets_replies(report: TargetsReport) -> list[Reply]:
    """The text with the chart, then the survey CSV (blocking: renders the chart)."""
    from bot.survey.chart import render_targets_chart  # matplotlib loads only when a report is asked for

    replies = [Reply(text=targets_text(report), image_png=render_targets_chart(report).png)]
    if report.survey is not None:
        replies.append(Reply(
            text=messages.TARGETS_FILES.format(name=messages.SURVEY_CSV_NAME),
            file_name=messages.SURVEY_CSV_NAME, file_bytes=survey_csv(report.survey),
        ))
    return replies


async def targets_report_replies(
    storage: Storage, units: UnitList, survey: SurveyDefinition | None, *, since: datetime, until: datetime,
    period_label: str,
) -> list[Reply]:
    """Query, compute and render (the chart off the event loop)."""
    report = await build_targets(storage, units, survey, since=since, until=until, period_label=period_label)
    return await asyncio.to_thread(targets_replies, report)
