"""The quiz page: the awareness report for a period (chart, CSV), generated questions to review, units."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, cast

from fastapi import Form, Request
from fastapi.responses import Response

from bot import messages
from bot.quiz.bank import units_cache
from bot.quiz.errors import BankError
from bot.quiz.generate import generate_questions
from bot.quiz.models import QuizQuestion
from bot.server.console.auth import ConsoleRefusal, actions, admin_of, audit, pages, redirect
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.quiz_report import CSV_NAMES, Table, load_report, report_csv, report_png
from bot.server.state import ServerState
from bot.storage.quiz import GENERATED_STATUSES, GeneratedInput, GeneratedStatus, QuizStore


async def _report(state: ServerState, since: date | None, until: date | None):  # noqa: ANN202 - AwarenessReport
    try:
        return await load_report(state, since, until)
    except (ValueError, BankError) as exc:
        raise ConsoleRefusal(422, messages.CONSOLE_BAD_PERIOD.format(reason=exc)) from exc


@pages.get("/quiz")
async def quiz(request: Request, state: StateDep, since: date | None = None, until: date | None = None,
               ok: str = "") -> Response:
    """The report of the period (all data by default), the generated questions and the units."""
    report = await _report(state, since, until)
    rows = await QuizStore(state.storage).generated()
    generated = [(row, QuizQuestion.model_validate_json(row.question_json)) for row in rows]
    try:
        units, units_error = units_cache(state.settings.units_path).get(), ""
    except BankError as exc:
        units, units_error = None, str(exc)
    period = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v is not None}
    query = "&".join(f"{k}={v}" for k, v in period.items())
    return render(request, "quiz.html", page="quiz", report=report, since=since, until=until, query=query,
                  generated=generated, units=units, units_error=units_error, csv_names=CSV_NAMES,
                  notice=messages.CONSOLE_NOTICES.get(ok, ""))


@pages.get("/quiz/chart.png")
async def chart(state: StateDep, since: date | None = None, until: date | None = None) -> Response:
    """The pass rate per unit against its target."""
    return Response(await report_png(await _report(state, since, until)), media_type="image/png")


@pages.get("/quiz/{table}.csv")
async def csv(state: StateDep, table: Table, since: date | None = None, until: date | None = None) -> Response:
    """A CSV table of the report (per unit, or per topic and question)."""
    report = await _report(state, since, until)
    headers = {"Content-Disposition": f'attachment; filename="{CSV_NAMES[table]}"'}
    return Response(report_csv(report, table), media_type="text/csv; charset=utf-8", headers=headers)


@actions.post("/quiz/questions/{question_id}/status")
async def set_status(request: Request, state: StateDep, question_id: str,
                     status: Annotated[str, Form()] = "") -> Response:
    """Enable or disable one generated question (only enabled ones reach quizzes)."""
    if status not in GENERATED_STATUSES:
        raise ConsoleRefusal(422, messages.CONSOLE_NOT_FOUND)
    chosen = cast(GeneratedStatus, status)
    changed = await QuizStore(state.storage).set_generated_status(ids=[question_id], status=chosen)
    await audit(state, request, admin_of(request), f"quiz_question_{status}", target=question_id,
                detail=str(changed))
    return redirect(f"/admin/quiz?ok=quiz_{status}")


@actions.post("/quiz/generate")
async def generate(request: Request, state: StateDep) -> Response:
    """Generate cloze questions from the live store; new ones wait for review (as ``cchc quiz generate``)."""
    if not state.knowledge.loaded:
        raise ConsoleRefusal(503, messages.NOT_READY)
    store = state.knowledge.answerer.retriever.store
    made = await asyncio.to_thread(generate_questions, store.chunks, store.documents)
    items = [GeneratedInput(id=g.question.id, chunk_id=g.question.chunk_id or "", kind=g.kind,
                            question_json=g.question.model_dump_json()) for g in made]
    counts = await QuizStore(state.storage).sync_generated(items)
    await audit(state, request, admin_of(request), "quiz_generate",
                detail=messages.CONSOLE_GENERATED.format(new=counts.new, kept=counts.kept, gone=counts.gone))
    return redirect("/admin/quiz?ok=generated")
