"""Speed and memory of the assistant in one process: answer latency, throughput, build rate."""

from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.evaluation.qa_eval import contains_fact
from bot.knowledge import KnowledgeBase
from bot.procedures.catalogue import Catalogue
from bot.procedures.resolve import Resolver
from indexer.build import build_knowledge


@dataclass
class BenchResult:
    """Figures printed by ``cchc bench``."""

    questions: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    # The first round embeds every query; later rounds find the vector in the query cache,
    # as a repeated question (menu button, FAQ) does in service.
    first_p50_ms: float
    first_p95_ms: float
    repeat_p50_ms: float | None  # None with one round: nothing was asked again
    repeat_p95_ms: float | None
    qps: float
    build_chunks: int
    cold_build_s: float
    cold_chunks_per_s: float
    warm_build_s: float
    peak_rss_mb: float
    # --- national catalogue (issue 11) ---
    cold_build_cpu_s: float = 0.0  # CPU seconds of the cold build (wall time varies with load)
    catalogue_entries: int = 0
    catalogue_s: float = 0.0  # reading the catalogue files and indexing the names, uncached
    embed_p50_ms: float = 0.0  # the bare query embedding (the model alone), first asking
    embed_p95_ms: float = 0.0
    procedure_questions: int = 0
    # Answer length (body: direct answer and supporting lines, no citation) over the found
    # answers to the QA questions, and the share of them whose expected fact is in the first
    # 200 characters (issue 10).
    body_p50_chars: float = 0.0
    body_p90_chars: float = 0.0
    fact_first_200: float = 0.0


def format_table(rows: Sequence[tuple[str, str]]) -> str:
    """Name/value rows as two aligned columns (the benchmark reports' layout)."""
    width = max((len(name) for name, _ in rows), default=0)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_bench(settings: Settings, items: list[dict], rounds: int = 3) -> BenchResult:
    """Build the knowledge base cold (empty cache) and warm, then time every question ``rounds`` times.

    The cold build includes reading and indexing the procedure catalogue (uncached); the
    bare query embedding of every question is timed on the model alone, so the answer
    latency can be read as a multiple of it.

    Args:
        settings: Knowledge and data directories.
        items: Lines of question files: ``question``, and ``expected`` spans (QA files) for
            the answer-length figures.
        rounds: Times each question is asked (the first round embeds every query).
    """
    questions = [item["question"] for item in items]
    kb = KnowledgeBase(settings)
    cpu0 = _cpu_s()
    with tempfile.TemporaryDirectory() as tmp:
        cold = build_knowledge(settings.knowledge_dir, Path(tmp), kb.embedder, show_progress=False)
    t0 = time.perf_counter()
    catalogue = Catalogue.load(settings.knowledge_dir)
    Resolver(catalogue)
    catalogue_s = time.perf_counter() - t0
    cold_cpu = _cpu_s() - cpu0
    embed_ms = []
    for question in questions:
        t1 = time.perf_counter()
        kb.embedder.inner.embed_query(question)
        embed_ms.append((time.perf_counter() - t1) * 1000)
    kb.ensure_loaded(show_progress=False)
    warm = kb.rebuild()
    kb.answer("khởi động")  # first call pays one-off costs (numpy, FAISS threads)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter()
            kb.answer(question)
            latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    first, repeat = latencies[: len(questions)], latencies[len(questions) :]
    bodies, early = [], 0
    for item in items:
        if not item.get("expected"):
            continue
        answer = kb.answer(item["question"])
        if answer.found:
            bodies.append(float(len(answer.body)))
            early += contains_fact(answer.body[:200], item["expected"])
    return BenchResult(
        questions=len(latencies),
        p50_ms=statistics.median(latencies),
        p95_ms=_percentile(latencies, 95),
        p99_ms=_percentile(latencies, 99),
        first_p50_ms=statistics.median(first),
        first_p95_ms=_percentile(first, 95),
        repeat_p50_ms=statistics.median(repeat) if repeat else None,
        repeat_p95_ms=_percentile(repeat, 95) if repeat else None,
        qps=len(latencies) / elapsed,
        build_chunks=cold.chunks,
        cold_build_s=cold.seconds + catalogue_s,
        cold_build_cpu_s=cold_cpu,
        catalogue_entries=len(catalogue),
        catalogue_s=catalogue_s,
        embed_p50_ms=statistics.median(embed_ms),
        embed_p95_ms=_percentile(embed_ms, 95),
        cold_chunks_per_s=cold.chunks_per_second,
        warm_build_s=warm.seconds,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        body_p50_chars=statistics.median(bodies) if bodies else 0.0,
        body_p90_chars=_percentile(bodies, 90) if bodies else 0.0,
        fact_first_200=early / len(bodies) if bodies else 0.0,
    )


def scale_rows(chunks: int, knowledge_dir: Path) -> list[tuple[str, str]]:
    """The synthetic scale run, in its own process so its memory stays out of the peak above."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "bot.evaluation.scale_bench", "--chunks", str(chunks), "--knowledge", str(knowledge_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own module
    if done.returncode != 0:
        return [("scale run", f"failed: {done.stderr.strip().splitlines()[-1:]}")]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        (f"scale run ({figures['chunks']:,} synthetic chunks)", f"build {figures['build_s']} s, load {figures['load_s']} s"),
        ("  search p50 / p95", f"{figures['search_p50_ms']} / {figures['search_p95_ms']} ms (no query embedding)"),
        ("  memory", f"store {figures['store_rss_mb']:.0f} MB resident, process peak {figures['peak_rss_mb']:.0f} MB"),
    ]
