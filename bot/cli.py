"""The ``cchc`` command line: index, ask, chat, eval, bench, telegram, serve."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bot import messages
from bot.config import Settings
from bot.knowledge import KnowledgeBase, ReloadBusyError
from bot.storage.backend import StorageError
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
    """Build the search store, swap it in and publish it: running workers swap to it within seconds."""
    settings = _settings()
    kb = KnowledgeBase(settings)
    try:
        report = asyncio.run(_index(settings, kb))
    except (IndexerError, ReloadBusyError, StorageError) as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print_report(report)


async def _index(settings: Settings, kb: KnowledgeBase):  # noqa: ANN202 - BuildReport, kept import-light
    """The rebuild under the workers' shared reload lock, published in their database."""
    from bot.knowledge_sync import KnowledgeSync
    from bot.storage.database import Storage

    storage = await Storage.open(settings.database_target)
    sync = KnowledgeSync(kb, storage, settings, worker=f"cchc-index@{socket.gethostname()}", serving=False)
    try:
        await sync.start()
        report = await asyncio.to_thread(kb.rebuild, True)
        await sync.prune()
        return report
    finally:
        await sync.stop()
        await storage.close()


@app.command()
def ask(
    questions: Annotated[list[str], typer.Argument(help="One or more questions.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question per line.")] = False,
) -> None:
    """Answer one or more questions in one process."""
    for number, question in enumerate(questions, start=1):
        if not _is_utf8(question):  # undecodable bytes in argv arrive as lone surrogates
            typer.echo(messages.CLI_NOT_UTF8.format(number=number), err=True)
            raise typer.Exit(2)
    settings = _settings()
    kb = _knowledge(settings)
    for question in questions:
        answer = kb.answer(question[: settings.max_question_chars])
        if as_json:
            typer.echo(json.dumps(answer.to_public(), ensure_ascii=False))
        else:
            typer.echo(f"❓ {question}\n{answer.answer}\n")


def _is_utf8(text: str) -> bool:
    """Whether ``text`` can be written out as UTF-8 (an argument with invalid bytes cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@app.command()
def chat() -> None:
    """A terminal conversation (builds the store first on a fresh clone); follow-ups keep the subject."""
    settings = _settings()
    kb = _knowledge(settings)
    typer.echo(messages.CHAT_WELCOME)
    subject = None  # what the last answer was about, as the core's conversation state keeps it
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
        answer = kb.answer(line, subject)
        subject = answer.subject or subject
        typer.echo(f"\nTrợ lý: {answer.answer}")
    typer.echo(messages.CHAT_BYE)


# The answer-quality sets of tests/data: tune on "dev", report "test" (see their READMEs).
ANSWER_SETS = {
    "qa": "qa_dev.jsonl",
    "unanswerable": "unanswerable_{split}.jsonl",
    "dialogues": "dialogues_{split}.jsonl",
    "procedures": "procedures_{split}.jsonl",
}


@app.command("eval")
def evaluate(
    benchmark: Annotated[Optional[list[Path]], typer.Option(help="Benchmark folder(s) (corpus.jsonl, queries.jsonl, qrels.tsv).")] = None,
    split: Annotated[str, typer.Option(help="dev, test or all")] = "dev",
    qa: Annotated[Optional[Path], typer.Option(help="A question/expected-fact JSONL file.")] = None,
    unanswerable: Annotated[Optional[Path], typer.Option(help="In-domain questions the knowledge base cannot answer (JSONL).")] = None,
    dialogues: Annotated[Optional[Path], typer.Option(help="Conversations with follow-ups (JSONL).")] = None,
    procedures: Annotated[Optional[Path], typer.Option(help="A procedure question set (JSONL: question, expected codes, field).")] = None,
    answers: Annotated[bool, typer.Option(help="All answer sets of tests/data for --split (dev or test).")] = False,
    show_failures: Annotated[bool, typer.Option(help="List the questions and turns that failed.")] = False,
) -> None:
    """Retrieval quality on benchmarks; answer quality on QA, unanswerable and dialogue sets."""
    from bot.evaluation.ir_eval import evaluate as evaluate_ir

    settings = _settings()
    if answers:
        if split not in ("dev", "test"):
            typer.echo("--answers cần --split dev hoặc test.", err=True)
            raise typer.Exit(2)
        data = Path("tests/data")
        qa = qa or data / ANSWER_SETS["qa"]
        unanswerable = unanswerable or data / ANSWER_SETS["unanswerable"].format(split=split)
        dialogues = dialogues or data / ANSWER_SETS["dialogues"].format(split=split)
        procedures = procedures or data / ANSWER_SETS["procedures"].format(split=split)
    if not (benchmark or qa or unanswerable or dialogues or procedures):
        typer.echo("Cần --benchmark DIR, --qa FILE, --unanswerable FILE, --dialogues FILE, --procedures FILE "
                   "hoặc --answers.", err=True)
        raise typer.Exit(2)
    if procedures:
        _eval_procedures(settings, procedures, show_failures)
    for folder in benchmark or []:
        kb_embedder = KnowledgeBase(settings).embedder
        scores = evaluate_ir(folder, settings.data_dir, kb_embedder, None if split == "all" else split)
        typer.echo(f"\n{folder.name} ({split})")
        typer.echo(f"{'retriever':<10}{'nDCG@10':>10}{'Recall@10':>11}{'MRR@10':>9}")
        for name, row in scores.items():
            typer.echo(f"{name:<10}{row['ndcg@10']:>10.3f}{row['recall@10']:>11.3f}{row['mrr@10']:>9.3f}")
    if qa or unanswerable or dialogues:
        _evaluate_answers(_knowledge(settings), qa, unanswerable, dialogues, show_failures)


def _evaluate_answers(
    kb: KnowledgeBase, qa: Path | None, unanswerable: Path | None, dialogues: Path | None, show_failures: bool
) -> None:
    """Print the answer-quality figures of each given set (and its failures when asked)."""
    from bot.evaluation.dialogue_eval import evaluate_declines, evaluate_dialogues
    from bot.evaluation.qa_eval import evaluate_qa, load_qa

    failures: list[dict] = []
    if qa:
        result = evaluate_qa(load_qa(qa), kb.answer)
        typer.echo(f"\nQA {qa.name}: expected fact in answer {result.fact_found}/{result.in_scope} "
                   f"({result.fact_rate:.1%}); out-of-scope declined {result.declined}/{result.out_of_scope} "
                   f"({result.decline_rate:.1%})")
        failures += result.failures
    if unanswerable:
        declines = evaluate_declines(load_qa(unanswerable), kb.answer)
        typer.echo(f"Unanswerable {unanswerable.name}: declined {declines.declined}/{declines.total} ({declines.rate:.1%})")
        failures += declines.failures
    if dialogues:
        talk = evaluate_dialogues(load_qa(dialogues), kb.answer)
        typer.echo(f"Dialogues {dialogues.name}: follow-up turns right {talk.followups_ok}/{talk.followups} "
                   f"({talk.followup_rate:.1%}); topic switches {talk.switches_ok}/{talk.switches}; "
                   f"all turns {talk.turns_ok}/{talk.turns}")
        failures += talk.failures
    if show_failures:
        for failure in failures:
            typer.echo(json.dumps(failure, ensure_ascii=False))


def _eval_procedures(settings: Settings, path: Path, show_failures: bool) -> None:
    """The three procedure figures (bot/evaluation/procedure_eval.py) on one set."""
    from bot.evaluation.procedure_eval import evaluate_end_to_end, evaluate_procedures, load_set
    from bot.procedures import ProcedureMatcher

    matcher = ProcedureMatcher.from_knowledge_dir(settings.knowledge_dir)
    result = evaluate_procedures(load_set(path), matcher.resolver)
    typer.echo(
        f"\nProcedures {path.name}: right field {result.right_direct + result.right_clarified}/{result.in_catalogue} "
        f"({result.right_rate:.1%}; {result.right_clarified} after choosing among versions); "
        f"absent declined {result.declined}/{result.absent} ({result.decline_rate:.1%}); "
        f"wrong answers {result.wrong}/{result.total} ({result.wrong_rate:.1%})"
    )
    if show_failures:
        for failure in result.failures:
            typer.echo(json.dumps(failure, ensure_ascii=False))
    kb = _knowledge(settings)

    def codes(procedure_id: str) -> set[str]:
        entry = matcher.get(procedure_id)
        return set(entry.codes) if entry is not None else set()

    whole = evaluate_end_to_end(load_set(path), kb.answer, codes, kb.answer_about)
    typer.echo(
        f"Through the whole answerer: right {whole.right}/{whole.in_catalogue} "
        f"({whole.right / whole.in_catalogue:.1%}; {whole.clarified} after one version button); "
        f"absent declined {whole.declined}/{whole.absent} ({whole.declined / whole.absent:.1%}); "
        f"wrong answers {whole.wrong}/{whole.total} ({whole.wrong / whole.total:.1%})"
    )
    if show_failures:
        for failure in whole.failures:
            typer.echo(json.dumps(failure, ensure_ascii=False))


@app.command()
def bench(
    qa: Annotated[Path, typer.Option(help="Questions to time (JSONL with a 'question' field).")] = Path("tests/data/qa_dev.jsonl"),
    rounds: Annotated[int, typer.Option(min=1)] = 3,
    procedures: Annotated[Optional[Path], typer.Option(help="Procedure questions timed too (JSONL).")] = Path("tests/data/procedures_dev.jsonl"),
    scale: Annotated[int, typer.Option(min=0, help="Chunks of the synthetic scale run (0: skip).")] = 100_000,
) -> None:
    """Latency percentiles, throughput, build rate and peak memory, as a table."""
    from bot.evaluation.bench import format_table, run_bench, scale_rows
    from bot.evaluation.qa_eval import load_qa

    settings = _settings()
    items = load_qa(qa)
    if procedures is not None and procedures.is_file():
        items += [{"question": item["question"]} for item in load_qa(procedures)]
    result = run_bench(settings, items, rounds=rounds)
    rows = [
        ("answers timed", f"{result.questions}"),
        ("latency p50", f"{result.p50_ms:.1f} ms"),
        ("latency p95", f"{result.p95_ms:.1f} ms"),
        ("latency p99", f"{result.p99_ms:.1f} ms"),
        ("  first asking p50 / p95", f"{result.first_p50_ms:.1f} / {result.first_p95_ms:.1f} ms"),
        ("  asked again p50 / p95", f"{result.repeat_p50_ms:.1f} / {result.repeat_p95_ms:.1f} ms"
         if result.repeat_p50_ms is not None and result.repeat_p95_ms is not None else "n/a (one round)"),
        ("throughput", f"{result.qps:.1f} questions/s"),
        ("answer body p50 / p90", f"{result.body_p50_chars:.0f} / {result.body_p90_chars:.0f} characters"),
        ("expected fact in first 200 chars", f"{result.fact_first_200:.1%} of found QA answers"),
        ("chunks indexed", f"{result.build_chunks}"),
        ("cold build (empty cache)", f"{result.cold_build_s:.1f} s ({result.cold_chunks_per_s:.1f} chunks/s)"),
        ("warm rebuild (cached)", f"{result.warm_build_s:.2f} s"),
        ("peak memory (RSS)", f"{result.peak_rss_mb:.0f} MB"),
        # --- national procedure catalogue (issue 11) ---
        ("procedure catalogue", f"{result.catalogue_entries} procedures, read and indexed in {result.catalogue_s:.1f} s"),
        ("cold build CPU time", f"{result.cold_build_cpu_s:.1f} s"),
        ("bare query embedding p50 / p95", f"{result.embed_p50_ms:.1f} / {result.embed_p95_ms:.1f} ms"),
        ("first asking p95 / embedding p95", f"{result.first_p95_ms / result.embed_p95_ms:.2f}x" if result.embed_p95_ms else "n/a"),
    ]
    if scale:
        rows += scale_rows(scale, settings.knowledge_dir)
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
    # proxy_headers off here: the app applies uvicorn's ProxyHeadersMiddleware itself, with
    # CCHC_TRUSTED_PROXIES (bot/server/app.py), so tests and every server see the same rule.
    uvicorn.run(create_app(settings, kb), host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=False, server_header=False)
    typer.echo(messages.SERVER_STOPPED, err=True)


# Quiz admin (bot/quiz/cli.py): `cchc quiz generate|list|enable|disable|export`, `cchc report`.
from bot.quiz.cli import quiz_app, report_command  # noqa: E402 - kept beside its registration

app.add_typer(quiz_app, name="quiz")
app.command("report")(report_command)

# Procedure catalogue import (bot/procedures/import_cli.py): `cchc procedures import PATH`.
from bot.procedures.import_cli import procedures_app  # noqa: E402 - kept beside its registration

app.add_typer(procedures_app, name="procedures")

# Database (bot/db_cli.py, issue 16): `cchc db migrate`, `cchc db copy --from … --to …`.
from bot.db_cli import db_app  # noqa: E402 - kept beside its registration

app.add_typer(db_app, name="db")
# Contest rounds (issue 14, bot/contest/cli.py): `cchc contest open|close|list|results|export`.
from bot.contest.cli import contest_app  # noqa: E402 - kept beside its registration

app.add_typer(contest_app, name="contest")

# Curated answers and console accounts (bot/curated/cli.py, issue 13):
# `cchc curated list|export|import`, `cchc admin hash-password NAME`.
from bot.curated.cli import admin_app, curated_app  # noqa: E402 - kept beside its registration

app.add_typer(curated_app, name="curated")
app.add_typer(admin_app, name="admin")
# Enrolment (issue 12, bot/quiz/enrol_cli.py): `cchc units invite --unit X [--count N]`, `cchc units list`.
from bot.quiz.enrol_cli import units_app  # noqa: E402 - kept beside its registration

app.add_typer(units_app, name="units")


if __name__ == "__main__":  # pragma: no cover
    app()
