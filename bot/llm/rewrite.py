"""Follow-up rewriting: "còn lệ phí thì sao?" → a standalone question, given the conversation state.

The model's rewrite is used only when it is one plausible question: one line, not too
long, not a refusal, and stating no number, date or document number that is in neither
the question nor the state (a rewrite must not smuggle facts into retrieval). Otherwise
the caller keeps its deterministic rule: ``None`` means "no rewrite".
"""

from __future__ import annotations

import logging
import re

from bot.llm.client import ChatClient
from bot.llm.errors import LlmCallError
from bot.llm.facts import draft_facts, passage_keys
from bot.llm.outcomes import Outcomes
from bot.llm.prompt import rewrite_messages
from indexer.textnorm import fold, normalize

log = logging.getLogger(__name__)

# A standalone question is a sentence; 80 tokens leave room for a long procedure name.
REWRITE_TOKENS = 80
# "Câu hỏi: …", "Câu hỏi đã viết lại: …", quotes and list marks around the rewrite.
_LABEL = re.compile(
    r"^(?:câu hỏi(?: đã viết lại| mới| đầy đủ)?|cau hoi(?: da viet lai| moi| day du)?|viết lại|viet lai|"
    r"rewritten(?: question)?)\s*:\s*",
    re.IGNORECASE,
)
_WRAPPING = " \t\"'“”«»*-•"
_REFUSALS = ("xin loi", "toi khong the", "khong du thong tin", "i cannot", "sorry")


class FollowupRewriter:
    """Rewrites follow-ups with one model; ``max_chars`` is the longest acceptable rewrite.

    Args:
        client: The configured model.
        max_chars: The question limit (``CCHC_MAX_QUESTION_CHARS``).
        outcomes: Where ``rewrite`` outcomes are counted.
    """

    def __init__(self, client: ChatClient, *, max_chars: int, outcomes: Outcomes | None = None) -> None:
        self.client = client
        self.max_chars = max_chars
        self.outcomes = outcomes

    def rewrite_followup(self, question: str, state_summary: str) -> str | None:
        """The standalone form of ``question`` written by the model, or None to keep the rule's.

        Args:
            question: The follow-up as the user typed it.
            state_summary: The conversation state in a few lines (topic, procedure, last
                answer's source); nothing else is sent.
        """
        try:
            reply = self.client.complete(rewrite_messages(question, state_summary), max_tokens=REWRITE_TOKENS)
        except LlmCallError as exc:
            return self._refuse(exc.outcome, exc.detail)
        return self._checked(reply, question, state_summary)

    async def rewrite_followup_async(self, question: str, state_summary: str) -> str | None:
        """:meth:`rewrite_followup`, awaited."""
        try:
            reply = await self.client.complete_async(rewrite_messages(question, state_summary), max_tokens=REWRITE_TOKENS)
        except LlmCallError as exc:
            return self._refuse(exc.outcome, exc.detail)
        return self._checked(reply, question, state_summary)

    def _checked(self, reply: str, question: str, state_summary: str) -> str | None:
        line = next((line for line in reply.splitlines() if line.strip()), "").strip(_WRAPPING)
        line = _LABEL.sub("", normalize(line)).strip(_WRAPPING)
        if not line or fold(line).startswith(_REFUSALS):
            return self._refuse("refusal", line[:60])
        if len(line) > self.max_chars:
            return self._refuse("too_long", f"{len(line)} characters")
        known = passage_keys(f"{question}\n{state_summary}")
        invented = [fact.text for fact in draft_facts(line) if fact.key not in known]
        if invented:
            return self._refuse("unverified_fact", repr(invented[0]))
        if self.outcomes is not None:
            self.outcomes.record("rewrite", "accepted")
        return line

    def _refuse(self, outcome: str, detail: str) -> None:
        if self.outcomes is not None:
            self.outcomes.record("rewrite", outcome)
        log.warning("LLM follow-up rewrite not used (%s: %s)", outcome, detail)
        return None
