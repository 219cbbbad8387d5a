"""The QA questions through a real language model: latency and the verifier's pass rate.

Why: the tests prove the composer against a scripted stand-in; they say nothing about how
often a real model's drafts survive the verifier, how long they take on this hardware, or
whether written answers still hold the expected fact. This script measures that on
``tests/data/qa_dev.jsonl``: for every in-scope question it builds the extractive answer,
sends its passages to the model once (blocking client, as ``cchc ask`` does), and records
the outcome (accepted, or why not) and the time of the model call.

Two ways to point it at a model:

* ``--gguf PATH`` starts llama-cpp-python's OpenAI-compatible server on a free loopback
  port with that model (``--server-python`` is the interpreter that has
  ``llama-cpp-python[server]`` installed; see docs/llm.md for building it), and stops it
  at the end;
* otherwise it uses ``CCHC_LLM_URL``/``CCHC_LLM_MODEL`` (or ``--url``/``--model``): vLLM,
  Ollama, llama.cpp's server, a provider.

Figures printed:

* drafts returned: model calls that gave text (not timeout/5xx/malformed/empty);
* verifier pass rate: accepted drafts / drafts returned, and by refusal reason;
* cut-off drafts, verified anyway: what the verifier says of the text of drafts cut off at
  ``max_tokens`` (never shown; a diagnosis of what the model writes);
* written answers shown: accepted / questions sent (what users would see);
* expected fact kept: of the accepted answers, how many still contain the QA file's
  expected fact, beside the extractive rate on the same questions;
* model call latency p50/p95/max (seconds).

Run from the repository root::

    .venv/bin/python benchmarks/llm_answers.py --limit 20
    .venv/bin/python benchmarks/llm_answers.py --gguf /path/model.gguf --server-python /path/venv/bin/python
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings  # noqa: E402
from bot.evaluation.bench import format_table  # noqa: E402
from bot.evaluation.qa_eval import contains_fact, load_qa  # noqa: E402
from bot.knowledge import KnowledgeBase  # noqa: E402
from bot.llm.client import ChatClient  # noqa: E402
from bot.llm.compose import GroundedAnswerer  # noqa: E402
from bot.llm.config import LlmConfig  # noqa: E402
from bot.llm.passages import passages_of  # noqa: E402
from bot.llm.verify import verify  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CALL_FAILURES = {"timeout", "unreachable", "server_error", "rejected", "malformed", "empty"}
# llama.cpp loads a small GGUF in seconds; a cold page cache on a busy machine takes longer.
SERVER_START_S = 120.0


def main() -> None:
    """Parse arguments, start the model server if asked, run the questions, print the table."""
    args = _parser().parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the model server is stopped too
    items = [item for item in load_qa(args.qa) if item.get("in_scope", True)][: args.limit or None]
    with _model_server(args) as (url, model):
        settings = Settings().model_copy(update={"llm_url": url, "llm_model": model, "llm_timeout": args.timeout})
        kb = KnowledgeBase(settings.model_copy(update={"llm_url": None}))  # extractive: the composer is driven here
        kb.ensure_loaded(show_progress=False)
        grounded = GroundedAnswerer(ChatClient(LlmConfig.from_settings(settings)), max_chars=settings.answer_max_chars)
        rows = _run(kb, grounded, items, verbose=args.verbose)
    print(format_table(rows))


def _run(kb: KnowledgeBase, grounded: GroundedAnswerer, items: list[dict], *, verbose: bool) -> list[tuple[str, str]]:
    outcomes: Counter[str] = Counter()
    cut_off: Counter[str] = Counter()  # what the verifier says of drafts cut off at max_tokens
    seconds: list[float] = []
    kept = extractive_kept = accepted_total = 0
    documents = kb.answerer.retriever.store.documents
    for item in items:
        extractive = kb.answerer.answer(item["question"])
        composition = grounded.compose(extractive, documents)
        outcomes[composition.outcome] += 1
        if composition.outcome != "skipped":
            seconds.append(composition.seconds)
        if composition.outcome == "too_long" and composition.draft:
            cut_off[verify(composition.draft, passages_of(extractive, documents)).outcome] += 1
        if composition.written:
            accepted_total += 1
            kept += contains_fact(composition.answer.answer, item.get("expected", []))
            extractive_kept += contains_fact(extractive.answer, item.get("expected", []))
        if verbose:
            print(f"{item['id']} {composition.outcome:<20} {composition.seconds:6.2f} s  {composition.detail}", flush=True)
            if composition.draft:
                print("    draft: " + " ".join(composition.draft.split())[:300], flush=True)
    sent = sum(count for outcome, count in outcomes.items() if outcome != "skipped")
    returned = sent - sum(outcomes[o] for o in CALL_FAILURES)
    refusals = {o: c for o, c in outcomes.items() if o not in CALL_FAILURES | {"accepted", "skipped"}}
    rows = [
        ("questions (in scope)", str(len(items))),
        ("sent to the model", f"{sent} (not found or no passages: {outcomes['skipped']})"),
        ("drafts returned", f"{returned} (call failures: {_counts({o: outcomes[o] for o in CALL_FAILURES})})"),
        ("verifier pass rate", f"{_share(outcomes['accepted'], returned)} of drafts returned"),
        ("  refused because", _counts(refusals)),
        ("  cut-off drafts, verified anyway", _counts(cut_off) + " (diagnosis: they are never shown)"),
        ("written answers shown", f"{_share(outcomes['accepted'], sent)} of questions sent"),
        ("expected fact kept", f"{_share(kept, accepted_total)} of accepted (extractive on the same: "
                               f"{_share(extractive_kept, accepted_total)})"),
    ]
    if seconds:
        ordered = sorted(seconds)
        rows.append(("model call p50 / p95 / max", f"{_pct(ordered, 50):.2f} / {_pct(ordered, 95):.2f} / {ordered[-1]:.2f} s"))
    return rows


def _pct(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else f"{part}/0"


def _counts(counts: dict[str, int]) -> str:
    shown = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()) if count)
    return shown or "none"


@contextlib.contextmanager
def _model_server(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """The model's base URL and name: a llama-cpp-python server we start, or the configured one."""
    if args.gguf is None:
        settings = Settings()
        url, model = args.url or settings.llm_url, args.model or settings.llm_model
        if not url or not model:
            sys.exit("Set CCHC_LLM_URL and CCHC_LLM_MODEL, or pass --url/--model, or --gguf PATH.")
        yield url, model
        return
    port = _free_port()
    command = [args.server_python, "-m", "llama_cpp.server", "--model", str(args.gguf), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(args.n_ctx), "--n_threads", str(args.threads),
               "--model_alias", args.gguf.stem]
    if args.chat_format:
        command += ["--chat_format", args.chat_format]
    log = open(args.server_log, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/v1/models", server)
        print(f"llama-cpp-python server up on port {port} ({args.gguf.name}, {args.threads} threads)", flush=True)
        yield f"http://127.0.0.1:{port}/v1", args.gguf.stem
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the model server exited with {server.returncode}; see its log")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    sys.exit(f"the model server did not answer {url} within {SERVER_START_S:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qa", type=Path, default=REPO / "tests" / "data" / "qa_dev.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="Only the first N in-scope questions (0: all).")
    parser.add_argument("--url", help="Model server base URL (default CCHC_LLM_URL).")
    parser.add_argument("--model", help="Model name (default CCHC_LLM_MODEL).")
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds per model call (CPU models are slow).")
    parser.add_argument("--gguf", type=Path, help="Start llama-cpp-python's server with this GGUF model.")
    parser.add_argument("--server-python", default=sys.executable, help="Interpreter with llama-cpp-python[server].")
    # llama.cpp's threads spin while they wait for each other: on a shared 2-core machine two
    # threads stalled a draft past 600 s where one thread wrote it in 77 s.
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads (1 on a shared 2-core machine).")
    parser.add_argument("--n-ctx", type=int, default=4096, help="Context length (five passages need ~3k tokens).")
    parser.add_argument("--chat-format", help="llama-cpp-python chat format when the GGUF has no template (gemma, chatml).")
    parser.add_argument("--server-log", type=Path, default=Path("llm-server.log"))
    parser.add_argument("--verbose", action="store_true", help="One line per question.")
    return parser


if __name__ == "__main__":
    main()
