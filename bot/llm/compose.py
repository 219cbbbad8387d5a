"""The composer: an extractive answer's passages in, a written and verified answer out.

Passages → prompt → draft → verifier → accepted answer; any failure on the way (a failed
check, a timeout, a 5xx, malformed JSON, no choices, a refusal, an over-long draft) gives
back the extractive answer unchanged, counts the outcome and logs one line. The user is
never told: they get the quoted answer they would have had without a model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from bot.answer.models import Answer, Citation
from bot.llm.client import ChatClient
from bot.llm.errors import LlmCallError
from bot.llm.outcomes import Outcomes
from bot.llm.passages import Passage, passages_of
from bot.llm.progress import current_sink
from bot.llm.prompt import NO_ANSWER, answer_messages
from bot.llm.verify import verify
from indexer.models import DocumentMeta
from indexer.textnorm import fold

log = logging.getLogger(__name__)

# Models do not count characters: a draft may run this much over the budget the prompt
# names before it counts as over-long (and is refused rather than cut mid-sentence).
LENGTH_SLACK = 1.5
# Tokens requested per character allowed: Vietnamese runs at 2.5-4 characters per token,
# so the cap cuts off only drafts that would be refused as over-long anyway.
TOKENS_PER_CHAR = 0.5
# Openings of a refusal in folded text ("Xin lỗi, tôi không thể …").
_REFUSALS = (fold(NO_ANSWER), "xin loi", "toi khong the", "i cannot", "i can't", "i'm sorry", "sorry")


@dataclass(frozen=True)
class Composition:
    """What the composer did: the answer to send, the outcome label and the time spent."""

    answer: Answer
    outcome: str
    detail: str = ""
    seconds: float = 0.0
    draft: str = ""  # the model's text, when there was one (also a cut-off one): for diagnosis

    @property
    def written(self) -> bool:
        """Whether ``answer`` is the model's verified draft (not the extractive fallback)."""
        return self.outcome == "accepted"


class GroundedAnswerer:
    """Rewrites found extractive answers with the model, keeping their sources; sync and async."""

    def __init__(self, client: ChatClient, *, max_chars: int, outcomes: Outcomes | None = None) -> None:
        self.client = client
        self.max_chars = max_chars
        self.outcomes = outcomes or Outcomes()

    @property
    def _max_tokens(self) -> int:
        return max(64, int(self.max_chars * LENGTH_SLACK * TOKENS_PER_CHAR))

    def answer(self, extractive: Answer, documents: Mapping[str, DocumentMeta] | None = None) -> Answer:
        """The written answer, or ``extractive`` when the model fails or the draft is refused."""
        return self.compose(extractive, documents).answer

    async def answer_async(self, extractive: Answer, documents: Mapping[str, DocumentMeta] | None = None) -> Answer:
        """:meth:`answer` without blocking the event loop (streamed when a progress sink is set)."""
        return (await self.compose_async(extractive, documents)).answer

    def compose(self, extractive: Answer, documents: Mapping[str, DocumentMeta] | None = None) -> Composition:
        """Draft, verify, decide (blocking)."""
        if not _worth_writing(extractive):
            return Composition(extractive, "skipped")
        started = time.perf_counter()
        passages = passages_of(extractive, documents)
        try:
            draft = self.client.complete(self._messages(extractive, passages), max_tokens=self._max_tokens)
        except LlmCallError as exc:
            return self._fallback(extractive, exc.outcome, exc.detail, started, exc.text)
        return self._decide(extractive, passages, draft, started)

    async def compose_async(
        self, extractive: Answer, documents: Mapping[str, DocumentMeta] | None = None
    ) -> Composition:
        """Draft, verify, decide (awaited)."""
        if not _worth_writing(extractive):
            return Composition(extractive, "skipped")
        started = time.perf_counter()
        passages = passages_of(extractive, documents)
        try:
            draft = await self.client.complete_async(
                self._messages(extractive, passages), max_tokens=self._max_tokens, on_progress=current_sink()
            )
        except LlmCallError as exc:
            return self._fallback(extractive, exc.outcome, exc.detail, started, exc.text)
        return self._decide(extractive, passages, draft, started)

    def _messages(self, extractive: Answer, passages: list[Passage]) -> list[dict[str, str]]:
        return answer_messages(extractive.question, passages, self.max_chars)

    def _decide(self, extractive: Answer, passages: list[Passage], draft: str, started: float) -> Composition:
        folded = fold(draft).lstrip(" \"'*“")
        if folded.startswith(_REFUSALS):
            return self._fallback(extractive, "refusal", _short(draft), started, draft)
        if len(draft) > self.max_chars * LENGTH_SLACK:
            return self._fallback(extractive, "too_long", f"{len(draft)} characters", started, draft)
        verdict = verify(draft, passages)
        if not verdict.ok:
            return self._fallback(extractive, verdict.outcome, verdict.detail, started, draft)
        self.outcomes.record("answer", "accepted")
        seconds = time.perf_counter() - started
        log.info("LLM answer accepted in %.2f s, citing %s", seconds, list(verdict.cited))
        written = written_answer(extractive, draft, [passages[n - 1] for n in verdict.cited])
        return Composition(written, "accepted", seconds=seconds, draft=draft)

    def _fallback(self, extractive: Answer, outcome: str, detail: str, started: float, draft: str = "") -> Composition:
        self.outcomes.record("answer", outcome)
        seconds = time.perf_counter() - started
        log.warning("LLM draft not used (%s: %s) after %.2f s; extractive answer sent", outcome, detail, seconds)
        return Composition(extractive, outcome, detail, seconds, draft)


def written_answer(extractive: Answer, draft: str, cited: list[Passage]) -> Answer:
    """The extractive answer with the verified draft as its body, citing every passage it cites.

    The first line of the draft is the direct answer, the rest its supporting lines; the
    citation names the cited passages by number; the validity notes are theirs.
    """
    lines = [line for line in draft.strip().splitlines() if line.strip()]
    citation = Citation(document="; ".join(f"[{p.number}] {p.citation}" for p in cited))
    notes = list(dict.fromkeys(note for p in cited for note in p.notes))
    return extractive.model_copy(update={"direct": lines[0], "details": lines[1:], "citation": citation, "notes": notes})


def _worth_writing(answer: Answer) -> bool:
    """Only found answers with passages go to the model; "not found" stays as it is."""
    return answer.found and bool(answer.sources)


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
