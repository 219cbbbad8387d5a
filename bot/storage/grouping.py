"""Grouping near-duplicate questions, so an admin sees one knowledge gap once, not ten times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz

from indexer.vntokens import key as token_key

# token_set_ratio scores 100 when one question's words are a subset of the other's; 85
# still joins reworded questions ("thu tuc dang ky ho kinh doanh?" / "Thủ tục đăng ký hộ
# kinh doanh là gì") while keeping different topics that share "là gì" apart.
DEFAULT_THRESHOLD = 85.0


def question_key(question: str) -> str:
    """Case-, diacritic-, spelling- and punctuation-insensitive form: "Một cửa là gì?" → "mot cua la gi".

    The shared tokenizer (`indexer.vntokens`) also makes "đăng ký" and "đăng kí" one key.
    """
    return token_key(question)


@dataclass
class _Group:
    key: str
    last_asked: datetime
    wordings: Counter[str] = field(default_factory=Counter)
    latest: dict[str, datetime] = field(default_factory=dict)

    def add(self, question: str, asked: datetime) -> None:
        self.wordings[question] += 1
        self.latest[question] = max(asked, self.latest.get(question, asked))
        self.last_asked = max(self.last_asked, asked)

    @property
    def representative(self) -> str:
        return max(self.wordings, key=lambda q: (self.wordings[q], self.latest[q]))

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    def examples(self, limit: int) -> tuple[str, ...]:
        """The ``limit`` most frequent wordings (most recent first on ties)."""
        ranked = sorted(self.wordings, key=lambda q: (self.wordings[q], self.latest[q]), reverse=True)
        return tuple(ranked[:limit])


def group_questions(
    items: Iterable[tuple[str, datetime]], *, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[str, int, datetime]]:
    """Cluster questions greedily by rapidfuzz ``token_set_ratio`` over their folded form.

    Each question joins the first existing group whose seed scores at least ``threshold``;
    comparing against the seed (not every member) keeps groups from drifting and the cost
    at O(questions × groups), fine for the few hundred recent gaps an admin reviews.

    Args:
        items: (question, asked at) pairs, any order.
        threshold: similarity 0-100 needed to join a group.

    Returns:
        (representative wording, count, last asked) per group, most asked first, then most recent.
    """
    return [(g.representative, g.count, g.last_asked) for g in cluster_questions(items, threshold=threshold)]


def cluster_questions(items: Iterable[tuple[str, datetime]], *, threshold: float = DEFAULT_THRESHOLD) -> list[_Group]:
    """The groups of :func:`group_questions` themselves, with every wording (the console shows examples)."""
    groups: list[_Group] = []
    for question, asked in sorted(items, key=lambda item: item[1], reverse=True):
        key = question_key(question)
        if not key:
            continue
        group = next((g for g in groups if fuzz.token_set_ratio(key, g.key) >= threshold), None)
        if group is None:
            group = _Group(key=key, last_asked=asked)
            groups.append(group)
        group.add(question.strip(), asked)
    groups.sort(key=lambda g: (g.count, g.last_asked), reverse=True)
    return groups
