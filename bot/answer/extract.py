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
from indexer.structure import text_unit_lines, text_units

# Weight of a shared bigram relative to one IDF unit: word order matters in compounds.
_BIGRAM_BONUS = 0.5
# Share of a heading match counted for each unit of the chunk: the heading ("1. Đối tượng
# tuyên truyền") is what makes its bullets answer "đối tượng là ai", but a unit that says
# the words itself is the better quote.
HEADING_SHARE = 0.8
# Share of a list lead-in's match counted for each of its items.
LEAD_SHARE = 0.8
# A list item quoted after its lead-in is shown whole when it scores at least this share
# of the best unit by itself; otherwise only its opening words (``ITEM_HEAD_CHARS``).
LIST_SHARE = 0.9
# An item that is quoted only because of its lead-in (it matches nothing by itself) is
# cut to its opening words: a list answer shows every item's head rather than the whole
# of the first one or two.
ITEM_HEAD_CHARS = 110
# A lead-in longer than this, quoted with its list, shows only its opening words and its
# closing clause ("- Tuyên truyền, phổ biến về tầm quan trọng… gồm các nội dung cơ bản
# sau:"): the question asks for the list, and a 370-character lead-in would leave room
# for two items of six.
LEAD_MAX_CHARS = 220
# The closing clause of a clipped lead-in (after its last comma or semicolon) is kept when
# it is at most this long; otherwise only the last words up to this length are.
LEAD_TAIL_CHARS = 60
# Weight of the rescaled unit cosine (0..1) against the lexical share (0..1 of the
# question's IDF mass). Tuned on tests/data/qa_dev.jsonl; lexical evidence stays first.
DENSE_SHARE = 0.5
# Source lines of the legal notes ("Nguồn: Nghị định 61/2018/NĐ-CP, Điều 3"): the answer
# cites its own sources, so they would only spend the budget.
_SOURCE_LINE = re.compile(r"^Nguồn\s*:", re.IGNORECASE)
# List items: bullets and lettered/numbered items; "+" items nest under "-" items.
_ITEM = re.compile(r"^(?:[-–•*]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)")
_SUB_ITEM = re.compile(r"^\+\s")


@dataclass(frozen=True)
class Passage:
    """A candidate chunk for the answer.

    Attributes:
        text: The chunk text.
        weight: Retrieval-rank weight of its units.
        heading: The chunk's heading path, scored as context of every unit.
        lead: The lead-in line of a list that the chunk continues (a split section).
        dense: Cosine of each unit (``text_units(text)``) to the question, or None.
        named: The question names the passage's own section ("mục tiêu là gì"): its
            bullets are the list asked for, so those quoted for less than ``LIST_SHARE`` of
            the best score show only their opening words, leaving room for the others.
        whole: Quote the passage whole or not at all: every unit takes the score of its
            best unit. For a document header (number, place/date, title lines): its lines
            only make sense together, and the date line shares no word with "khi nào".
    """

    text: str
    weight: float = 1.0
    heading: str = ""
    lead: str = ""
    dense: Sequence[float] | None = None
    whole: bool = False
    named: bool = False


def item_level(unit: str) -> int:
    """0 for running text, 1 for a list item ("- ", "a) ", "2. "), 2 for a sub-item ("+ ")."""
    if _SUB_ITEM.match(unit):
        return 2
    return 1 if _ITEM.match(unit) else 0


def is_item(unit: str) -> bool:
    """A list item ("- ...", "+ ...", "a) ...", "2. ...")."""
    return item_level(unit) > 0


def is_lead_in(unit: str) -> bool:
    """A line that opens a list ("gồm các nội dung sau:")."""
    return unit.rstrip().endswith(":") and not _SOURCE_LINE.match(unit)


def next_lead(lead: str, unit: str) -> str:
    """The lead-in open after ``unit``, given the one open before it.

    A lead-in opens a list of items deeper than itself ("- ... sau:" opens "+" items);
    running text, or an item as shallow as the lead-in, closes it.
    """
    if lead and item_level(unit) <= item_level(lead):
        lead = ""
    return unit if is_lead_in(unit) else lead


def trailing_lead(text: str, inherited: str = "") -> str:
    """The lead-in still open at the end of a chunk (for the next chunk of its section)."""
    lead = inherited
    for unit in text_units(text):
        lead = next_lead(lead, unit)
    return lead


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def select(
    passages: Sequence[Passage],
    question_tokens: Sequence[str],
    idf: Callable[[str], float],
    budget: int,
    pair_weight: Callable[[str, str], float] | None = None,
) -> list[list[str]]:
    """Pick the best units across ``passages`` within ``budget`` characters.

    The best unit is always kept; others are added best first while they fit and still
    match something.

    ``pair_weight`` scales a shared bigram (default 1): the answerer discounts bigrams of
    the document's title as it discounts its words, or a unit that restates the title
    ("kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024") outscores the one
    that answers through its bigrams alone.

    Returns:
        For each passage, its chosen units in document order (possibly empty).
    """
    q_seq = search_syllables(" ".join(question_tokens))
    q_set, q_bigrams = set(q_seq), _bigrams(q_seq)
    pair = pair_weight or (lambda a, b: 1.0)
    total = sum(idf(t) for t in q_set) + _BIGRAM_BONUS * sum(pair(a, b) for a, b in q_bigrams)

    def match(tokens: Sequence[str], exclude: set[str] | None = None) -> float:
        found = q_set.intersection(tokens) - (exclude or set())
        pairs = q_bigrams & _bigrams(tokens)
        return sum(idf(t) for t in found) + _BIGRAM_BONUS * sum(pair(a, b) for a, b in pairs)

    raw: list[tuple[float, float | None, int, int, str, str]] = []
    for p, passage in enumerate(passages):
        heading = search_syllables(passage.heading)
        lead = passage.lead
        for u, (unit, continues) in enumerate(text_unit_lines(passage.text)):
            # A later sentence of a list item stays in the item's list.
            lead = lead if lead and (continues or item_level(unit) > item_level(lead)) else ""
            if not _SOURCE_LINE.match(unit):
                tokens = search_syllables(unit)
                own = set(tokens)
                lexical = match(tokens) + HEADING_SHARE * match(heading, exclude=own)
                if lead:
                    lead_tokens = search_syllables(lead)
                    lexical += LEAD_SHARE * match(lead_tokens, exclude=own | set(heading))
                dense = passage.dense[u] if passage.dense is not None and u < len(passage.dense) else None
                raw.append((lexical / total if total else 0.0, dense, p, u, unit, lead))
            lead = unit if is_lead_in(unit) else lead
    if not raw:
        return [[] for _ in passages]
    sims = [d for _, d, *_ in raw if d is not None]
    low, high = (min(sims), max(sims)) if sims else (0.0, 0.0)
    scored: list[tuple[float, int, int, str, str]] = []
    for lexical, dense, p, u, unit, lead in raw:
        semantic = (dense - low) / (high - low) if dense is not None and high > low else 0.0
        value = (lexical + DENSE_SHARE * semantic) * passages[p].weight if lexical > 0 or semantic > 0 else 0.0
        scored.append((value, p, u, unit, lead))
    for p, passage in enumerate(passages):
        if passage.whole:
            top = max((v for v, q, *_ in scored if q == p), default=0.0)
            scored = [(top if q == p else v, q, u, unit, lead) for v, q, u, unit, lead in scored]
    # Items follow their lead-in: once "Cán bộ làm thủ tục bị cấm:" is quoted, its list is
    # quoted next, in order (from this or a later piece of the same section), while it fits.
    items: dict[str, list[tuple[float, int, int, str]]] = {}
    for value, p, u, unit, lead in scored:
        if lead:
            items.setdefault(lead, []).append((value, p, u, unit))
    scored.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: dict[tuple[int, int], str] = {}
    used = 0
    best = scored[0][0]

    def take(p: int, u: int, unit: str) -> None:
        nonlocal used
        size = len(unit) + 1
        if (p, u) in chosen or (chosen and used + size > budget):
            return
        chosen[(p, u)] = unit if size <= budget else _clip(unit, budget)
        used += size

    for value, p, u, unit, _ in scored:
        if chosen and value <= 0:
            break
        before = len(chosen)
        following = [
            entry for entry in items.get(unit, []) if entry[1] > p or (entry[1] == p and entry[2] > u)
        ] if is_lead_in(unit) else []
        if following:
            unit = _clip_lead(unit)
        elif passages[p].named and value < LIST_SHARE * best and len(unit) > ITEM_HEAD_CHARS:
            unit = _clip(unit, ITEM_HEAD_CHARS)
        take(p, u, unit)
        if len(chosen) == before or not following:
            continue
        for item_value, ip, iu, item in following:
            # An item that does not match well by itself shows only its opening words.
            head = item if item_value >= LIST_SHARE * best or len(item) <= ITEM_HEAD_CHARS else _clip(item, ITEM_HEAD_CHARS)
            take(ip, iu, head)
    out: list[list[str]] = [[] for _ in passages]
    for (p, _), unit in sorted(chosen.items()):
        out[p].append(unit)
    return out


def _clip_lead(unit: str) -> str:
    """A long lead-in cut to its opening words and its closing clause (see ``LEAD_MAX_CHARS``)."""
    if len(unit) <= LEAD_MAX_CHARS:
        return unit
    cut = max(unit.rfind(", "), unit.rfind("; "))
    tail = unit[cut + 2 :] if cut > 0 else ""
    if not tail or len(tail) > LEAD_TAIL_CHARS:
        tail = unit[-LEAD_TAIL_CHARS:].split(" ", 1)[-1]
    head = _clip(unit, LEAD_MAX_CHARS - len(tail) - 1)
    return f"{head} {tail}"


def _clip(unit: str, budget: int) -> str:
    """Cut a single over-long unit at the last word boundary within the budget."""
    return unit[: budget - 1].rsplit(" ", 1)[0] + "…"
