"""Admin commands: ``cchc quiz generate|list|enable|disable|export`` and ``cchc report``.

Generated questions are candidates until an admin enables them: ``list`` (re)generates
from the live store and shows each with its state; only ``enabled`` ones reach quizzes.
``export`` writes them in the bank format, so a reviewed question can be copied into
``knowledge/quiz/`` and edited like any curated one.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
import yaml

from bot.config import Settings
from bot.quiz.bank import load_units
from bot.quiz.errors import BankError
from bot.quiz.generate import generate_questions
from bot.quiz.models import QuizQuestion
from bot.quiz.report import QUESTIONS_CSV_NAME, UNITS_CSV_NAME, build_report, period, questions_csv, report_text, units_csv
from bot.storage.database import Storage
from bot.storage.quiz import GENERATED_STATUSES, GeneratedInput, GeneratedStatus, QuizStore
from indexer.errors import IndexerError

quiz_app = typer.Typer(help="Câu hỏi trắc nghiệm sinh tự động: tạo, xem, bật, tắt, xuất.", no_args_is_help=True)
T = TypeVar("T")
# The list shows this much of each question: enough to recognise it on one terminal line.
LIST_QUESTION_CHARS = 110


def _settings() -> Settings:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return Settings()


def _with_store(settings: Settings, work: Callable[[QuizStore], Awaitable[T]]) -> T:
    """Run ``work`` against the database, opened and closed inside one event loop."""

    async def run() -> T:
        storage = await Storage.open(settings.database_target)
        try:
            return await work(QuizStore(storage))
        finally:
            await storage.close()

    return asyncio.run(run())


def _generate(settings: Settings) -> list[GeneratedInput]:
    """Cloze questions from the live store (built first on a fresh install)."""
    from bot.knowledge import KnowledgeBase  # the embedder loads only for these commands

    kb = KnowledgeBase(settings)
    try:
        kb.ensure_loaded(show_progress=sys.stderr.isatty())
    except IndexerError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    store = kb.answerer.retriever.store
    return [
        GeneratedInput(id=g.question.id, chunk_id=g.question.chunk_id or "", kind=g.kind,
                       question_json=g.question.model_dump_json())
        for g in generate_questions(store.chunks, store.documents)
    ]


def _sync(settings: Settings) -> None:
    items = _generate(settings)
    counts = _with_store(settings, lambda store: store.sync_generated(items))
    typer.echo(
        f"Sinh {len(items)} câu hỏi từ kho tri thức: {counts.new} câu mới (chờ duyệt), "
        f"{counts.kept} câu đã có, {counts.gone} câu không còn trong kho.",
        err=True,
    )


@quiz_app.command()
def generate() -> None:
    """Generate cloze questions from the live store and record them (new ones wait for review)."""
    _sync(_settings())


@quiz_app.command("list")
def list_questions(
    status: Annotated[Optional[str], typer.Option(help="new, enabled or disabled")] = None,
    full: Annotated[bool, typer.Option("--full", help="Show options, answer and source too.")] = False,
    no_sync: Annotated[bool, typer.Option("--no-sync", help="Do not regenerate from the store first.")] = False,
) -> None:
    """Regenerate from the live store, then list generated questions with their review state."""
    settings = _settings()
    chosen = _status(status) if status else None
    if not no_sync:
        _sync(settings)
    rows = _with_store(settings, lambda store: store.generated(status=chosen))
    for row in rows:
        question = QuizQuestion.model_validate_json(row.question_json)
        mark = "" if row.in_store else " (không còn trong kho)"
        text = " ".join(question.question.split())
        typer.echo(f"{row.id}  [{row.status}{mark}]  {row.kind:<7} {question.topic:<15} {text[:LIST_QUESTION_CHARS]}")
        if full:
            typer.echo(f"    phương án: {' | '.join(question.options)}")
            typer.echo(f"    đáp án: {question.answer}   nguồn: {question.source} [{row.chunk_id}]")
    typer.echo(f"{len(rows)} câu hỏi.", err=True)


def _status(value: str) -> GeneratedStatus:
    if value not in GENERATED_STATUSES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(GENERATED_STATUSES)}")
    return value  # type: ignore[return-value]  # checked above


def _set_status(ids: list[str] | None, every: bool, status: GeneratedStatus) -> None:
    if not ids and not every:
        typer.echo("Cần mã câu hỏi (xem: cchc quiz list) hoặc --all.", err=True)
        raise typer.Exit(2)
    settings = _settings()
    changed = _with_store(settings, lambda store: store.set_generated_status(ids=None if every else ids, status=status))
    typer.echo(f"Đã chuyển {changed} câu hỏi sang trạng thái {status}.")


@quiz_app.command()
def enable(
    ids: Annotated[Optional[list[str]], typer.Argument(help="Question ids from `cchc quiz list`.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every generated question.")] = False,
) -> None:
    """Allow reviewed generated questions in quizzes."""
    _set_status(ids, every, "enabled")


@quiz_app.command()
def disable(
    ids: Annotated[Optional[list[str]], typer.Argument(help="Question ids from `cchc quiz list`.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every generated question.")] = False,
) -> None:
    """Keep generated questions out of quizzes."""
    _set_status(ids, every, "disabled")


@quiz_app.command()
def export(
    status: Annotated[Optional[str], typer.Option(help="Only this state: new, enabled or disabled.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="YAML file (default: stdout).")] = None,
) -> None:
    """Write generated questions as a bank YAML file (loadable from knowledge/quiz/ after review)."""
    settings = _settings()
    chosen = _status(status) if status else None
    rows = _with_store(settings, lambda store: store.generated(status=chosen))
    entries = []
    for row in rows:
        data = QuizQuestion.model_validate_json(row.question_json).model_dump(mode="json", exclude={"origin"})
        data["options"] = list(data["options"])
        entries.append(data)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=120)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Đã xuất {len(entries)} câu hỏi vào {output}.", err=True)


def report_command(
    since: Annotated[Optional[datetime], typer.Option("--from", formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[datetime], typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")] = None,
    csv_dir: Annotated[Optional[Path], typer.Option(help=f"Write {UNITS_CSV_NAME} and {QUESTIONS_CSV_NAME} here.")] = None,
    chart: Annotated[Optional[Path], typer.Option(help="Write the PNG bar chart to this file.")] = None,
    targets_chart: Annotated[Optional[Path], typer.Option(
        help="Write the two-targets PNG (staff and citizens' survey) to this file.")] = None,
) -> None:
    """Awareness report by unit against the targets (text, CSV, chart), then staff and citizens side by side."""
    settings = _settings()
    since_day: date | None = since.date() if since else None
    until_day: date | None = until.date() if until else None
    try:
        units = load_units(settings.units_path)
        start, end, label = period(since_day, until_day, now=datetime.now(timezone.utc))
    except (BankError, ValueError) as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    report = _with_store(
        settings, lambda store: build_report(store, units, since=start, until=end, period_label=label)
    )
    typer.echo(report_text(report))
    if csv_dir is not None:
        csv_dir.mkdir(parents=True, exist_ok=True)
        (csv_dir / UNITS_CSV_NAME).write_bytes(units_csv(report))
        (csv_dir / QUESTIONS_CSV_NAME).write_bytes(questions_csv(report))
        typer.echo(f"CSV: {csv_dir / UNITS_CSV_NAME}, {csv_dir / QUESTIONS_CSV_NAME}", err=True)
    if chart is not None:
        from bot.quiz.chart import render_chart

        chart.write_bytes(render_chart(report).png)
        typer.echo(f"Biểu đồ: {chart}", err=True)
    # Issue 14: both targets side by side, the citizens' survey (bot/survey/cli.py).
    from bot.survey.cli import print_targets

    print_targets(settings, units, since=start, until=end, label=label, csv_dir=csv_dir, chart=targets_chart)
