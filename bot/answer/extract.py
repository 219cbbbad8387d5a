"""Extractive selection: the sentences or bullets of a chunk that best match the question.

Only text copied from the chunk is ever returned (whole lines or whole sentences), so an
answer cannot say anything the source does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.textnorm import folded_syllables

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ỹ\d\"“(-])")
# A line longer than this is split into sentences so one long paragraph cannot eat the budget.
_LONG_LINE = 280


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


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def select(
    text: str,
    question_tokens: list[str],
    idf: Callable[[str], float],
    budget: int,
) -> list[str]:
    """Pick the best units of ``text`` for the question, in document order, within ``budget`` chars.

    Each unit scores the IDF mass of the question tokens it contains plus a bonus for
    shared bigrams (word order matters in Vietnamese compounds). The best unit is always
    kept; others are added best first while they fit and still match something.
    """
    parts = units(text)
    if not parts:
        return []
    q_set = set(question_tokens)
    q_bigrams = _bigrams(question_tokens)

    def score(unit: str) -> float:
        tokens = folded_syllables(unit)
        present = q_set.intersection(tokens)
        return sum(idf(t) for t in present) + 0.5 * len(q_bigrams & _bigrams(tokens))

    scored = sorted(((score(u), i) for i, u in enumerate(parts)), key=lambda x: (-x[0], x[1]))
    chosen: list[int] = []
    used = 0
    for value, i in scored:
        size = len(parts[i]) + 1
        if chosen and (value <= 0 or used + size > budget):
            continue
        chosen.append(i)
        used += size
    first = parts[chosen[0]]
    if len(first) > budget:
        return [_clip(first, budget)]
    return [parts[i] for i in sorted(chosen)]


def _clip(unit: str, budget: int) -> str:
    """Cut a single over-long unit at the last word boundary within the budget."""
    cut = unit[: budget - 1].rsplit(" ", 1)[0]
    return cut + "…"
