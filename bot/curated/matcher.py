"""When a question is close enough to a curated answer's variant to be answered from it.

Tokens are the search tokens (``indexer.lexical.lexical_tokens``: folded syllables, so
matching ignores diacritics and case; abbreviations both ways, so "CCHC" meets "cải cách
hành chính"; syllable bigrams, so word order counts a little). A question matches a variant
when all three hold:

1. **Similarity**: the Dice coefficient of their token sets is at least ``THRESHOLD``.
2. **Same numbers**: the same numerals on both sides ("mức 1" is not "mức 2", 2024 is not
   2025): one differing digit leaves Dice high but asks about something else.
3. **No substitution**: not both sides have content syllables the other lacks. Adding or
   dropping words ("cho tôi hỏi", "huyện") is a rewording; swapping them ("khai sinh" for
   "kết hôn", "tỉnh" for "huyện", "qua mạng" for "qua bưu điện") is another question.
   Question words (``QUESTION_WORDS``) do not count as content for this rule.

Why the threshold is 0.70 (tuned on ``tests/data/curated_dev.yaml``: 9 answers, 30 probes
that must match, 27 near-misses and unrelated ones that must not; docs/admin.md has the
table): with rules 2 and 3 the highest-scoring probe that must not match scores 0.615
("Bộ phận một cửa là gì?" against "Bộ phận một cửa huyện ở đâu?"), the lowest that must
match 0.714. 0.70 keeps every near-miss out with a margin of 0.085 and serves 29/30 probes
(every one typed without diacritics or with abbreviations, 17/18 paraphrases). It sits near
the top of the gap on purpose: a curated answer is served before retrieval, with
confidence, so a wrong one costs more than a missed paraphrase, which simply goes on to
retrieval (and shows up in the gaps if that fails too, ready to be added as a variant).

Cost: one tokenisation of the question and a set intersection per variant, a linear scan
that stays well under a millisecond for the hundreds of variants an office writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.curated.models import CuratedAnswer
from indexer.lexical import expanded_syllables, lexical_tokens

THRESHOLD = 0.70
# Folded question and politeness words: they say how something is asked, not what about.
# Only forms whose folded spelling is rarely a content word in questions: "cua" (của and
# cửa), "can" (cần and căn), "chi" (chị and chi phí) and "lam" (làm and làm việc) stay out.
QUESTION_WORDS = frozenset(
    "la gi bao nhieu nao the sao khong co o dau cho toi minh a vay thi voi ve hoi duoc "
    "nhung cac va hay nhe oi muon biet xin nhu em anh ban da chua roi".split()
)
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class _Variant:
    """One question variant, tokenised once when the index is built."""

    answer: CuratedAnswer
    text: str
    tokens: frozenset[str]
    content: frozenset[str]
    numbers: frozenset[str]


@dataclass(frozen=True)
class CuratedMatch:
    """The curated answer a question matched, through which variant, and how closely."""

    answer: CuratedAnswer
    variant: str
    score: float


def _features(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(search tokens, content syllables, numerals) of a text."""
    syllables = expanded_syllables(text)
    numbers = frozenset(s for s in syllables if _DIGITS.search(s))
    content = frozenset(s for s in syllables if s not in QUESTION_WORDS)
    return frozenset(lexical_tokens(text)), content, numbers


def similarity(question: str, variant: str) -> float:
    """The matching score of ``question`` against one variant: Dice, or 0.0 when rule 2 or 3 fails."""
    return _score(_features(question), _features(variant))


def _score(
    question: tuple[frozenset[str], frozenset[str], frozenset[str]],
    variant: tuple[frozenset[str], frozenset[str], frozenset[str]],
) -> float:
    tokens, content, numbers = question
    v_tokens, v_content, v_numbers = variant
    if not tokens or not v_tokens or numbers != v_numbers:
        return 0.0
    if content - v_content and v_content - content:
        return 0.0
    return 2 * len(tokens & v_tokens) / (len(tokens) + len(v_tokens))


class CuratedIndex:
    """The variants of every curated answer, tokenised, ready to match questions against."""

    def __init__(self, answers: Iterable[CuratedAnswer], *, threshold: float = THRESHOLD) -> None:
        """Tokenise every variant of ``answers`` (disabled and expired ones are skipped at match time).

        Raises:
            ValueError: ``threshold`` outside (0, 1].
        """
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
        self.threshold = threshold
        self.answers = {answer.id: answer for answer in answers}
        self._variants = [
            _Variant(answer, text, *_features(text)) for answer in self.answers.values() for text in answer.questions
        ]

    def __len__(self) -> int:
        return len(self.answers)

    def match(self, question: str, *, today: date) -> CuratedMatch | None:
        """The best active answer scoring at least the threshold, or None.

        Ties go to the most recently updated answer (the admin's latest word).
        """
        best = self.ranked(question, today=today, limit=1)
        return best[0] if best and best[0].score >= self.threshold else None

    def ranked(self, question: str, *, today: date, limit: int = 5) -> list[CuratedMatch]:
        """The ``limit`` best-scoring active answers, whatever their score (the console's test box)."""
        features = _features(question)
        best: dict[int, CuratedMatch] = {}
        for variant in self._variants:
            if not variant.answer.active(today):
                continue
            score = _score(features, (variant.tokens, variant.content, variant.numbers))
            current = best.get(variant.answer.id)
            if score > 0 and (current is None or score > current.score):
                best[variant.answer.id] = CuratedMatch(variant.answer, variant.text, score)
        ordered = sorted(best.values(), key=lambda m: (m.score, m.answer.updated_at), reverse=True)
        return ordered[:limit]
