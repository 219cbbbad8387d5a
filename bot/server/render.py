"""Core ``Reply`` → web ``ReplyOut``: lift the citation line and "Xem thêm" buttons out.

Payload formats are the core's documented protocol (``bot/dialogue/assistant.py``):
``more:<n>:<log id>`` shows source ``n`` of a logged answer and ``fb:<up|down>:<log id>``
votes on it. The first cited source has no button in the core (its text *is* the answer),
but ``more:0:<log id>`` returns it, so the citation line becomes expandable too.
"""

from __future__ import annotations

import base64

from bot import messages
from bot.dialogue.models import Reply
from bot.server.schemas import ButtonOut, ReplyOut, SourceLink


def render_reply(reply: Reply) -> ReplyOut:
    """The web shape of one reply."""
    buttons = [b for row in reply.buttons for b in row]
    sources = [SourceLink(label=b.label, payload=b.payload) for b in buttons if b.payload.startswith("more:")]
    rows = [[ButtonOut(label=b.label, payload=b.payload) for b in row if not b.payload.startswith("more:")]
            for row in reply.buttons]
    text, citation = _split_citation(reply.text, _log_id(buttons))
    return ReplyOut(
        text=text,
        citation=citation,
        sources=sources,
        buttons=[row for row in rows if row],
        image_png_base64=_b64(reply.image_png),
        file_name=reply.file_name if reply.file_bytes is not None else None,
        file_base64=_b64(reply.file_bytes),
    )


def _log_id(buttons: list) -> str | None:  # noqa: ANN001 - list[Button]
    for button in buttons:
        kind, _, rest = button.payload.partition(":")
        if kind == "fb":
            return rest.partition(":")[2] or None
    return None


def _split_citation(text: str, log_id: str | None) -> tuple[str, SourceLink | None]:
    """Take the last "Nguồn: Theo …" line out of an answer that has a log id."""
    if log_id is None:
        return text, None
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith(messages.CITATION_PREFIX):
            rest = [*lines[:index], *lines[index + 1 :]]
            return "\n".join(rest).strip(), SourceLink(label=lines[index], payload=f"more:0:{log_id}")
    return text, None


def _b64(data: bytes | None) -> str | None:
    return base64.b64encode(data).decode("ascii") if data is not None else None
