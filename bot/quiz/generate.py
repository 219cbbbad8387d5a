"""Cloze questions cut from the indexed chunks: percentages, dates and document numbers.

A sentence that states one such value becomes "fill in the blank", with distractors of the
same kind taken from elsewhere in the corpus (a percentage gets other percentages, a
document number other document numbers, preferably of the same type, e.g. NQ-CP). The
generator is deterministic (randomness seeded by the question id), so regenerating over an
unchanged store yields the same ids and an admin's review state survives a rebuild.

Generated questions are *candidates*: nothing here decides whether a quiz uses them; the
review state lives in storage (``cchc quiz list|enable|disable|export``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.answer.citations import citation
from bot.answer.validity import stale_note
from bot.quiz.models import MAX_OPTIONS, QuizQuestion, Topic
from indexer.models import Chunk, DocumentMeta
from indexer.textnorm import fold

Kind = Literal["percent", "date", "docnum"]
KINDS: tuple[Kind, ...] = ("percent", "date", "docnum")
BLANK = "____"
# A sentence shorter than this rarely carries enough context to be answerable; a longer
# one does not fit a phone screen as a question.
MIN_SENTENCE_CHARS = 40
MAX_SENTENCE_CHARS = 260
# A few questions per chunk keep the review list readable and spread over documents.
PER_CHUNK = 3
# With fewer than two distractors a question is a coin toss: skipped.
MIN_DISTRACTORS = 2

PATTERNS: dict[Kind, re.Pattern[str]] = {
    # 80%, 100 %, 84,38% (Vietnamese decimal comma); not the tail of a longer number.
    "percent": re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{1,2})?\s?%"),
    # 15/7/2021, 02/9/2021.
    "date": re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])"),
    # 76/NQ-CP, 30c/NQ-CP, 118/2025/NĐ-CP, 1847/QĐ-TTg, 419/BKHCN-TĐC.
    "docnum": re.compile(r"(?<![\w/])\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ]{1,6}-[A-ZĐ][A-Za-zĐđ]{0,9}(?![\w-])"),
}

# Topic by keywords on the folded sentence and headings, first match wins; percentages
# that state a goal are "targets" before anything else.
_TARGET_WORDS = re.compile(r"\b(khao sat|nam vung|phan dau|muc tieu|chi tieu|toi thieu|den nam)\b")
_TOPIC_RULES: tuple[tuple[Topic, re.Pattern[str]], ...] = (
    ("one_stop", re.compile(r"\bmot cua\b")),
    ("online_services", re.compile(r"\b(dich vu cong|truc tuyen|buu chinh|vneid)\b")),
    ("indices", re.compile(r"\b(par index|sipas|papi|pci|ddci|chi so)\b")),
    ("culture", re.compile(r"\b(van hoa cong vu|van hoa cong so|dao duc|ung xu)\b")),
    ("reform_areas", re.compile(r"\b(the che|bo may|che do cong vu|tai chinh cong|chinh phu (dien tu|so))\b")),
)
_DEFAULT_TOPIC: dict[Kind, Topic] = {"percent": "targets", "date": "legal_basis", "docnum": "legal_basis"}
_SENTENCE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ\d])")
_BULLET = re.compile(r"^\s*(?:[-+•*]|\d+\.|[a-zđ]\))\s+")


@dataclass(frozen=True)
class Generated:
    """A generated question with the kind of value it blanks out."""

    question: QuizQuestion
    kind: Kind


def value_key(kind: Kind, value: str) -> str:
    """Comparison key: "80 %" = "80%", "2/9/2021" = "02/09/2021", "76/nq-cp" = "76/NQ-CP"."""
    if kind == "percent":
        return value.replace(" ", "")
    if kind == "date":
        day, month, year = value.split("/")
        return f"{int(day)}/{int(month)}/{year}"
    return value.casefold()


def _doc_type(value: str) -> str:
    """The type code of a document number ("NQ-CP" of "76/NQ-CP")."""
    return value.rsplit("/", 1)[-1].casefold()


def _sentences(text: str) -> list[str]:
    """Lines of a chunk, bullets stripped, long lines split at sentence ends."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line or line.startswith("Nguồn:") or line.startswith("#"):
            continue
        pieces = [line] if len(line) <= MAX_SENTENCE_CHARS else _SENTENCE_SPLIT.split(line)
        sentences.extend(p.strip() for p in pieces if MIN_SENTENCE_CHARS <= len(p.strip()) <= MAX_SENTENCE_CHARS)
    return sentences


def corpus_values(chunks: Sequence[Chunk]) -> dict[Kind, dict[str, str]]:
    """Every value of each kind in the corpus, as key → first written form."""
    values: dict[Kind, dict[str, str]] = {kind: {} for kind in KINDS}
    for chunk in chunks:
        for kind, pattern in PATTERNS.items():
            for match in pattern.finditer(chunk.text):
                values[kind].setdefault(value_key(kind, match.group()), match.group().replace(" %", "%"))
    return values


def infer_topic(kind: Kind, sentence: str, headings: Sequence[str]) -> Topic:
    """The quiz topic of a sentence, from keywords (see ``_TOPIC_RULES``)."""
    text = fold(" ".join([sentence, *headings]))
    if kind == "percent" and _TARGET_WORDS.search(text):
        return "targets"
    for topic, pattern in _TOPIC_RULES:
        if pattern.search(text):
            return topic
    return _DEFAULT_TOPIC[kind]


def _question_id(chunk_id: str, kind: Kind, answer: str, sentence: str) -> str:
    digest = hashlib.sha1(f"{chunk_id}|{kind}|{answer}|{sentence}".encode()).hexdigest()
    return f"g-{digest[:10]}"


def _distractors(
    kind: Kind, answer: str, sentence: str, pool: Mapping[str, str], rng: random.Random, wanted: int
) -> list[str]:
    """Up to ``wanted`` values of the same kind, none equal to the answer or written in the sentence."""
    present = {value_key(kind, m.group()) for m in PATTERNS[kind].finditer(sentence)}
    candidates = sorted(form for key, form in pool.items() if key not in present)
    rng.shuffle(candidates)
    if kind == "docnum":  # same type first: "76/NQ-CP" against other resolutions reads fair
        candidates.sort(key=lambda form: _doc_type(form) != _doc_type(answer))
    chosen: list[str] = []
    keys = {value_key(kind, answer)}
    for form in candidates:
        if value_key(kind, form) not in keys:
            chosen.append(form)
            keys.add(value_key(kind, form))
        if len(chosen) == wanted:
            break
    return chosen


def _cloze(
    chunk: Chunk, meta: DocumentMeta, sentence: str, kind: Kind, answer: str, pool: Mapping[str, str]
) -> Generated | None:
    """One question blanking ``answer`` in ``sentence``, or None without enough distractors."""
    question_id = _question_id(chunk.chunk_id, kind, answer, sentence)
    rng = random.Random(question_id)
    distractors = _distractors(kind, answer, sentence, pool, rng, MAX_OPTIONS - 1)
    if len(distractors) < MIN_DISTRACTORS:
        return None
    options = [answer, *distractors]
    rng.shuffle(options)
    cloze = sentence.replace(answer, BLANK, 1)
    question = QuizQuestion(
        id=question_id,
        question=f"Điền vào chỗ trống (theo {meta.label()}):\n“{cloze}”",
        options=tuple(options),
        answer=answer,
        explanation=" ".join(filter(None, [f"Câu đầy đủ trong văn bản: “{sentence}”", stale_note(meta, sentence)])),
        source=citation(meta, chunk),
        topic=infer_topic(kind, sentence, chunk.heading_path),
        difficulty="medium",
        origin="generated",
        chunk_id=chunk.chunk_id,
    )
    return Generated(question=question, kind=kind)


def generate_questions(
    chunks: Sequence[Chunk],
    documents: Mapping[str, DocumentMeta],
    *,
    per_chunk: int = PER_CHUNK,
    include: Callable[[DocumentMeta], bool] | None = None,
) -> list[Generated]:
    """Cloze questions over the store's chunks.

    Documents that have been replaced (``replaced_by`` set) are skipped: a quiz should not
    drill a rule that no longer applies. A value that occurs twice in its sentence is
    skipped too (the second occurrence would give the answer away).

    Args:
        chunks: The indexed chunks (``store.chunks``).
        documents: ``store.documents`` (doc_id → metadata) for citations.
        per_chunk: At most this many questions from one chunk.
        include: Extra document filter (default: every document still in force).

    Returns:
        Questions in chunk order; ids are stable for unchanged chunks.
    """
    pools = corpus_values(chunks)
    generated: list[Generated] = []
    for chunk in chunks:
        meta = documents.get(chunk.doc_id)
        if meta is None or meta.replaced_by or (include is not None and not include(meta)):
            continue
        taken = 0
        for sentence in _sentences(chunk.text):
            for kind in KINDS:
                matches = [m.group() for m in PATTERNS[kind].finditer(sentence)]
                for answer in dict.fromkeys(matches):
                    if taken >= per_chunk or matches.count(answer) > 1:
                        continue
                    item = _cloze(chunk, meta, sentence, kind, answer, pools[kind])
                    if item is not None:
                        generated.append(item)
                        taken += 1
    return generated
