"""Counts of model outcomes, read by ``/metrics`` as ``cchc_llm_total{kind, outcome}``."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Literal

Kind = Literal["answer", "rewrite"]


class Outcomes:
    """Thread-safe counts by (kind, outcome): answers are composed in worker threads too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()

    def record(self, kind: Kind, outcome: str) -> None:
        """Count one outcome ("accepted", "timeout", "unverified_fact", …)."""
        with self._lock:
            self._counts[(kind, outcome)] += 1

    def snapshot(self) -> dict[tuple[str, str], int]:
        """A copy of the counts."""
        with self._lock:
            return dict(self._counts)
