"""The answer returned by the core to every channel."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
    note: str | None = Field(None, description="Validity warning (replaced rule, pre-2025 plan).")


class Answer(BaseModel):
    """A question's outcome: ``found`` is false when the knowledge base has nothing relevant."""

    question: str
    found: bool
    answer: str
    sources: list[Source] = Field(default_factory=list)
    top_score: float = 0.0

    def to_public(self) -> dict:
        """The JSON shape of ``cchc ask --json`` (question, found, answer, sources)."""
        keys = ("title", "number", "issuer", "date", "section", "text", "score", "citation")
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "sources": [{k: getattr(s, k) for k in keys} for s in self.sources],
        }
