"""``cchc contest open|close|list|results|export``: contest rounds from the server's shell."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from pydantic import ValidationError

from bot import messages
from bot.config import Settings
from bot.contest import render
from bot.contest.flow import ContestFlow, opened_text
from bot.contest.ranking import practice_count, rank_people, rank_units
from bot.contest.rounds import DEFAULT_SECONDS, ContestError, RoundSpec
from bot.quiz.errors import BankError
from bot.storage.database import Storage

contest_app = typer.Typer(help="Hội thi tìm hiểu CCHC: mở, kết thúc, xem kết quả, xuất CSV.", no_args_is_help=True)
T = TypeVar("T")


def _settings() -> Settings:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return Settings()


def _with_flow(work: Callable[[ContestFlow], Awaitable[T]]) -> T:
    """Run ``work`` against the database, opened and closed inside one event loop."""
    settings = _settings()

    async def run() -> T:
        storage = await Storage.open(settings.database_target)
        try:
            return await work(ContestFlow(storage, settings))
        finally:
            await storage.close()

    try:
        return asyncio.run(run())
    except (ContestError, BankError) as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc


@contest_app.command("open")
def open_round(
    name: Annotated[str, typer.Option("--name", help="Tên vòng thi.")],
    until: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")],
    since: Annotated[Optional[datetime], typer.Option("--from", formats=["%Y-%m-%d"], help="First day (default today).")] = None,
    questions: Annotated[int, typer.Option("--questions", help="How many questions to draw.")] = 10,
    seconds: Annotated[int, typer.Option("--seconds", help="Time limit per question (5-600).")] = DEFAULT_SECONDS,
    topic: Annotated[Optional[list[str]], typer.Option("--topic", help="Draw only from these topics (repeatable).")] = None,
    question_id: Annotated[Optional[list[str]], typer.Option("--question-id", help="Use exactly these bank questions.")] = None,
) -> None:
    """Open a round: everyone gets the same questions (drawn once now, or the ones named)."""
    try:
        spec = RoundSpec(
            name=name, since=(since or datetime.now()).date(), until=until.date(), seconds=seconds, count=questions,
            topics=tuple(topic or ()), question_ids=tuple(question_id or ()),
        )
    except ValidationError as exc:
        typer.echo(f"Lỗi: {exc.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(opened_text(_with_flow(lambda flow: flow.open_spec(spec))))


@contest_app.command("close")
def close_round(round_id: Annotated[int, typer.Argument(help="The round's id (cchc contest list).")]) -> None:
    """Close a round: no new entries or answers; results can then be announced."""
    replies = _with_flow(lambda flow: flow.close_round(str(round_id)))
    typer.echo(replies[0].text)


@contest_app.command("list")
def list_rounds() -> None:
    """Every round, newest first: id, state, period, questions, entries (practice ones apart)."""

    async def work(flow: ContestFlow) -> list[str]:
        lines = []
        for round_ in await flow.store.rounds():
            counts = await flow.store.entry_counts(round_id=round_.id)
            lines.append(
                f"#{round_.id}  [{round_.status}]  {render.local_day(round_.starts_at)} – "
                f"{render.local_day(round_.ends_at)}  {round_.total} câu × {round_.seconds_per_question} giây  "
                f"{counts['finished']} hoàn thành, {counts['active']} đang thi, "
                f"{counts['practice']} luyện tập (không tính)  {round_.name}"
            )
        return lines

    for line in _with_flow(work):
        typer.echo(line)


@contest_app.command("results")
def results(round_id: Annotated[int, typer.Argument(help="The round's id.")]) -> None:
    """The ranking as announced (also for a round still open)."""
    replies = _with_flow(lambda flow: flow.results(str(round_id), is_admin=True))
    typer.echo(replies[0].text)


@contest_app.command("export")
def export(
    round_id: Annotated[int, typer.Argument(help="The round's id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="People's ranking (CSV).")],
    units_output: Annotated[Optional[Path], typer.Option("--units-output", help="Units' ranking (CSV).")] = None,
) -> None:
    """Write the ranking as CSV (UTF-8 with BOM: Excel shows Vietnamese correctly); practice entries left out."""

    async def work(flow: ContestFlow) -> tuple[bytes, bytes, int]:
        if await flow.store.round(round_id=round_id) is None:
            raise ContestError(f"không có vòng thi #{round_id}")
        entries = await flow.store.results(round_id=round_id)
        people = rank_people(entries)
        units = flow.units()
        return render.people_csv(people, units), render.units_csv(rank_units(people, units)), practice_count(entries)

    people_csv, units_csv, practice = _with_flow(work)
    typer.echo(messages.CONTEST_RESULTS_PRACTICE.format(count=practice), err=True)
    output.write_bytes(people_csv)
    typer.echo(f"Đã xuất {output}", err=True)
    if units_output is not None:
        units_output.write_bytes(units_csv)
        typer.echo(f"Đã xuất {units_output}", err=True)
