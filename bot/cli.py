"""The ``cchc`` command line: index, ask, chat, eval, bench, telegram, serve."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bot import messages
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from indexer.errors import IndexerError

app = typer.Typer(help="Trợ lý cải cách hành chính (CCHC).", no_args_is_help=True, add_completion=False)
log = logging.getLogger("cchc")


def _settings() -> Settings:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return Settings()


def _knowledge(settings: Settings, build_if_missing: bool = True) -> KnowledgeBase:
    kb = KnowledgeBase(settings)
    try:
        if build_if_missing:
            report = kb.ensure_loaded(show_progress=sys.stderr.isatty())
            if report:
                _print_report(report)
        else:
            kb.load()
    except IndexerError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    return kb


def _print_report(report) -> None:  # noqa: ANN001 - BuildReport, kept import-light
    typer.echo(
        f"Đã lập chỉ mục {report.documents} văn bản, {report.chunks} đoạn "
        f"({report.embedded} đoạn mới được nhúng) trong {report.seconds:.1f} giây.",
        err=True,
    )
    for name, reason in report.skipped:
        typer.echo(f"  Bỏ qua {name}: {reason}", err=True)


@app.command()
def index() -> None:
    """Build the search store from the knowledge directory and swap it in."""
    settings = _settings()
    kb = KnowledgeBase(settings)
    try:
        report = kb.rebuild(show_progress=True)
    except IndexerError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print_report(report)


@app.command()
def ask(
    questions: Annotated[list[str], typer.Argument(help="One or more questions.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question per line.")] = False,
) -> None:
    """Answer one or more questions in one process."""
    settings = _settings()
    kb = _knowledge(settings)
    for question in questions:
        answer = kb.answer(question[: settings.max_question_chars])
        if as_json:
            typer.echo(json.dumps(answer.to_public(), ensure_ascii=False))
        else:
            typer.echo(f"❓ {question}\n{answer.answer}\n")


@app.command()
def chat() -> None:
    """A terminal conversation (builds the store first on a fresh clone)."""
    settings = _settings()
    kb = _knowledge(settings)
    typer.echo(messages.CHAT_WELCOME)
    while True:
        try:
            line = input("\nBạn: ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if line.lower() in {"/thoat", "/thoát", "/quit", "/exit"}:
            break
        if not line:
            typer.echo(messages.EMPTY_QUESTION)
            continue
        if len(line) > settings.max_question_chars:
            typer.echo(messages.TOO_LONG.format(limit=settings.max_question_chars))
            continue
        typer.echo(f"\nTrợ lý: {kb.answer(line).answer}")
    typer.echo(messages.CHAT_BYE)


@app.command("eval")
def evaluate(
    benchmark: Annotated[Optional[list[Path]], typer.Option(help="Benchmark folder(s) (corpus.jsonl, queries.jsonl, qrels.tsv).")] = None,
    split: Annotated[str, typer.Option(help="dev, test or all")] = "dev",
    qa: Annotated[Optional[Path], typer.Option(help="A question/expected-fact JSONL file.")] = None,
    show_failures: Annotated[bool, typer.Option(help="List the QA questions that failed.")] = False,
) -> None:
    """Retrieval quality on benchmarks (lexical, dense, hybrid) and/or answer quality on a QA file."""
    from bot.evaluation.ir_eval import evaluate as evaluate_ir
    from bot.evaluation.qa_eval import evaluate_qa, load_qa

    settings = _settings()
    if not benchmark and not qa:
        typer.echo("Cần --benchmark DIR hoặc --qa FILE.", err=True)
        raise typer.Exit(2)
    for folder in benchmark or []:
        kb_embedder = KnowledgeBase(settings).embedder
        scores = evaluate_ir(folder, settings.data_dir, kb_embedder, None if split == "all" else split)
        typer.echo(f"\n{folder.name} ({split})")
        typer.echo(f"{'retriever':<10}{'nDCG@10':>10}{'Recall@10':>11}{'MRR@10':>9}")
        for name, row in scores.items():
            typer.echo(f"{name:<10}{row['ndcg@10']:>10.3f}{row['recall@10']:>11.3f}{row['mrr@10']:>9.3f}")
    if qa:
        kb = _knowledge(settings)
        result = evaluate_qa(load_qa(qa), kb.answer)
        typer.echo(f"\nQA {qa.name}: expected fact in answer {result.fact_found}/{result.in_scope} "
                   f"({result.fact_rate:.1%}); out-of-scope declined {result.declined}/{result.out_of_scope} "
                   f"({result.decline_rate:.1%})")
        if show_failures:
            for failure in result.failures:
                typer.echo(json.dumps(failure, ensure_ascii=False))


@app.command()
def bench(
    qa: Annotated[Path, typer.Option(help="Questions to time (JSONL with a 'question' field).")] = Path("tests/data/qa_dev.jsonl"),
    rounds: Annotated[int, typer.Option(min=1)] = 3,
) -> None:
    """Latency percentiles, throughput, build rate and peak memory, as a table."""
    from bot.evaluation.bench import format_table, run_bench
    from bot.evaluation.qa_eval import load_qa

    settings = _settings()
    result = run_bench(settings, [item["question"] for item in load_qa(qa)], rounds=rounds)
    rows = [
        ("answers timed", f"{result.questions}"),
        ("latency p50", f"{result.p50_ms:.1f} ms"),
        ("latency p95", f"{result.p95_ms:.1f} ms"),
        ("latency p99", f"{result.p99_ms:.1f} ms"),
        ("  first asking p50 / p95", f"{result.first_p50_ms:.1f} / {result.first_p95_ms:.1f} ms"),
        ("  asked again p50 / p95", f"{result.repeat_p50_ms:.1f} / {result.repeat_p95_ms:.1f} ms"
         if result.repeat_p50_ms is not None and result.repeat_p95_ms is not None else "n/a (one round)"),
        ("throughput", f"{result.qps:.1f} questions/s"),
        ("chunks indexed", f"{result.build_chunks}"),
        ("cold build (empty cache)", f"{result.cold_build_s:.1f} s ({result.cold_chunks_per_s:.1f} chunks/s)"),
        ("warm rebuild (cached)", f"{result.warm_build_s:.2f} s"),
        ("peak memory (RSS)", f"{result.peak_rss_mb:.0f} MB"),
    ]
    typer.echo(format_table(rows))


@app.command()
def telegram() -> None:
    """Run the Telegram bot with long polling (needs CCHC_TELEGRAM_TOKEN)."""
    settings = _settings()
    if settings.telegram_token is None:
        typer.echo(messages.TELEGRAM_TOKEN_MISSING, err=True)
        raise typer.Exit(2)
    from bot.channels.telegram import run_polling

    logging.getLogger("bot").setLevel(logging.INFO)  # start-up line and failed updates
    kb = _knowledge(settings)
    typer.echo(messages.TELEGRAM_STARTED, err=True)
    run_polling(settings, kb)
    typer.echo(messages.TELEGRAM_STOPPED, err=True)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Listen address (default CCHC_HOST, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(min=1, max=65535, help="Port (default CCHC_PORT, 8080).")] = None,
) -> None:
    """The HTTP server: web chat, JSON API, Zalo OA and Telegram webhooks (builds the store if needed)."""
    import uvicorn

    from bot.server import create_app

    settings = _settings()
    overrides = {key: value for key, value in {"host": host, "port": port}.items() if value is not None}
    settings = settings.model_copy(update=overrides)
    logging.getLogger("bot").setLevel(logging.INFO)
    kb = _knowledge(settings)
    shown = "localhost" if settings.host in {"0.0.0.0", "::"} else settings.host
    typer.echo(messages.SERVER_STARTED.format(url=f"http://{shown}:{settings.port}/"), err=True)
    uvicorn.run(create_app(settings, kb), host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=True, server_header=False)
    typer.echo(messages.SERVER_STOPPED, err=True)


# Quiz admin (bot/quiz/cli.py): `cchc quiz generate|list|enable|disable|export`, `cchc report`.
from bot.quiz.cli import quiz_app, report_command  # noqa: E402 - kept beside its registration

app.add_typer(quiz_app, name="quiz")
app.command("report")(report_command)

# Curated answers and console accounts (bot/curated/cli.py, issue 13):
# `cchc curated list|export|import`, `cchc admin hash-password NAME`.
from bot.curated.cli import admin_app, curated_app  # noqa: E402 - kept beside its registration

app.add_typer(curated_app, name="curated")
app.add_typer(admin_app, name="admin")


if __name__ == "__main__":  # pragma: no cover
    app()
