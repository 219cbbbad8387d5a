"""Extractive selection: the sentences or bullets of the top chunks that best match the question.

Only text copied from the chunks is ever returned (whole lines or whole sentences), so an
answer cannot say anything the sources do not.

A unit's score mixes three pieces of evidence, times its chunk's retrieval-rank weight:

- the IDF mass of the question's words that the unit itself contains (plus shared bigrams);
- the same for its *context*, at a discount: the chunk's heading ("1. Đối tượng tuyên
  truyền" is what makes its bullets answer "đối tượng là ai") and, for a list item, the
  lead-in line that opens the list ("Cán bộ làm thủ tục bị cấm:");
- when the store has unit embeddings, the cosine of the unit to the question, rescaled
  over the candidates: paraphrases ("bị cấm" / "không được làm") share no word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indexer.lexical import search_syllables
from indexer.structure import text_units

# Weight of a shared bigram relative to one IDF unit: word order matters in compounds.
_BIGRAM_BONUS = 0.5
# Share of a context match (heading, list lead-in) counted for the unit: context makes a
# unit relevant, but a unit that says the words itself is the better quote.
CONTEXT_SHARE = 0.5
# Weight of the rescaled unit cosine (0..1) against the lexical share (0..1 of the
# question's IDF mass). Tuned on tests/data/qa_dev.jsonl; lexical evidence stays first.
DENSE_SHARE = 0.5
# Source lines of the legal notes ("Nguồn: Nghị định 61/2018/NĐ-CP, Điều 3"): the answer
# cites its own sources, so they would only spend the budget.
_SOURCE_LINE = re.compile(r"^Nguồn\s*:", re.IGNORECASE)
# List items: bullets and lettered/numbered items.
_ITEM = re.compile(r"^(?:[-+–•*]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)")


@dataclass(frozen=True)
class Passage:
    """A candidate chunk for the answer.

    Attributes:
        text: The chunk text.
        weight: Retrieval-rank weight of its units.
        heading: The chunk's heading path, scored as context of every unit.
        lead: The lead-in line of a list that the chunk continues (a split section).
        dense: Cosine of each unit (``units(text)``) to the question, or None.
    """

    text: str
    weight: float = 1.0
    heading: str = ""
    lead: str = ""
    dense: Sequence[float] | None = None


def units(text: str) -> list[str]:
    """Lines (bullets, paragraphs) of a chunk, long ones split into sentences."""
    return text_units(text)


def is_item(unit: str) -> bool:
    """A list item ("- ...", "+ ...", "a) ...", "2. ...")."""
    return bool(_ITEM.match(unit))


def is_lead_in(unit: str) -> bool:
    """A line that opens a list ("gồm các nội dung sau:")."""
    return unit.rstrip().endswith(":") and not _SOURCE_LINE.match(unit)


def trailing_lead(text: str, inherited: str = "") -> str:
    """The lead-in still open at the end of a chunk (for the next chunk of its section).

    A chunk that is all list items passes on the lead-in it inherited.
    """
    lead = inherited
    for unit in units(text):
        if is_lead_in(unit) and not is_item(unit):
            lead = unit
        elif not is_item(unit):
            lead = ""
    return lead


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def select(
    passages: Sequence[Passage],
    question_tokens: Sequence[str],
    idf: Callable[[str], float],
    budget: int,
) -> list[list[str]]:
    """Pick the best units across ``passages`` within ``budget`` characters.

    The best unit is always kept; others are added best first while they fit and still
    match something.

    Returns:
        For each passage, its chosen units in document order (possibly empty).
    """
    q_seq = search_syllables(" ".join(question_tokens))
    q_set, q_bigrams = set(q_seq), _bigrams(q_seq)
    total = sum(idf(t) for t in q_set) + _BIGRAM_BONUS * len(q_bigrams)

    def match(tokens: Sequence[str], exclude: set[str] | None = None) -> float:
        found = q_set.intersection(tokens) - (exclude or set())
        pairs = q_bigrams & _bigrams(tokens)
        return sum(idf(t) for t in found) + _BIGRAM_BONUS * len(pairs)

    raw: list[tuple[float, float | None, int, int, str]] = []
    for p, passage in enumerate(passages):
        heading = search_syllables(passage.heading)
        lead = passage.lead
        texts = units(passage.text)
        for u, unit in enumerate(texts):
            opens = is_lead_in(unit) and not is_item(unit)
            if not is_item(unit) and not opens:
                lead = ""
            if _SOURCE_LINE.match(unit):
                continue
            tokens = search_syllables(unit)
            own = match(tokens)
            context = search_syllables(f"{passage.heading} {lead}") if lead else heading
            lexical = own + CONTEXT_SHARE * match(context, exclude=set(tokens))
            dense = passage.dense[u] if passage.dense is not None and u < len(passage.dense) else None
            raw.append((lexical / total if total else 0.0, dense, p, u, unit))
            if opens:
                lead = unit
    if not raw:
        return [[] for _ in passages]
    sims = [d for _, d, *_ in raw if d is not None]
    low, high = (min(sims), max(sims)) if sims else (0.0, 0.0)
    candidates: list[tuple[float, int, int, str]] = []
    for lexical, dense, p, u, unit in raw:
        semantic = (dense - low) / (high - low) if dense is not None and high > low else 0.0
        value = (lexical + DENSE_SHARE * semantic) if lexical > 0 or semantic > 0 else 0.0
        candidates.append((value * passages[p].weight, p, u, unit))
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
