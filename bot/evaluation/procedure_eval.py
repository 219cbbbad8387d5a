"""Procedure question sets: does the resolver name the right procedure and field, and decline the rest?

Each line of a set: ``question``, ``expected`` (codes that answer it; empty for a procedure
the catalogue lacks), ``field``. Three figures (see `ProcedureEvalResult`):

- right: of the questions about catalogued procedures, the share answered with an expected
  procedure and the field asked, directly or after one choice among a short list (the
  clarification share is counted separately too);
- declined: of the questions about absent procedures, the share declined (`Absent` or
  nothing), not answered and not offered a list of other procedures;
- wrong: of all questions, the share answered confidently (`Matched`) about a procedure
  that is not expected.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer.models import Answer
from bot.procedures.resolve import Absent, Ambiguous, Matched, Resolver



@dataclass
class ProcedureEvalResult:
    """Counts behind the three figures, and the failures for inspection."""

    in_catalogue: int = 0
    right_direct: int = 0
    right_clarified: int = 0
    absent: int = 0
    declined: int = 0
    wrong: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.in_catalogue + self.absent

    @property
    def right_rate(self) -> float:
        return (self.right_direct + self.right_clarified) / self.in_catalogue if self.in_catalogue else 0.0

    @property
    def decline_rate(self) -> float:
        return self.declined / self.absent if self.absent else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.total if self.total else 0.0


def load_set(path: Path) -> list[dict]:
    """The set's rows (JSON lines)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _describe(result: object) -> str:
    if isinstance(result, Matched):
        return f"matched {result.entry.id} {result.entry.name[:70]!r} fields={','.join(result.fields)}"
    if isinstance(result, Ambiguous):
        return "ambiguous " + " | ".join(f"{c.entry.id} {c.label[:50]}" for c in result.candidates)
    if isinstance(result, Absent):
        return f"absent {result.named!r}"
    return "none"


def evaluate_procedures(rows: list[dict], resolver: Resolver) -> ProcedureEvalResult:
    """Score ``resolver`` on ``rows`` (see the module docstring)."""
    result = ProcedureEvalResult()
    for row in rows:
        expected = set(row["expected"])
        asked = row["field"]
        outcome = resolver.resolve(row["question"])
        ok = False
        if isinstance(outcome, Matched) and not expected & set(outcome.entry.codes):
            result.wrong += 1
        if expected:
            result.in_catalogue += 1
            if isinstance(outcome, Matched) and expected & set(outcome.entry.codes):
                ok = asked in outcome.fields and not outcome.all_fields
                result.right_direct += ok
            elif isinstance(outcome, Ambiguous) and any(expected & set(c.entry.codes) for c in outcome.candidates):
                ok = asked in outcome.fields
                result.right_clarified += ok
        else:
            result.absent += 1
            ok = outcome is None or isinstance(outcome, Absent)
            result.declined += ok
        if not ok:
            result.failures.append({"question": row["question"], "expected": row["expected"], "field": asked,
                                    "got": _describe(outcome)})
    return result


@dataclass
class EndToEndResult:
    """The same set through the whole answerer (what a citizen gets).

    right: a found procedure answer about an expected procedure, directly or after pressing
    the button of an expected version in a clarifying question (``clarified`` counts those);
    declined: an absent procedure not answered (``found`` false); wrong: a found procedure
    answer about a procedure that is not expected (any, for an absent one). Judged on the
    answer's fields (kind, subject), not on its wording.
    """

    in_catalogue: int = 0
    right: int = 0
    clarified: int = 0
    absent: int = 0
    declined: int = 0
    wrong: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.in_catalogue + self.absent


def evaluate_end_to_end(
    rows: list[dict],
    answer: Callable[[str], Answer],
    codes: Callable[[str], set[str]],
    pick: Callable[[str, str], Answer] | None = None,
) -> EndToEndResult:
    """Score the full answerer on ``rows``.

    Args:
        rows: The set's lines.
        answer: The answerer (question → answer).
        codes: Procedure id (an answer's ``subject.procedure_id``) → the portal codes it answers for.
        pick: (question, procedure id) → the answer after pressing that version's button.
    """
    result = EndToEndResult()
    for row in rows:
        expected = set(row["expected"])
        reply = answer(row["question"])
        if reply.kind == "clarify" and pick is not None and expected:
            chosen = next((c for c in reply.choices if c.procedure_id and codes(c.procedure_id) & expected), None)
            if chosen is not None:
                reply = pick(row["question"], chosen.procedure_id)
                result.clarified += 1
        about = codes(reply.subject.procedure_id) if reply.subject and reply.subject.procedure_id else set()
        procedure = reply.found and reply.kind == "procedure"
        if expected:
            result.in_catalogue += 1
            ok = procedure and bool(about & expected)
            result.right += ok
        else:
            result.absent += 1
            ok = not reply.found
            result.declined += ok
        result.wrong += procedure and not about & expected
        if not ok:
            result.failures.append({"question": row["question"], "expected": row["expected"], "kind": reply.kind,
                                    "found": reply.found, "answer": reply.answer[:200]})
    return result
