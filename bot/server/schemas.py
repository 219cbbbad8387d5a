"""The JSON API's input and output models (the OpenAPI schema is generated from these)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from bot.dialogue.models import Incoming

# Web session ids are random tokens the page makes (crypto.randomUUID()); the pattern keeps
# arbitrary text out of the users table.
SESSION_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
# Typed questions are bounded by CCHC_MAX_QUESTION_CHARS in the core (polite refusal);
# this only stops absurd bodies. Payloads fit Telegram's 64 bytes; 256 leaves slack.
TEXT_MAX_CHARS = 4000
PAYLOAD_MAX_CHARS = 256


class ChatRequest(BaseModel):
    """One web chat event: a typed ``text`` or a pressed button's ``payload`` (exactly one)."""

    session_id: str = Field(pattern=SESSION_PATTERN, description="The browser's chat session (its user id).")
    text: str | None = Field(None, max_length=TEXT_MAX_CHARS)
    payload: str | None = Field(None, max_length=PAYLOAD_MAX_CHARS)

    @model_validator(mode="after")
    def _exactly_one(self) -> ChatRequest:
        if (self.text is None) == (self.payload is None):
            raise ValueError("send exactly one of 'text' or 'payload'")
        return self

    def to_incoming(self) -> Incoming:
        """The core event on channel ``web``."""
        if self.payload is not None:
            return Incoming(channel="web", user_id=self.session_id, kind="button", payload=self.payload)
        return Incoming(channel="web", user_id=self.session_id, text=self.text)


class ButtonOut(BaseModel):
    """A button: show ``label``, send ``payload`` back when pressed."""

    label: str
    payload: str


class SourceLink(BaseModel):
    """A cited source the page can expand: sending ``payload`` returns its text."""

    label: str
    payload: str
    url: str | None = Field(None, description="The official page of the source, when it has one.")


class ReplyOut(BaseModel):
    """One assistant message, ready to show.

    For an answer, ``text`` is its body (``direct`` first, then ``details``), ``citation``
    its short citation (expandable: the payload returns the cited text), ``notes`` its
    validity warnings and ``sources`` the further sources ("Xem thêm", the list).
    """

    text: str
    direct: str | None = None
    details: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    citation: SourceLink | None = None
    sources: list[SourceLink] = Field(default_factory=list)
    buttons: list[list[ButtonOut]] = Field(default_factory=list)
    image_png_base64: str | None = None
    file_name: str | None = None
    file_base64: str | None = None


class ChatResponse(BaseModel):
    """The replies to one event, in order (empty only when nothing needs saying)."""

    replies: list[ReplyOut]


class Health(BaseModel):
    """Readiness: a live store and a reachable database, and not draining.

    ``draining`` (503) means alive but leaving the rotation (``POST /admin/drain``); a dead
    worker does not answer at all, and ``/livez`` answers 200 as long as the process runs.
    """

    status: Literal["ok", "degraded", "draining"]
    store_loaded: bool
    database: bool
    worker: str = ""
    build: str | None = None


class ReloadResult(BaseModel):
    """The outcome of an admin reload."""

    documents: int
    chunks: int
    embedded: int
    seconds: float
    skipped: list[str]
    build: str | None = None


class Ack(BaseModel):
    """A webhook's acknowledgement."""

    ok: bool = True


class Capabilities(BaseModel):
    """What the web page may use: ``stream`` is true when a language model writes the answers."""

    stream: bool
