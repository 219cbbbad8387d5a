"""How an answer cites its source: document identity, then the section.

One home for citation wording, used by answers, "Xem thêm" excerpts and quiz questions.
"""

from __future__ import annotations

import re

from bot.answer.models import Citation
from indexer.models import Chunk, DocumentMeta

# Section labels produced from numbered headings: "II", "II.2", "II.2.a", "1.1".
_NUMBERED = re.compile(r"(?:[IVXLC]+|\d+)(?:\.\d+)*(?:\.[a-zđ])?")
# The number a heading starts with ("2. ", "II. ", "b) "), already given by the section label.
_NUMBER_PREFIX = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*")


def section_reference(chunk: Chunk) -> str:
    """"mục II.2 (Nội dung tuyên truyền)" for numbered sections, "phần “Heading”" otherwise."""
    heading = _NUMBER_PREFIX.sub("", chunk.heading_path[-1]) if chunk.heading_path else ""
    if chunk.section and _NUMBERED.fullmatch(chunk.section):
        return f"{chunk.section_label()} ({heading})" if heading else chunk.section_label()
    return f"phần “{heading}”" if heading else ""


def citation(meta: DocumentMeta, chunk: Chunk) -> str:
    """"Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang, mục II.2 (Nội dung tuyên truyền)"."""
    return short_citation(meta, chunk).text


def short_citation(meta: DocumentMeta, chunk: Chunk) -> Citation:
    """The citation of one chunk as fields (document, section)."""
    return Citation(document=meta.label(), section=section_reference(chunk))


def grouped_citation(documents: dict[str, DocumentMeta], chunks: list[Chunk]) -> str:
    """One citation per document, listing its sections: "Kế hoạch ..., mục I.1 (...), mục II.2 (...)"."""
    by_doc: dict[str, list[str]] = {}
    for chunk in chunks:
        sections = by_doc.setdefault(chunk.doc_id, [])
        reference = section_reference(chunk)
        if reference and reference not in sections:
            sections.append(reference)
    return "; ".join(
        ", ".join([documents[doc_id].label(), *sections]) for doc_id, sections in by_doc.items()
    )
