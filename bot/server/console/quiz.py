"""The quiz page: the awareness report for a period (chart, CSV), generated questions to review, units,
and invite tokens that enrol staff (as ``cchc units invite``: only enrolled people count in the report)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, cast

from fastapi import Form, Request
from fastapi.responses import Response

from bot import messages
from bot.quiz.bank import units_cache
from bot.quiz.errors import BankError
from bot.quiz.generate import generate_questions
from bot.quiz.models import QuizQuestion
from bot.server.console.auth import ConsoleRefusal, actions, admin_of, audit, core_of, pages, redirect
from bot.server.console.templating import render
from bot.server.deps import StateDep
from bot.server.quiz_report import CSV_NAMES, Table, load_report, report_csv, report_png
from bot.server.state import ServerState
from bot.storage.database import LOCAL_TZ
from bot.storage.quiz import GENERATED_STATUSES, GeneratedInput, GeneratedStatus, QuizStore


async def _report(state: ServerState, since: date | None, until: date | None):  # noqa: ANN202 - AwarenessReport
    try:
        return await load_report(state, since, until)
    except (ValueError, BankError) as exc:
        raise ConsoleRefusal(422, messages.CONSOLE_BAD_PERIOD.format(reason=exc)) from exc


# As `cchc units invite` (bot/quiz/enrol_cli.py).
MAX_INVITES = 1000
MAX_INVITE_USES = 10_000


@pages.get("/quiz")
async def quiz(request: Request, state: StateDep, since: date | None = None, until: date | None = None,
               ok: str = "") -> Response:
    """The report of the period (all data by default), the generated questions and the units."""
    return await _page(request, state, since, until, notice=messages.CONSOLE_NOTICES.get(ok, ""))


async def _page(request: Request, state: ServerState, since: date | None = None, until: date | None = None,
                **context: object) -> Response:
    report = await _report(state, since, until)
    rows = await QuizStore(state.storage).generated()
    generated = [(row, QuizQuestion.model_validate_json(row.question_json)) for row in rows]
    try:
        units, units_error = units_cache(state.settings.units_path).get(), ""
    except BankError as exc:
        units, units_error = None, str(exc)
    period = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v is not None}
    query = "&".join(f"{k}={v}" for k, v in period.items())
    context = {"notice": "", "invites": None, **context}
    return render(request, "quiz.html", page="quiz", report=report, since=since, until=until, query=query,
                  generated=generated, units=units, units_error=units_error, csv_names=CSV_NAMES,
                  practice_line=messages.REPORT_PRACTICE.format(count=report.practice_attempts),
                  bot_username=(state.settings.telegram_bot_username or "").lstrip("@"), **context)


@actions.post("/quiz/invites")
async def invites(request: Request, state: StateDep, unit: Annotated[str, Form()] = "",
                  count: Annotated[str, Form()] = "1", uses: Annotated[str, Form()] = "1") -> Response:
    """Issue invite tokens for a unit and show them once on the page (only their hashes are stored)."""
    try:
        how_many, per_token = int(count), int(uses)
    except ValueError:
        how_many = per_token = 0
    if not (1 <= how_many <= MAX_INVITES and 1 <= per_token <= MAX_INVITE_USES):
        raise ConsoleRefusal(422, messages.CONSOLE_INVITE_BAD_NUMBER.format(max_count=MAX_INVITES,
                                                                           max_uses=MAX_INVITE_USES))
    days = state.settings.invite_days
    try:
        tokens = await core_of(state).quiz.enrolment.issue(unit, count=how_many, uses=per_token, days=days)
    except ValueError as exc:
        raise ConsoleRefusal(422, messages.CONSOLE_INVITE_BAD_UNIT.format(unit=unit[:40])) from exc
    # The audit log names the unit and the numbers, never a token.
    await audit(state, request, admin_of(request), "quiz_invites", target=unit,
                detail=messages.CONSOLE_INVITE_AUDIT.format(count=len(tokens), uses=per_token))
    expires = (datetime.now(timezone.utc) + timedelta(days=days)).astimezone(LOCAL_TZ).strftime("%d/%m/%Y")
    found = units_cache(state.settings.units_path).get().get(unit)
    header = messages.INVITE_HEADER.format(count=len(tokens), unit=found.name if found else unit, unit_id=unit,
                                           uses=per_token, expires=expires)
    response = await _page(request, state, invites={"header": header, "tokens": tokens})
    response.headers["Cache-Control"] = "no-store"  # the tokens are shown once
    return response


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
