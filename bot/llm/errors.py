"""Why a model call gave no usable draft: one exception type carrying a metric label."""

from __future__ import annotations

from typing import Literal

# The labels of ``cchc_llm_total{outcome=...}``; the verifier's refusals are listed in
# ``bot.llm.verify`` and use the same counter.
CallOutcome = Literal["timeout", "unreachable", "server_error", "rejected", "malformed", "empty", "refusal", "too_long"]


class LlmCallError(Exception):
    """A model call that failed; ``outcome`` is the metric label, ``detail`` a short reason for the log.

    ``text`` is what the model wrote before it was cut off (``too_long``), for diagnosis only.
    """

    def __init__(self, outcome: CallOutcome, detail: str, text: str = "") -> None:
        super().__init__(f"{outcome}: {detail}")
        self.outcome: CallOutcome = outcome
        self.detail = detail
        self.text = text
