"""Admin endpoints behind ``Authorization: Bearer $CCHC_ADMIN_TOKEN`` (absent when unset)."""

from __future__ import annotations

import asyncio
from datetime import date

from fastapi import APIRouter, HTTPException, Response, status

from bot.knowledge import ReloadBusyError
from bot.quiz.report import AwarenessReport, PeriodOutOfRange
from bot.server.deps import AdminDep, StateDep
from bot.server.quiz_report import CSV_NAMES, Table, load_report, report_csv, report_png
from bot.server.state import ServerState
from bot.server.routes.ops import health
from bot.server.schemas import Health, ReloadResult
from bot.storage.models import Stats
# Issue 14: both targets and the citizens' survey.
from bot import messages
from bot.quiz.errors import BankError
from bot.server.survey_report import load_targets, targets_png
from bot.survey.report import survey_csv
from bot.survey.targets import TargetsReport

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminDep])


@router.post("/reload", responses={409: {"description": "A reload is already running (any caller, any worker)."}})
async def reload(state: StateDep) -> ReloadResult:
    """Rebuild the store, swap it in and publish it to every worker; answers continue meanwhile."""
    try:
        report = await asyncio.to_thread(state.knowledge.rebuild)
    except ReloadBusyError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except Exception as exc:
        state.metrics.record_reload(ok=False)
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, f"reload failed, old store kept: {exc}") from exc
    state.metrics.record_reload(ok=True)
    skipped = [f"{name}: {reason}" for name, reason in report.skipped]
    return ReloadResult(documents=report.documents, chunks=report.chunks, embedded=report.embedded,
                        seconds=report.seconds, skipped=skipped, build=state.knowledge.build_id)


@router.post("/drain")
async def drain(state: StateDep) -> Health:
    """Take this worker out of rotation before a planned stop: /healthz answers 503 "draining"
    (the load balancer stops sending), requests still in flight or arriving are still answered."""
    state.draining = True
    if state.sync is not None:
        await state.sync.set_state("draining")
    return await health(state)


@router.get("/stats")
async def stats(state: StateDep) -> Stats:
    """Usage figures: users, questions today and this week, share answered, top questions, votes."""
    return await state.storage.stats()


@router.get("/quiz-report.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}, 400: {"description": "Day out of range."},
                       422: {"description": "Bad period."}})
async def quiz_report_csv(state: StateDep, table: Table = "units", since: date | None = None,
                          until: date | None = None) -> Response:
    """The quiz awareness report as CSV: per unit (``table=units``) or per topic and question."""
    report = await _report(state, since, until)
    headers = {"Content-Disposition": f'attachment; filename="{CSV_NAMES[table]}"'}
    return Response(report_csv(report, table), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/quiz-report.png", response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def quiz_report_png(state: StateDep, since: date | None = None, until: date | None = None) -> Response:
    """The pass rate per unit against its target, as a PNG chart."""
    return Response(await report_png(await _report(state, since, until)), media_type="image/png")


async def _report(state: ServerState, since: date | None, until: date | None) -> AwarenessReport:
    try:
        return await load_report(state, since, until)
    except PeriodOutOfRange as exc:  # 0001-01-01: a malformed request, not a period to report on
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


# --- Issue 14: both targets side by side and the citizens' survey (bot/server/survey_report.py) ---


@router.get("/survey-report.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}, 404: {"description": "No survey configured."},
                       422: {"description": "Bad period."}})
async def survey_report_csv(state: StateDep, since: date | None = None, until: date | None = None) -> Response:
    """The citizens' survey per question, option, channel and place, with 95% intervals, as CSV."""
    report = await _targets(state, since, until)
    if report.survey is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no survey file is configured")
    headers = {"Content-Disposition": f'attachment; filename="{messages.SURVEY_CSV_NAME}"'}
    return Response(survey_csv(report.survey), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/targets.png", response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def targets_chart(state: StateDep, since: date | None = None, until: date | None = None) -> Response:
    """Staff (pass rate, coverage) and citizens (survey) against their plan targets, as a PNG chart."""
    return Response(await targets_png(await _targets(state, since, until)), media_type="image/png")


async def _targets(state: ServerState, since: date | None, until: date | None) -> TargetsReport:
    try:
        return await load_targets(state, since, until)
    except PeriodOutOfRange as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    except (ValueError, BankError) as exc:
        raise HTTPException(422, str(exc)) from exc
