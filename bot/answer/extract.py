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
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from indexer.lexical import expanded_syllables
from indexer.procedures import ALIASES_LABEL
from indexer.structure import text_unit_lines, text_units

if TYPE_CHECKING:
    from bot.answer.focus import Shape

# Weight of a shared bigram relative to one IDF unit: word order matters in compounds.
_BIGRAM_BONUS = 0.5
# Share of a heading match counted for each unit of the chunk: the heading ("1. Đối tượng
# tuyên truyền") is what makes its bullets answer "đối tượng là ai", but a unit that says
# the words itself is the better quote.
HEADING_SHARE = 0.8
# A unit that opens with the question's words is about them; a long sentence that names
# them in passing ("… báo cáo kết quả thực hiện lồng ghép vào …") is about something else.
# Tuned on tests/data/qa_dev.jsonl; tests/data/qa_dev2.jsonl, written blind, gained too.
HEAD_SHARE = 0.5
HEAD_TOKENS = 8
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
# A lead-in's cut must keep this share of its match with the question, or it is cut around
# the clauses that match instead.
LEAD_KEEP = 0.7
# The closing clause of a clipped lead-in (after its last comma or semicolon) is kept when
# it is at most this long; otherwise only the last words up to this length are.
LEAD_TAIL_CHARS = 60
# Weight of the rescaled unit cosine (0..1) against the lexical share (0..1 of the
# question's IDF mass). Tuned on tests/data/qa_dev.jsonl; lexical evidence stays first.
DENSE_SHARE = 0.5
# A unit holding this share of the title words a question restates restates the title too;
# its cosine then counts this much (see `score_units`).
RESTATED_TITLE_SHARE = 0.6
RESTATED_DENSE_SHARE = 0.25
# Source lines of the legal notes ("Nguồn: Nghị định 61/2018/NĐ-CP, Điều 3"): the answer
# cites its own sources, so they would only spend the budget.
_SOURCE_LINE = re.compile(r"^Nguồn\s*:", re.IGNORECASE)
# Lines never quoted: those sources, and a procedure's citizens' names ("Tên gọi khác: làm
# passport; …"), which are there to be found by and answer nothing.
_UNQUOTED_LINE = re.compile(rf"^(Nguồn|{ALIASES_LABEL})\s*:", re.IGNORECASE)
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


@lru_cache(maxsize=16384)
def unit_tokens(text: str) -> tuple[str, ...]:
    """A unit's folded syllables with abbreviations written out, as the question's are.

    "Công tác cải cách TTHC: …" must match "thủ tục hành chính" in the question, and
    "cải cách TTHC" in the question the unit that spells it out.
    """
    return tuple(expanded_syllables(text))


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))



# Extra weight of a unit that holds the kind of value asked for (``score_units``). Tuned on
# tests/data/qa_dev.jsonl.
SHAPE_BOOST = 0.6


@dataclass(frozen=True)
class Unit:
    """One sentence or list item of a passage, with its score.

    Attributes:
        passage: Index of its passage.
        position: Index among the passage's units (``text_unit_lines``).
        text: The unit as quoted (possibly clipped).
        lead: The lead-in of the list it belongs to, or "".
        value: Final score (0 when it matches nothing).
    """

    passage: int
    position: int
    text: str
    lead: str = ""
    value: float = 0.0


class QueryTerms:
    """The question's words and bigrams with their weights, to score units against."""

    def __init__(
        self,
        question_tokens: Sequence[str],
        idf: Callable[[str], float],
        pair_weight: Callable[[str, str], float] | None = None,
        phrases: set[tuple[str, str]] | None = None,
    ) -> None:
        sequence = unit_tokens(" ".join(question_tokens))
        self.words, self.bigrams = set(sequence), _bigrams(sequence) | (phrases or set())
        self.idf = idf
        self.pair = pair_weight or (lambda a, b: 1.0)
        self.total = self._mass(self.words, self.bigrams)

    def _mass(self, words: set[str], pairs: set[tuple[str, str]]) -> float:
        return sum(self.idf(t) for t in words) + _BIGRAM_BONUS * sum(self.pair(a, b) for a, b in pairs)

    def match(self, tokens: Sequence[str], exclude: Set[str] | None = None) -> float:
        """IDF mass of the question's words and bigrams found in ``tokens``."""
        return self._mass(self.words.intersection(tokens) - (exclude or set()), self.bigrams & _bigrams(tokens))


def _lexical_units(
    passages: Sequence[Passage], terms: QueryTerms
) -> list[tuple[Unit, float, float | None, frozenset[str]]]:
    """Every quotable unit with its lexical share (own words + heading + lead-in), cosine and words."""
    out: list[tuple[Unit, float, float | None, frozenset[str]]] = []
    for p, passage in enumerate(passages):
        heading = unit_tokens(passage.heading)
        lead = passage.lead
        for u, (unit, continues) in enumerate(text_unit_lines(passage.text)):
            # A later sentence of a list item stays in the item's list.
            lead = lead if lead and (continues or item_level(unit) > item_level(lead)) else ""
            if not _UNQUOTED_LINE.match(unit):
                tokens = unit_tokens(unit)
                own = frozenset(tokens)
                lexical = terms.match(tokens) + HEADING_SHARE * terms.match(heading, exclude=own)
                lexical += HEAD_SHARE * terms.match(tokens[:HEAD_TOKENS])
                if lead:
                    lexical += LEAD_SHARE * terms.match(unit_tokens(lead), exclude=own | set(heading))
                dense = passage.dense[u] if passage.dense is not None and u < len(passage.dense) else None
                share = lexical / terms.total if terms.total else 0.0
                out.append((Unit(p, u, unit, lead), share, dense, own))
            lead = unit if is_lead_in(unit) else lead
    return out


def score_units(
    passages: Sequence[Passage], terms: QueryTerms, shape: Shape | None = None, restated: frozenset[str] = frozenset()
) -> list[Unit]:
    """Units scored by lexical share plus rescaled cosine, times their passage weight.

    A ``whole`` passage's units all take its best unit's score (see :class:`Passage`).
    A unit holding a value of the ``shape`` the question asks for (a document number, a
    date, a percentage) scores ``1 + SHAPE_BOOST`` times more. ``restated``: the words of
    the document's title that the question repeats; a unit holding most of them too ("Trên
    cơ sở Kế hoạch này, … Đề án tuyên truyền CCHC tỉnh Sóc Trăng từ nay đến năm 2030; …")
    is close to the question by that title, not by what it asks: its cosine counts
    ``RESTATED_DENSE_SHARE``.
    """
    raw = _lexical_units(passages, terms)
    sims = [d for _, _, d, _ in raw if d is not None]
    low, high = (min(sims), max(sims)) if sims else (0.0, 0.0)
    scored: list[Unit] = []
    for unit, lexical, dense, words in raw:
        semantic = (dense - low) / (high - low) if dense is not None and high > low else 0.0
        if restated and len(restated & words) >= RESTATED_TITLE_SHARE * len(restated):
            semantic *= RESTATED_DENSE_SHARE
        value = (lexical + DENSE_SHARE * semantic) * passages[unit.passage].weight if lexical > 0 or semantic > 0 else 0.0
        if shape is not None and value > 0 and shape.search(unit.text):
            value *= 1.0 + SHAPE_BOOST
        scored.append(replace(unit, value=value))
    for p, passage in enumerate(passages):
        if passage.whole:
            top = max((s.value for s in scored if s.passage == p), default=0.0)
            scored = [replace(s, value=top) if s.passage == p else s for s in scored]
    return scored


# A lead-in this short is a label ("Hiểu đơn giản:", "Mục tiêu:"), quoted only with its items.
LABEL_CHARS = 40


class _Packer:
    """Greedy packing of units into a character budget (the best unit always fits, clipped)."""

    def __init__(self, budget: int, terms: QueryTerms | None = None) -> None:
        self.budget = budget
        self.terms = terms
        self.chosen: dict[tuple[int, int], Unit] = {}
        self.used = 0

    def take(self, unit: Unit, text: str) -> bool:
        size = len(text) + 1
        key = (unit.passage, unit.position)
        if key in self.chosen or (self.chosen and self.used + size > self.budget):
            return False
        if size > self.budget:
            text = clip_around(text, self.budget, self.terms) if self.terms is not None else clip_words(text, self.budget)
        self.chosen[key] = replace(unit, text=text)
        self.used += size
        return True


def pack(
    scored: Sequence[Unit], passages: Sequence[Passage], budget: int, terms: QueryTerms | None = None
) -> list[Unit]:
    """The best units within ``budget`` characters, in (passage, position) order.

    Best first while they fit and still match something; once a list's lead-in is taken
    ("Cán bộ làm thủ tục bị cấm:"), its items follow in order (from this or a later piece
    of the same section). Items quoted only for their lead-in, and long items of a
    ``named`` section, show their opening words (``ITEM_HEAD_CHARS``).
    """
    if not scored:
        return []
    items: dict[str, list[Unit]] = {}
    for unit in scored:
        if unit.lead:
            items.setdefault(unit.lead, []).append(unit)
    ranked = sorted(scored, key=lambda u: (-u.value, u.passage, u.position))
    best = ranked[0].value
    packer = _Packer(budget, terms)
    for unit in ranked:
        if packer.chosen and unit.value <= 0:
            break
        following = [
            item for item in items.get(unit.text, [])
            if (item.passage, item.position) > (unit.passage, unit.position)
        ] if is_lead_in(unit.text) else []
        text = unit.text
        if following:
            text = _clip_lead(text)
            if terms is not None and text != unit.text and \
                    terms.match(unit_tokens(text)) < LEAD_KEEP * terms.match(unit_tokens(unit.text)):
                # The cut dropped what the question asks ("… kết quả thực hiện Kế hoạch CCHC giai
                # đoạn 2021 - 2025 …" in the middle of a long lead-in): keep the clauses around it.
                text = clip_around(unit.text, LEAD_MAX_CHARS, terms)
        elif passages[unit.passage].named and unit.value < LIST_SHARE * best and len(text) > ITEM_HEAD_CHARS:
            text = clip_words(text, ITEM_HEAD_CHARS)
        if not packer.take(unit, text) or not following:
            continue
        for item in following:
            whole = item.value >= LIST_SHARE * best or len(item.text) <= ITEM_HEAD_CHARS
            packer.take(item, item.text if whole else clip_words(item.text, ITEM_HEAD_CHARS))
    originals = {(u.passage, u.position): u.text for u in scored}
    chosen = [packer.chosen[key] for key in sorted(packer.chosen)]
    # A bare label none of whose items made it ("Hiểu đơn giản:" and nothing after) says
    # nothing; a longer lead-in ("Thực hiện Kế hoạch số 96/KH-UBND ngày …:") is itself a fact.
    leading = {u.lead for u in chosen if u.lead}

    def bare(unit: Unit) -> bool:
        text = originals[(unit.passage, unit.position)]
        return is_lead_in(text) and len(text) <= LABEL_CHARS and text not in leading

    return [u for u in chosen if not bare(u)] or chosen


def select(
    passages: Sequence[Passage],
    question_tokens: Sequence[str],
    idf: Callable[[str], float],
    budget: int,
    pair_weight: Callable[[str, str], float] | None = None,
) -> list[list[str]]:
    """Pick the best units across ``passages`` within ``budget`` characters.

    ``pair_weight`` scales a shared bigram (default 1): the answerer discounts bigrams of
    the document's title as it discounts its words, or a unit that restates the title
    ("kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2024") outscores the one
    that answers through its bigrams alone.

    Returns:
        For each passage, its chosen units in document order (possibly empty).
    """
    terms = QueryTerms(question_tokens, idf, pair_weight)
    chosen = pack(score_units(passages, terms), passages, budget, terms)
    out: list[list[str]] = [[] for _ in passages]
    for unit in chosen:
        out[unit.passage].append(unit.text)
    return out


def _clip_lead(unit: str) -> str:
    """A long lead-in cut to its opening words and its closing clause (see ``LEAD_MAX_CHARS``)."""
    if len(unit) <= LEAD_MAX_CHARS:
        return unit
    cut = max(unit.rfind(", "), unit.rfind("; "))
    tail = unit[cut + 2 :] if cut > 0 else ""
    if not tail or len(tail) > LEAD_TAIL_CHARS:
        tail = unit[-LEAD_TAIL_CHARS:].split(" ", 1)[-1]
    head = clip_words(unit, LEAD_MAX_CHARS - len(tail) - 1)
    return f"{head} {tail}"


_CLAUSE_END = re.compile(r"(?<=[,;:.])\s+")


def clip_around(unit: str, budget: int, terms: QueryTerms) -> str:
    """An over-long unit cut to its clauses around the one that holds most of the question.

    "Trên cơ sở Kế hoạch này, … Giám đốc yêu cầu …; Văn phòng (đ/c Anh Trang) tổng hợp báo
    cáo …" answers "đơn vị nào tổng hợp báo cáo" in its last clause: cutting from the start
    would keep everything but the answer. Clauses are added around the best one while they
    fit; "…" marks what was left out on either side.
    """
    clauses = _CLAUSE_END.split(unit)
    if len(clauses) < 2:
        return clip_words(unit, budget)
    held = [terms.match(unit_tokens(c)) for c in clauses]
    best = max(range(len(clauses)), key=lambda i: (held[i], -i))
    if best == 0:
        return clip_words(unit, budget)
    start = end = best
    used = len(clauses[best]) + 2
    while True:
        options = [i for i in (start - 1, end + 1) if 0 <= i < len(clauses) and used + len(clauses[i]) + 1 <= budget]
        if not options:
            break
        pick = max(options, key=lambda i: (held[i], i < start))
        used += len(clauses[pick]) + 1
        start, end = min(start, pick), max(end, pick)
    text = " ".join(clauses[start : end + 1])
    if len(text) > budget - 2:
        text = clip_words(text, budget - 1)
    return ("…" if start > 0 else "") + text + ("…" if end < len(clauses) - 1 and not text.endswith("…") else "")


def clip_words(unit: str, budget: int) -> str:
    """Cut an over-long unit at the last word boundary within the budget, with "…" (callers check the length)."""
    return unit[: budget - 1].rsplit(" ", 1)[0] + "…"
