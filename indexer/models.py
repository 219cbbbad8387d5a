"""Data shapes shared by the indexer and the bot: documents, chunks, parsed results."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentMeta(BaseModel):
    """Identity of one source document, carried by every chunk so answers can cite it.

    Dates are ISO strings (``2022-01-28``) when complete; ``date_text`` is the display form
    ("28/01/2022", or "tháng 5/2024" when the day was left blank in the original).
    """

    doc_id: str
    path: str = ""
    title: str = ""
    doc_type: str = ""
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    province: str | None = None
    date: str | None = None
    date_text: str | None = None
    year: int | None = None
    source_hash: str = ""
    # Validity (used by legal notes; plans leave them empty).
    effective_from: str | None = None
    replaced_by: str | None = None
    replaced_on: str | None = None
    sources: list[str] = Field(default_factory=list)

    def label(self) -> str:
        """Human citation of the document: "Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang"."""
        parts: list[str] = [self.doc_type or "Văn bản"]
        if self.number and not self.number.startswith("/"):
            parts.append(self.number)
        elif self.title:
            parts.append(f"“{self.title}”")
        if self.date_text:
            parts.append(("ngày " if self.date_text[0].isdigit() else "") + self.date_text)
        elif self.year:
            parts.append(f"năm {self.year}")  # the day is unknown, but an answer always shows when
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


class Chunk(BaseModel):
    """One retrievable passage: a section's text plus where it sits in its document."""

    chunk_id: str
    doc_id: str
    heading_path: list[str] = Field(default_factory=list)
    section: str = ""
    text: str

    def section_label(self) -> str:
        """Short section reference for citations ("mục II.2")."""
        return f"mục {self.section}" if self.section else ""


class ParsedDocument(BaseModel):
    """Result of parsing one file: its metadata and its chunks, in document order."""

    meta: DocumentMeta
    chunks: list[Chunk]
