"""Scoring rules: pure functions, so the pass threshold and the weakest-topic order are testable alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Floating-point slack: 8/10 against 80% must pass although 0.8 * 10 is 8.000000000000002.
_EPSILON = 1e-9


def score_percent(correct: int, total: int) -> float:
    """Share of correct answers in percent (0 for an empty attempt)."""
    return 100.0 * correct / total if total else 0.0


def is_passed(correct: int, total: int, pass_percent: float) -> bool:
    """Whether ``correct`` of ``total`` reaches ``pass_percent`` (inclusive: 8/10 passes at 80%).

    Raises:
        ValueError: A negative count, more correct than total, or a threshold outside 0-100.
    """
    if total <= 0 or not 0 <= correct <= total:
        raise ValueError(f"score {correct}/{total} is impossible")
    if not 0 <= pass_percent <= 100:
        raise ValueError(f"pass threshold {pass_percent} must be within 0-100")
    return correct * 100 >= pass_percent * total - _EPSILON


@dataclass(frozen=True)
class TopicResult:
    """How one topic went: answers right out of answers given."""

    topic: str
    correct: int
    total: int

    @property
    def share(self) -> float:
        """Correct share, 0-1."""
        return self.correct / self.total if self.total else 0.0


def topic_results(pairs: Iterable[tuple[str, bool]]) -> list[TopicResult]:
    """Per-topic results from (topic, answered correctly) pairs, weakest first.

    Ties go to the topic with more answers (more evidence of a gap), then by name so the
    order is stable.
    """
    counts: dict[str, list[int]] = {}
    for topic, correct in pairs:
        entry = counts.setdefault(topic, [0, 0])
        entry[0] += int(correct)
        entry[1] += 1
    results = [TopicResult(topic, c, t) for topic, (c, t) in counts.items()]
    return sorted(results, key=lambda r: (r.share, -r.total, r.topic))


def weakest_topics(results: Sequence[TopicResult], limit: int) -> list[TopicResult]:
    """Topics with at least one wrong answer, weakest first, at most ``limit``."""
    return [r for r in results if r.correct < r.total][:limit]
