"""An :class:`Answer` as a :class:`Reply`: its buttons, built from its fields.

The answer's options are grouped (:class:`AnswerButtons`) so that channels that lay them
out differently (the web page shows "Xem thêm" as expandable sources) take the group they
need from here instead of recognising payloads.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import messages, payloads
from bot.answer.models import Answer
from bot.dialogue.models import Button, Reply
from bot.dialogue.render import short_label

# Button labels wrap badly on phones beyond ~40 characters.
LABEL_CHARS = 40


@dataclass(frozen=True)
class AnswerButtons:
    """An answer's buttons by purpose; each list is one row per button except ``feedback``."""

    choices: list[Button]
    more: list[Button]
    sources: Button | None
    feedback: list[Button]

    def rows(self) -> list[list[Button]]:
        """The keyboard: choices, "Xem thêm", the sources list, then 👍 / 👎 on one row."""
        rows = [[b] for b in [*self.choices, *self.more]]
        if self.sources is not None:
            rows.append([self.sources])
        rows.append(self.feedback)
        return rows


def answer_buttons(answer: Answer, log_id: int) -> AnswerButtons:
    """The buttons of ``answer`` logged as ``log_id``."""
    choices = [
        Button(label=short_label(choice.label, LABEL_CHARS), payload=payloads.encode(payloads.Pick(n, log_id)))
        for n, choice in enumerate(answer.choices)
    ]
    more = []
    for index in answer.more:
        source = answer.sources[index]
        if answer.kind == "procedure":
            label = messages.PROCEDURE_MORE_BUTTON
        else:
            heading = source.heading or source.title or messages.MORE_FALLBACK_HEADING.format(number=index + 1)
            label = short_label(messages.MORE_BUTTON.format(heading=heading), LABEL_CHARS)
        more.append(Button(label=label, payload=payloads.encode(payloads.More(index, log_id))))
    listed = len(answer.sources) > 1
    sources = Button(label=messages.SOURCES_BUTTON, payload=payloads.encode(payloads.Sources(log_id))) if listed else None
    feedback = [
        Button(label=messages.FEEDBACK_UP_BUTTON, payload=payloads.encode(payloads.Feedback(True, log_id))),
        Button(label=messages.FEEDBACK_DOWN_BUTTON, payload=payloads.encode(payloads.Feedback(False, log_id))),
    ]
    return AnswerButtons(choices=choices, more=more if answer.found else [], sources=sources, feedback=feedback)


def answer_reply(answer: Answer, log_id: int) -> Reply:
    """The reply carrying ``answer``: plain text for simple channels, the fields for the others."""
    return Reply(text=answer.answer, buttons=answer_buttons(answer, log_id).rows(), answer=answer, log_id=log_id)


def sources_text(answer_sources: list[str]) -> str:
    """The full list of an answer's sources, numbered (the ``src:`` button)."""
    lines = [messages.SOURCES_TITLE]
    lines += [messages.SOURCES_LINE.format(rank=rank, citation=c) for rank, c in enumerate(answer_sources, start=1)]
    return "\n".join(lines)
