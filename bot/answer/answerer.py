"""The answerer: retrieve, decide whether the knowledge base covers the question, extract, cite."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot import messages
from bot.answer.extract import select
from bot.answer.models import Answer, Source
from bot.answer.scope import ScopeModel

from bot.retrieval.base import Hit
from bot.retrieval.hybrid import HybridRetriever
from indexer.models import Chunk, DocumentMeta
from indexer.textnorm import normalize

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScopeThresholds:
    """When a question counts as answered. Tuned on tests/data/qa_dev.jsonl.

    ``min_coverage``: share of the question's IDF mass that must occur in one of the top
    passages; ``min_dense``: a floor on the cosine of the best passage (e5 scores of
    unrelated Vietnamese text sit around 0.75-0.8).
    """

    min_coverage: float = 0.55
    min_dense: float = 0.78
    candidates: int = 3


class Answerer:
    """Question → :class:`Answer`, over one retriever (one store)."""

    def __init__(
        self,
        retriever: HybridRetriever,
        *,
        max_chars: int = 800,
        thresholds: ScopeThresholds | None = None,
    ) -> None:
        self.retriever = retriever
        self.max_chars = max_chars
        self.thresholds = thresholds or ScopeThresholds()
        store = retriever.store
        self.scope = ScopeModel(self._passage(c) for c in store.chunks)

    def _passage(self, chunk: Chunk) -> str:
        meta = self.retriever.store.documents.get(chunk.doc_id)
        return " ".join([meta.title if meta else "", *chunk.heading_path, chunk.text])

    def answer(self, question: str, k: int = 5) -> Answer:
        """Answer one question (never raises on odd input: empty text is simply not found)."""
        question = normalize(question).strip()
        hits = self.retriever.search(question, k=k) if question else []
        if not hits or not self._in_scope(question, hits):
            return Answer(question=question, found=False, answer=messages.NOT_FOUND, top_score=hits[0].score if hits else 0.0)
        store = self.retriever.store
        best = store.chunks[hits[0].index]
        meta = store.documents[best.doc_id]
        tokens = self.scope.content_tokens(question)
        lines = select(best.text, tokens, self.scope.idf, self.max_chars)
        heading = best.heading_path[-1] if best.heading_path else ""
        body = "\n".join(lines)
        if heading and len(heading) + len(body) < self.max_chars + 100:
            body = f"{heading}:\n{body}"
        sources = [self._source(hit) for hit in hits[:3]]
        text = f"{body}\n\n{messages.CITATION_PREFIX} {sources[0].citation}."
        if sources[0].note:
            text += f"\n{sources[0].note}"
        return Answer(question=question, found=True, answer=text, sources=sources, top_score=hits[0].score)

    def _in_scope(self, question: str, hits: list[Hit]) -> bool:
        if any(h.ref for h in hits[:1]):
            return True
        t = self.thresholds
        top = hits[: t.candidates]
        passages = [self._passage(self.retriever.store.chunks[h.index]) for h in top]
        coverage = self.scope.best_coverage(question, passages)
        dense = max(h.dense for h in top)
        return coverage >= t.min_coverage and dense >= t.min_dense

    def _source(self, hit: Hit) -> Source:
        store = self.retriever.store
        chunk = store.chunks[hit.index]
        meta = store.documents[chunk.doc_id]
        return Source(
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            title=meta.title,
            number=meta.number if meta.number and not meta.number.startswith("/") else None,
            issuer=meta.issuer,
            date=meta.date_text or meta.date,
            section=chunk.section,
            heading=chunk.heading_path[-1] if chunk.heading_path else "",
            text=chunk.text,
            score=round(hit.score, 4),
            citation=citation(meta, chunk),
            note=validity_note(meta),
        )


def citation(meta: DocumentMeta, chunk: Chunk) -> str:
    """"Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang, mục II.2 (Nội dung tuyên truyền)"."""
    text = meta.label()
    if chunk.section:
        text += f", {chunk.section_label()}"
    if chunk.heading_path:
        heading = chunk.heading_path[-1]
        text += f" ({heading})" if chunk.section else f", phần “{heading}”"
    return text


def validity_note(meta: DocumentMeta) -> str | None:
    """A one-line warning when the cited document has been replaced."""
    if meta.replaced_by:
        when = f" từ {meta.replaced_on}" if meta.replaced_on else ""
        return f"{messages.REPLACED_PREFIX} {meta.replaced_by}{when}."
    return None
