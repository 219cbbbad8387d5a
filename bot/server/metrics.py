"""Prometheus metrics, hand-written: a few counters and one histogram need no dependency.

Counting happens in :class:`InstrumentedAssistant`, a wrapper with the core's ``handle``
that every channel of the server (web, Zalo, Telegram webhook) is given instead of the
bare ``Assistant``: one place sees every event, and the core stays free of metrics.

An event counts as a *question* when one of its replies carries an answer (``Reply.answer``,
found or not), and as *answered* when that answer was found.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from bot.dialogue.models import Incoming, Reply

# Latency buckets (seconds): answers take tens of milliseconds; a reload or a cold start
# can take seconds. The 0.25 s bucket is the p95 goal of the load benchmark.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Histogram:
    """A Prometheus histogram with one label (cumulative buckets, sum and count)."""

    def __init__(self, buckets: Iterable[float]) -> None:
        self.bounds = tuple(sorted(buckets))
        self._counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(self.bounds) + 1))
        self._sums: dict[str, float] = defaultdict(float)

    def observe(self, label: str, value: float) -> None:
        """Add one observation (``value`` in seconds) under ``label``."""
        self._counts[label][bisect.bisect_left(self.bounds, value)] += 1
        self._sums[label] += value

    def lines(self, name: str, label_name: str) -> list[str]:
        """The exposition lines for every label seen."""
        out: list[str] = []
        for label in sorted(self._counts):
            cumulative = 0
            for bound, count in zip((*self.bounds, math.inf), self._counts[label]):
                cumulative += count
                le = "+Inf" if bound == math.inf else repr(bound)
                out.append(f'{name}_bucket{{{label_name}="{label}",le="{le}"}} {cumulative}')
            out.append(f'{name}_sum{{{label_name}="{label}"}} {self._sums[label]:.6f}')
            out.append(f'{name}_count{{{label_name}="{label}"}} {cumulative}')
        return out


class Metrics:
    """The server's counters; thread-safe because reloads finish in a worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: dict[str, int] = defaultdict(int)
        self.questions: dict[str, int] = defaultdict(int)
        self.answered: dict[str, int] = defaultdict(int)
        self.rate_limited: dict[str, int] = defaultdict(int)
        self.reloads: dict[str, int] = defaultdict(int)
        self.latency = Histogram(LATENCY_BUCKETS)

    def record_event(self, incoming: Incoming, replies: list[Reply], seconds: float) -> None:
        """Count one handled event and its latency."""
        question = next((r.answer for r in replies if r.answer is not None), None)
        with self._lock:
            self.events[incoming.channel] += 1
            self.latency.observe(incoming.channel, seconds)
            if question is not None:
                self.questions[incoming.channel] += 1
                if question.found:
                    self.answered[incoming.channel] += 1

    def record_rate_limited(self, channel: str) -> None:
        """Count one event refused by the rate limiter."""
        with self._lock:
            self.rate_limited[channel] += 1

    def record_reload(self, ok: bool) -> None:
        """Count one knowledge reload by outcome."""
        with self._lock:
            self.reloads["ok" if ok else "failed"] += 1

    def render(
        self, *, store_loaded: bool, quiz_attempts: int | None = None, llm: dict[tuple[str, str], int] | None = None
    ) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        with self._lock:
            lines = [
                *_counter("cchc_events_total", "Events handled by the assistant.", "channel", self.events),
                *_counter("cchc_questions_total", "Questions answered or declined.", "channel", self.questions),
                *_counter("cchc_answered_total", "Questions answered with a cited source.", "channel", self.answered),
                *_counter("cchc_rate_limited_total", "Events refused by the per-user rate limiter.", "channel",
                          self.rate_limited),
                *_counter("cchc_reloads_total", "Knowledge reloads by result.", "result", self.reloads),
                "# HELP cchc_event_seconds Time to handle one event.",
                "# TYPE cchc_event_seconds histogram",
                *self.latency.lines("cchc_event_seconds", "channel"),
                "# HELP cchc_store_loaded Whether a knowledge store is live (1) or not (0).",
                "# TYPE cchc_store_loaded gauge",
                f"cchc_store_loaded {int(store_loaded)}",
            ]
        if quiz_attempts is not None:
            lines += ["# HELP cchc_quiz_attempts_total Quiz attempts finished (from the database).",
                      "# TYPE cchc_quiz_attempts_total counter", f"cchc_quiz_attempts_total {quiz_attempts}"]
        if llm is not None:  # a model is configured (bot/llm/): drafts by kind and outcome
            lines += ["# HELP cchc_llm_total Model calls by kind (answer, rewrite) and outcome (accepted or why not).",
                      "# TYPE cchc_llm_total counter"]
            lines += [f'cchc_llm_total{{kind="{kind}",outcome="{outcome}"}} {count}'
                      for (kind, outcome), count in sorted(llm.items())]
        return "\n".join(lines) + "\n"


def _counter(name: str, help_text: str, label: str, values: dict[str, int]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} counter"]
    lines += [f'{name}{{{label}="{key}"}} {value}' for key, value in sorted(values.items())]
    return lines


class _Handles(Protocol):
    async def handle(self, incoming: Incoming) -> list[Reply]: ...


class InstrumentedAssistant:
    """The core's ``handle``, timed and counted."""

    def __init__(self, assistant: _Handles, metrics: Metrics) -> None:
        self.assistant = assistant
        self.metrics = metrics

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Delegate to the core and record the outcome."""
        started = time.perf_counter()
        replies = await self.assistant.handle(incoming)
        self.metrics.record_event(incoming, replies, time.perf_counter() - started)
        return replies
