"""A quiz or contest question as a :class:`~bot.dialogue.models.Poll` (issue 14).

The reply keeps its text and letter buttons for every channel; the poll is the same question
for channels that can show a native quiz poll (Telegram, when ``CCHC_TELEGRAM_QUIZ_POLLS``
is on). Each option carries the payload of its letter button, so a vote reaches the same
handler, and the same attempt records, as a press.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages
from bot.dialogue.models import Button, Poll
from bot.quiz.models import ShownQuestion

LETTERS = "ABCD"


def question_poll(
    shown: ShownQuestion,
    buttons: Sequence[Button],
    *,
    number: int,
    total: int,
    lead: str = "",
    open_seconds: int | None = None,
) -> Poll:
    """The poll form of ``shown``, whose letter ``buttons`` (one per option, in order) it mirrors."""
    return Poll(
        question=messages.POLL_QUESTION.format(number=number, total=total, question=shown.question),
        options=list(shown.options),
        labels=[LETTERS[i] for i in range(len(shown.options))],
        payloads=[button.payload for button in buttons],
        correct=shown.correct,
        explanation=shown.explanation,
        open_seconds=open_seconds,
        lead=lead,
    )
