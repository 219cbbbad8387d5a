"""Scoring rules: the pass threshold and the weakest-topic order."""

from __future__ import annotations

import pytest

from bot.quiz.scoring import is_passed, score_percent, topic_results, weakest_topics


@pytest.mark.parametrize(
    ("correct", "total", "threshold", "passed"),
    [
        (8, 10, 80, True),  # exactly at the threshold passes (0.8 * 10 is not exactly 8.0 in floats)
        (7, 10, 80, False),
        (4, 5, 80, True),
        (3, 4, 80, False),
        (10, 10, 100, True),
        (9, 10, 100, False),
        (0, 10, 0, True),
        (2, 3, 66.7, False),  # 66.67% < 66.7%
        (2, 3, 66.6, True),
    ],
)
def test_pass_threshold(correct: int, total: int, threshold: float, passed: bool) -> None:
    assert is_passed(correct, total, threshold) is passed


@pytest.mark.parametrize(("correct", "total", "threshold"), [(11, 10, 80), (-1, 10, 80), (0, 0, 80), (5, 10, 120)])
def test_impossible_scores_are_refused(correct: int, total: int, threshold: float) -> None:
    with pytest.raises(ValueError):
        is_passed(correct, total, threshold)


def test_score_percent() -> None:
    assert score_percent(7, 10) == pytest.approx(70.0)
    assert score_percent(0, 0) == 0.0


def test_weakest_topics_first_then_most_answered() -> None:
    pairs = [("culture", True), ("culture", False), ("indices", False), ("targets", False), ("targets", False),
             ("one_stop", True)]
    results = topic_results(pairs)
    assert [(r.topic, r.correct, r.total) for r in results] == [
        ("targets", 0, 2), ("indices", 0, 1), ("culture", 1, 2), ("one_stop", 1, 1),
    ]
    assert [r.topic for r in weakest_topics(results, 2)] == ["targets", "indices"]
    assert weakest_topics(topic_results([("culture", True)]), 3) == []
