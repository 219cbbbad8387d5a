"""Drawing an attempt's questions: spread across topics, no repeats, fresh questions first."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Sequence

from bot.quiz.models import QuizQuestion, ShownQuestion


def draw_questions(
    pool: Sequence[QuizQuestion], count: int, rng: random.Random, seen: Collection[str] = ()
) -> list[QuizQuestion]:
    """Pick up to ``count`` distinct questions, taking topics in turn (round-robin).

    Within a topic, questions the user has not answered before come first, so repeated
    attempts cover the bank instead of recycling the same ten questions. Topic order is
    shuffled per attempt so no topic is always first.

    Args:
        pool: Candidate questions (ids are unique; duplicates by id are ignored).
        count: How many to draw; fewer are returned when the pool is smaller.
        rng: Randomness (seeded in tests).
        seen: Ids this user answered in earlier attempts.

    Returns:
        Questions in showing order.
    """
    by_topic: dict[str, list[QuizQuestion]] = defaultdict(list)
    unique: dict[str, QuizQuestion] = {}
    for question in pool:
        unique.setdefault(question.id, question)
    for question in unique.values():
        by_topic[question.topic].append(question)
    for questions in by_topic.values():
        rng.shuffle(questions)
        questions.sort(key=lambda q: q.id in seen)  # stable: fresh first, shuffled within
    topics = sorted(by_topic)
    rng.shuffle(topics)
    drawn: list[QuizQuestion] = []
    while len(drawn) < count and any(by_topic[t] for t in topics):
        for topic in topics:
            if by_topic[topic] and len(drawn) < count:
                drawn.append(by_topic[topic].pop(0))
    return drawn


def shuffle_options(question: QuizQuestion, rng: random.Random) -> ShownQuestion:
    """The question with its options in a random order, as an attempt shows and stores it."""
    options = list(question.options)
    rng.shuffle(options)
    return ShownQuestion(
        id=question.id,
        topic=question.topic,
        question=question.question,
        options=tuple(options),
        correct=options.index(question.answer),
        explanation=question.explanation,
        source=question.source,
    )
