"""Scoring conversations (follow-ups, topic switches) and unanswerable questions.

A dialogue file line is ``{"id", "turns": [{"text", "expected": [spans], "followup",
"answerable", "switch"?}, ...]}``. Turns are asked in order through the same answerer with
the subject carried as the conversation does (``bot.dialogue.conversation``): an answer
with a subject replaces it, a plain decline keeps it. A turn passes when it is answerable and
its answer holds an expected span, or unanswerable and declined.

An unanswerable file line is ``{"id", "question", "kind", ...}``: each must be declined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer.models import Answer, Subject
from bot.evaluation.qa_eval import contains_fact

AnswerFn = Callable[[str, Subject | None], Answer]


@dataclass
class DialogueResult:
    """Outcome of a dialogue run: follow-up turns, topic switches, every turn."""

    turns: int = 0
    turns_ok: int = 0
    followups: int = 0
    followups_ok: int = 0
    switches: int = 0
    switches_ok: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def followup_rate(self) -> float:
        """Share of follow-up turns answered right."""
        return self.followups_ok / self.followups if self.followups else 0.0


def turn_ok(turn: dict, answer: Answer) -> bool:
    """Whether ``answer`` is right for ``turn`` (holds a span, or declines an unanswerable turn)."""
    if turn.get("answerable", True):
        return answer.found and contains_fact(answer.answer, turn.get("expected", []))
    return not answer.found


def evaluate_dialogues(conversations: list[dict], answer: AnswerFn) -> DialogueResult:
    """Run every conversation turn by turn, carrying the subject, and count passes."""
    result = DialogueResult()
    for conversation in conversations:
        subject: Subject | None = None
        for number, turn in enumerate(conversation["turns"], start=1):
            reply = answer(turn["text"], subject)
            if reply.subject is not None:
                subject = reply.subject
            ok = turn_ok(turn, reply)
            result.turns += 1
            result.turns_ok += ok
            if turn.get("followup"):
                result.followups += 1
                result.followups_ok += ok
            if turn.get("switch"):
                result.switches += 1
                result.switches_ok += ok
            if not ok:
                result.failures.append({
                    "id": conversation["id"], "turn": number, "text": turn["text"], "found": reply.found,
                    "expected": turn.get("expected"), "answer": reply.answer[:300],
                })
    return result


@dataclass
class DeclineResult:
    """Outcome of an unanswerable-question run."""

    total: int = 0
    declined: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share declined."""
        return self.declined / self.total if self.total else 0.0


def evaluate_declines(items: list[dict], answer: AnswerFn) -> DeclineResult:
    """Ask every question cold (no subject); each should be declined."""
    result = DeclineResult()
    for item in items:
        reply = answer(item["question"], None)
        result.total += 1
        result.declined += not reply.found
        if reply.found:
            result.failures.append({"id": item["id"], "question": item["question"], "kind": item.get("kind"),
                                    "answer": reply.answer[:300]})
    return result
