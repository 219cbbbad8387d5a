"""The structured answer the core returns to every channel.

An answer is fields, not a text: the direct answer first, a few supporting lines, a short
citation, validity notes, and the options a channel offers as buttons ("Xem thêm" for other
sections, the choices of a clarifying question). Each channel renders these fields in its
own way (:attr:`Answer.answer` is the plain-text form, used by the CLI, Zalo and the
JSON output), so no channel ever parses reply text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.messages import CITATION_PREFIX

# What an answer is: quoted from documents, a catalogue procedure, a curated answer, a
# decline (nothing relevant, or the evidence misses what was asked), or a question back.
AnswerKind = Literal["document", "procedure", "curated", "not_found", "clarify"]


class Source(BaseModel):
    """One cited chunk: document identity, section and the chunk text."""

    chunk_id: str
    doc_id: str
    title: str = ""
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    section: str = ""
    heading: str = ""
    text: str = ""
    score: float = 0.0
    citation: str = ""
    url: str | None = None
    note: str | None = Field(None, description="Validity warning (replaced rule, pre-2025 plan).")


class Citation(BaseModel):
    """The short citation shown under every answer: document, then section."""

    document: str
    section: str = ""
    url: str | None = None
    others: list[str] = Field(default_factory=list, description="Other documents quoted in the body.")

    @property
    def text(self) -> str:
        """"Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang, mục II.2"."""
        first = f"{self.document}, {self.section}" if self.section else self.document
        return "; ".join([first, *self.others])


class Choice(BaseModel):
    """One option of a clarifying question ("which procedure do you mean?")."""

    label: str = Field(description="Short name plus level or ministry, fit for a button.")
    question: str = Field(description="The question answered when the option is picked.")
    procedure_id: str | None = None


class Subject(BaseModel):
    """What an answer was about, remembered for the follow-up questions that omit it."""

    procedure_id: str | None = None
    doc_id: str | None = None
    section: str = ""
    topic: str = Field("", description="The subject words of the question answered.")
    fields: list[str] = Field(
        default_factory=list, description="The procedure fields the answer gave, when it asked for some."
    )


class Answer(BaseModel):
    """A question's outcome.

    ``found`` is false for a decline and for a clarifying question. ``direct`` leads (the
    sentence, bullet or field that answers); ``details`` are at most a few supporting
    lines; ``more`` indexes ``sources`` for the "Xem thêm" buttons.
    """

    question: str
    found: bool
    kind: AnswerKind = "document"
    direct: str
    details: list[str] = Field(default_factory=list)
    citation: Citation | None = None
    notes: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    more: list[int] = Field(default_factory=list, description="Indices into sources offered as 'Xem thêm'.")
    choices: list[Choice] = Field(default_factory=list)
    subject: Subject | None = None
    top_score: float = 0.0

    @property
    def body(self) -> str:
        """The direct answer and its supporting lines (no citation): what length targets measure."""
        return "\n".join([self.direct, *self.details])

    @property
    def answer(self) -> str:
        """The whole answer as plain text: body, the citation line, then one line per note.

        The plain form of the CLI, Zalo and the JSON output; Telegram and the web page lay
        the same fields out themselves.
        """
        parts = [self.body]
        if self.citation is not None:
            parts.append(f"{CITATION_PREFIX} {self.citation.text}.")
        text = "\n\n".join(parts)
        return "\n".join([text, *self.notes]) if self.notes else text

    def to_public(self) -> dict:
        """The JSON shape of ``cchc ask --json``: question, found, answer, the fields, sources."""
        keys = ("title", "number", "issuer", "date", "section", "text", "score", "citation", "url")
        return {
            "question": self.question,
            "found": self.found,
            "kind": self.kind,
            "answer": self.answer,
            "direct": self.direct,
            "details": self.details,
            "citation": self.citation.text if self.citation else None,
            "notes": self.notes,
            "choices": [choice.label for choice in self.choices],
            "sources": [{k: getattr(s, k) for k in keys} for s in self.sources],
        }
