"""What channels hand to the core and what the core hands back. No channel types here."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.answer.models import Answer

Channel = Literal["telegram", "zalo", "web", "cli"]


class Incoming(BaseModel):
    """One user event, already translated by a channel adapter.

    Exactly one of ``text`` (typed message or command), ``payload`` (a button press) or
    ``document`` (an uploaded file) is normally set; ``kind`` tells the core what arrived
    when it is none of those (a sticker, a photo), so it can answer politely.
    """

    channel: Channel
    user_id: str = Field(description="The channel's user id, always a string.")
    display_name: str = ""
    text: str | None = None
    payload: str | None = None
    kind: Literal["text", "button", "document", "other"] = "text"
    document_name: str | None = None
    document_bytes: bytes | None = None
    message_id: str | None = Field(None, description="Channel message id the button belonged to (dedup).")


class Button(BaseModel):
    """A reply button: what the user sees and what comes back in ``Incoming.payload``."""

    label: str
    payload: str


class Poll(BaseModel):
    """A question a channel may show as a native quiz poll instead of the reply's buttons (issue 14).

    Only Telegram has native polls, and only when ``CCHC_TELEGRAM_QUIZ_POLLS`` is on; every
    other channel ignores this field, because the reply's ``text`` and ``buttons`` carry the
    same question. ``payloads[i]`` is what the button of option ``i`` sends, so a vote is
    handled by the core exactly like a button press (the same attempt records).
    """

    question: str = Field(description="The question, numbered (e.g. 'Câu 3/10: …').")
    options: list[str] = Field(description="Full option texts, in the order of the buttons.")
    labels: list[str] = Field(description="Short option labels (A, B, C…) for when the texts are too long.")
    payloads: list[str] = Field(description="The payload of each option's button.")
    correct: int | None = Field(None, description="Index of the right option: a quiz poll; None: a plain poll.")
    explanation: str = Field("", description="Shown by the poll after a vote (channels trim it to their limit).")
    open_seconds: int | None = Field(None, description="Time limit: the poll closes itself after this many seconds.")
    lead: str = Field("", description="Text to send before the poll (an introduction, the topic).")


class Reply(BaseModel):
    """One message to send: text, optional buttons (rows), optional file or image.

    An answer to a question also carries the structured ``answer`` and its ``log_id``:
    channels that lay answers out (Telegram, the web page) render from those fields, and
    ``text`` is the plain-text form for those that do not (Zalo, the CLI). No channel
    reads anything back out of ``text``. The answer's own buttons ("Xem thêm", the choices
    of a clarifying question, the sources, 👍/👎) are in ``buttons`` like any other.
    """

    text: str
    buttons: list[list[Button]] = Field(default_factory=list)
    file_name: str | None = None
    file_bytes: bytes | None = None
    image_png: bytes | None = None
    answer: Answer | None = None
    log_id: int | None = None
    poll: Poll | None = None  # issue 14: quiz and contest questions as native polls (Telegram only)
