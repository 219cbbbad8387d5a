"""Scoring a question/expected-fact file against the answerer.

A line is ``{"id", "question", "expected": [spans...], "in_scope": bool, ...}``. An in-scope
question passes when any expected span occurs in the answer (compared folded: no
diacritics, lower case, single spaces); an out-of-scope one passes when it is declined.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer.models import Answer
from indexer.lexical import folded_text


@dataclass
class QAResult:
    """Outcome of a QA run."""

    in_scope: int = 0
    fact_found: int = 0
    out_of_scope: int = 0
    declined: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def fact_rate(self) -> float:
        """Share of in-scope questions whose answer holds the expected fact."""
        return self.fact_found / self.in_scope if self.in_scope else 0.0

    @property
    def decline_rate(self) -> float:
        """Share of out-of-scope questions declined."""
        return self.declined / self.out_of_scope if self.out_of_scope else 0.0


def load_qa(path: Path) -> list[dict]:
    """The lines of a QA file."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def contains_fact(answer: str, expected: list[str]) -> bool:
    """Whether any expected span occurs in the answer (diacritic- and case-insensitive)."""
    folded = folded_text(answer)
    return any(folded_text(span) in folded for span in expected)


def evaluate_qa(items: list[dict], answer: Callable[[str], Answer]) -> QAResult:
    """Run every question through ``answer`` and count passes."""
    result = QAResult()
    for item in items:
        reply = answer(item["question"])
        if item.get("in_scope", True):
            result.in_scope += 1
            ok = reply.found and contains_fact(reply.answer, item.get("expected", []))
            result.fact_found += ok
        else:
            result.out_of_scope += 1
            ok = not reply.found
            result.declined += ok
        if not ok:
            result.failures.append({"id": item.get("id"), "question": item["question"], "found": reply.found,
                                    "expected": item.get("expected"), "answer": reply.answer[:300]})
    return result
