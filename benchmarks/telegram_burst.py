"""Burst benchmark of the Telegram channel: many users asking at once, end to end.

Why: ``cchc bench`` times the answerer alone. Users feel the whole path — long polling,
update dispatch, storage writes, the rate limiter, HTTP sends — and a burst (a training
session where a room of civil servants asks at once) is when it matters. This script runs
the real python-telegram-bot application, Assistant, Storage and knowledge base against the
local Bot API stand-in (``tests/channels/botapi_stub.py``; loopback only) and measures,
per question, the time from the update being queued at the "Telegram" side until the
stand-in receives the answer.

Each user's questions are distinct, so an answer is matched to its question exactly via
the log id in its 👍 button payload and the question log, not by arrival order.

Run from the repository root::

    .venv/bin/python benchmarks/telegram_burst.py                 # 200 questions, 20 users
    .venv/bin/python benchmarks/telegram_burst.py --no-rate-limit # the bot without PTB's limiter

The store in ``--data-dir`` (default ``data/``) is reused, or built on first run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "channels"))

from botapi_stub import ApiCall, BotApiStub, polling  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.channels.telegram import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.dialogue.assistant import Assistant  # noqa: E402
from bot.evaluation.bench import format_table  # noqa: E402
from bot.knowledge import KnowledgeBase  # noqa: E402
from bot.storage.database import Storage  # noqa: E402

FIRST_USER_ID = 50_000
WARMUP_USER_ID = 49_999


def _load_questions(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


def _log_id(call: ApiCall) -> int | None:
    """The question-log id carried by an answer's 👍 button, or None for other messages."""
    markup = call.params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith("fb:up:"):
                return int(data.rsplit(":", 1)[1])
    return None


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation: with 200 samples p99 is the 2nd largest)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def run(args: argparse.Namespace) -> int:
    """Start everything, fire the burst, wait for every answer, print the figures."""
    questions = _load_questions(args.questions_file)
    per_user = -(-args.questions // args.users)  # ceil
    if per_user > len(questions):
        raise SystemExit(f"{per_user} questions per user need at least that many distinct questions in {args.questions_file}")
    stub = BotApiStub().start()
    base = Settings(knowledge_dir=args.knowledge_dir, data_dir=args.data_dir)
    # Each simulated user sends all its questions at once; the per-user flood limit
    # (8 at once) would drop the rest, which measures the limiter instead of the bot.
    settings = base.model_copy(
        update={
            "telegram_token": SecretStr(stub.token),
            "telegram_base_url": stub.base_url,
            "rate_limit_burst": args.questions,
        }
    )
    knowledge = KnowledgeBase(settings)
    knowledge.ensure_loaded(show_progress=sys.stderr.isatty())
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as scratch:
        storage = await Storage.open(Path(scratch) / "bench.sqlite3")
        try:
            assistant = Assistant(knowledge, storage, settings)
            application = build_application(settings, assistant, rate_limit=not args.no_rate_limit)
            async with polling(application):
                stub.send_text(WARMUP_USER_ID, questions[0])  # first answer loads lazy parts
                await stub.wait_for_calls("sendMessage", 1, chat_id=WARMUP_USER_ID, timeout=120)

                sent: dict[tuple[int, str], float] = {}
                for n in range(args.questions):
                    user, turn = n % args.users, n // args.users
                    question = questions[(user * per_user + turn) % len(questions)]
                    update_id = stub.send_text(FIRST_USER_ID + user, question)
                    sent[(FIRST_USER_ID + user, question)] = stub.updates_enqueued_at[update_id]
                started = min(sent.values())

                def answers() -> list[ApiCall]:
                    return [c for c in stub.calls_of("sendMessage") if c.chat_id != WARMUP_USER_ID and _log_id(c)]

                await stub.wait_for(lambda: len(answers()) >= args.questions, timeout=args.timeout, what="all answers")
                received = answers()
            latencies: list[float] = []
            for call in received:
                logged = await storage.logged_question(log_id=_log_id(call) or 0)
                assert logged is not None and call.chat_id is not None
                latencies.append((call.at - sent[(call.chat_id, logged.question)]) * 1000)
        finally:
            await storage.close()
            stub.stop()
    errors = sum(1 for c in stub.calls_of("sendMessage") if not _log_id(c) and c.chat_id != WARMUP_USER_ID)
    wall = max(c.at for c in received) - started
    rows = [
        ("questions / users", f"{len(latencies)} / {args.users}"),
        ("rate limiter", "off" if args.no_rate_limit else "AIORateLimiter (30 msg/s)"),
        ("latency p50", f"{_percentile(latencies, 0.50):.0f} ms"),
        ("latency p95", f"{_percentile(latencies, 0.95):.0f} ms"),
        ("latency p99", f"{_percentile(latencies, 0.99):.0f} ms"),
        ("latency max", f"{max(latencies):.0f} ms"),
        ("latency mean", f"{statistics.fmean(latencies):.0f} ms"),
        ("throughput", f"{len(latencies) / wall:.1f} questions/s ({wall:.1f} s wall)"),
        ("non-answer messages", f"{errors}"),
    ]
    print(format_table(rows))
    return 0 if errors == 0 else 1


def main() -> int:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=200, help="questions in the burst")
    parser.add_argument("--users", type=int, default=20, help="simulated users sharing them")
    parser.add_argument("--questions-file", type=Path, default=REPO / "tests" / "data" / "qa_dev.jsonl")
    parser.add_argument("--knowledge-dir", type=Path, default=REPO / "knowledge")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data", help="store reused or built here")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for all answers")
    parser.add_argument("--no-rate-limit", action="store_true", help="measure without PTB's AIORateLimiter")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
