"""Extractive selection: the sentences or bullets of the top chunks that best match the question.

Only text copied from the chunks is ever returned (whole lines or whole sentences), so an
answer cannot say anything the sources do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indexer.lexical import search_syllables

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ỹ\d\"“(-])")
# A line longer than this is split into sentences so one long paragraph cannot eat the budget.
_LONG_LINE = 280
# Weight of a shared bigram relative to one IDF unit: word order matters in compounds.
_BIGRAM_BONUS = 0.5


@dataclass(frozen=True)
class Passage:
    """A candidate chunk for the answer, with the retrieval-rank weight of its units."""

    text: str
    weight: float = 1.0


def units(text: str) -> list[str]:
    """Lines (bullets, paragraphs) of a chunk, long ones split into sentences."""
    out: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if len(line) <= _LONG_LINE:
            out.append(line)
        else:
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def select(
    passages: Sequence[Passage],
    question_tokens: Sequence[str],
    idf: Callable[[str], float],
    budget: int,
) -> list[list[str]]:
    """Pick the best units across ``passages`` within ``budget`` characters.

    Each unit scores the IDF mass of the (folded) question tokens it contains plus a bonus
    per shared bigram, times its passage's weight. The best unit is always kept; others
    are added best first while they fit and still match something.

    Returns:
        For each passage, its chosen units in document order (possibly empty).
    """
    q_tokens = list(dict.fromkeys(search_syllables(" ".join(question_tokens))))
    q_set, q_bigrams = set(q_tokens), _bigrams(search_syllables(" ".join(question_tokens)))
    candidates: list[tuple[float, int, int, str]] = []
    for p, passage in enumerate(passages):
        for u, unit in enumerate(units(passage.text)):
            tokens = search_syllables(unit)
            value = sum(idf(t) for t in q_set.intersection(tokens)) + _BIGRAM_BONUS * len(q_bigrams & _bigrams(tokens))
            candidates.append((value * passage.weight, p, u, unit))
    if not candidates:
        return [[] for _ in passages]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: list[tuple[int, int, str]] = []
    used = 0
    for value, p, u, unit in candidates:
        size = len(unit) + 1
        if chosen and (value <= 0 or used + size > budget):
            continue
        chosen.append((p, u, unit if size <= budget else _clip(unit, budget)))
        used += size
    out: list[list[str]] = [[] for _ in passages]
    for p, _, unit in sorted(chosen):
        out[p].append(unit)
    return out


def _clip(unit: str, budget: int) -> str:
    """Cut a single over-long unit at the last word boundary within the budget."""
    return unit[: budget - 1].rsplit(" ", 1)[0] + "…"
