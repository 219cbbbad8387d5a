"""Core ``Reply`` → web ``ReplyOut``, from the reply's fields (no reply text is parsed).

An answer's citation becomes an expandable source (its payload returns the cited text),
its "Xem thêm" and sources-list buttons become further expandable sources, and the other
buttons (choices, 👍/👎) stay buttons. The groups come from
``bot.dialogue.answer_reply.answer_buttons``, the same function that builds the keyboard.
"""

from __future__ import annotations

import base64

from bot import messages, payloads
from bot.dialogue.answer_reply import answer_buttons
from bot.dialogue.models import Reply
from bot.server.schemas import ButtonOut, ReplyOut, SourceLink


def render_reply(reply: Reply) -> ReplyOut:
    """The web shape of one reply."""
    files = {
        "image_png_base64": _b64(reply.image_png),
        "file_name": reply.file_name if reply.file_bytes is not None else None,
        "file_base64": _b64(reply.file_bytes),
    }
    answer, log_id = reply.answer, reply.log_id
    if answer is None or log_id is None:
        rows = [[ButtonOut(label=b.label, payload=b.payload) for b in row] for row in reply.buttons]
        return ReplyOut(text=reply.text, buttons=[row for row in rows if row], **files)
    groups = answer_buttons(answer, log_id)
    citation = None
    if answer.citation is not None:
        label = f"{messages.CITATION_PREFIX} {answer.citation.text}."
        citation = SourceLink(label=label, payload=payloads.encode(payloads.More(0, log_id)), url=answer.citation.url)
    links = [*groups.more, *([groups.sources] if groups.sources else [])]
    buttons = [[ButtonOut(label=b.label, payload=b.payload)] for b in groups.choices]
    buttons.append([ButtonOut(label=b.label, payload=b.payload) for b in groups.feedback])
    return ReplyOut(
        text=answer.body,
        direct=answer.direct,
        details=answer.details,
        notes=answer.notes,
        citation=citation,
        sources=[SourceLink(label=b.label, payload=b.payload) for b in links],
        buttons=buttons,
        **files,
    )


def _b64(data: bytes | None) -> str | None:
    return base64.b64encode(data).decode("ascii") if data is not None else None
