"""Speed and memory of the assistant in one process: answer latency, throughput, build rate."""

from __future__ import annotations

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
    # The bare query embedding (the model call alone) on the same questions: first-asking
    # latency divided by it is the answer's own overhead, comparable across machines.
    embed_p50_ms: float
    embed_p95_ms: float
    # Answer length (body: direct answer and supporting lines, no citation) over the found
    # answers, and the share of found answers whose expected fact is in the first 200 characters.
    body_p50_chars: float
    body_p90_chars: float
    fact_first_200: float


def format_table(rows: Sequence[tuple[str, str]]) -> str:
    """Name/value rows as two aligned columns (the benchmark reports' layout)."""
    width = max((len(name) for name, _ in rows), default=0)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_bench(settings: Settings, items: list[dict], rounds: int = 3) -> BenchResult:
    """Build the knowledge base cold (empty cache) and warm, then time every question ``rounds`` times.

    Args:
        settings: Knowledge and data directories.
        items: QA-file lines: ``question``, and ``expected`` spans for the length figures.
        rounds: Times each question is asked (the first round embeds every query).
    """
    questions = [item["question"] for item in items]
    kb = KnowledgeBase(settings)
    with tempfile.TemporaryDirectory() as tmp:
        cold = build_knowledge(settings.knowledge_dir, Path(tmp), kb.embedder, show_progress=False)
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
    embed = []
    for question in questions:
        t0 = time.perf_counter()
        kb.embedder.inner.embed_query(question)
        embed.append((time.perf_counter() - t0) * 1000)
    bodies, early = [], 0
    for item in items:
        answer = kb.answer(item["question"])
        if answer.found:
            bodies.append(len(answer.body))
            early += contains_fact(answer.body[:200], item.get("expected", []))
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
        cold_build_s=cold.seconds,
        cold_chunks_per_s=cold.chunks_per_second,
        warm_build_s=warm.seconds,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        embed_p50_ms=statistics.median(embed),
        embed_p95_ms=_percentile(embed, 95),
        body_p50_chars=statistics.median(bodies) if bodies else 0.0,
        body_p90_chars=_percentile([float(b) for b in bodies], 90) if bodies else 0.0,
        fact_first_200=early / len(bodies) if bodies else 0.0,
    )
