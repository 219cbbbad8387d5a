"""The answerer: retrieve, decide whether the knowledge base covers the question, extract, cite."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot import messages
from bot.answer.extract import Passage, select, trailing_lead
from bot.answer.models import Answer, Source
from bot.answer.scope import ScopeModel
from bot.answer.validity import replaced_note, stale_note
from bot.procedures import ProcedureMatch, ProcedureMatcher, format_procedure_answer

from bot.retrieval.base import Hit
from bot.retrieval.hybrid import HybridRetriever
from indexer.lexical import search_syllables
from indexer.models import Chunk, DocumentMeta
from indexer.procedures import DOC_TYPE as PROCEDURE_DOC_TYPE, procedure_id_of
from indexer.structure import HEADER_TITLE
from indexer.textnorm import fold, normalize

log = logging.getLogger(__name__)

# Section labels produced from numbered headings: "II", "II.2", "II.2.a", "1.1".
_NUMBERED = re.compile(r"(?:[IVXLC]+|\d+)(?:\.\d+)*(?:\.[a-zđ])?")
# The number a heading starts with ("2. ", "II. ", "b) "), already given by the section label.
_NUMBER_PREFIX = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*")


@dataclass(frozen=True)
class ScopeThresholds:
    """When a question counts as answered. Tuned on tests/data/qa_dev.jsonl.

    A question is in scope when the share of its IDF mass found in one of the top passages
    reaches ``min_coverage``, or reaches ``weak_coverage`` while the best passage is also
    semantically close (cosine at least ``strong_dense``; e5 scores of unrelated Vietnamese
    text sit around 0.78-0.86, paraphrases of a passage above 0.87). Coverage mixes words
    and phrases (see ``bot.answer.scope``).
    """

    min_coverage: float = 0.45
    weak_coverage: float = 0.25
    strong_dense: float = 0.87
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
        procedures: ProcedureMatcher | None = None,
    ) -> None:
        self.retriever = retriever
        self.procedures = procedures
        self.max_chars = max_chars
        # Answers draw on up to five chunks, weighted by rank, when their fused score is
        # at least 60% of the best one: a fact often sits in the second-ranked bullet list.
        self.pool_size = 5
        self.pool_weights = (1.0, 0.85, 0.75, 0.65, 0.55)
        self.pool_min_ratio = 0.6
        # A section too long for one chunk is split at bullet boundaries; the list a
        # question asks for often continues in the next piece. Pieces of the same section
        # join the pool at this share of their sibling's weight, at most this many each.
        self.sibling_share = 0.85
        self.max_siblings = 3
        self.thresholds = thresholds or ScopeThresholds()
        # Weight of a question word that is also in the best document's title, when choosing
        # the sentences to quote (see ``_unit_idf``). Tuned on tests/data/qa_dev.jsonl.
        self.title_word_share = 0.5
        # A chunk whose own heading the question names ("mục đích", "đối tượng") is the
        # section asked for: its units weigh this much more than their rank alone gives.
        # Its bullets rarely repeat the question's words ("Cán bộ, công chức, người lao
        # động..." answers "đối tượng là ai"), so the heading is their main evidence.
        self.section_boost = 1.0
        store = retriever.store
        self.scope = ScopeModel(self._passage(c) for c in store.chunks)

    def _passage(self, chunk: Chunk) -> str:
        """What scope coverage is measured on: the document's identity, headings and text."""
        meta = self.retriever.store.documents.get(chunk.doc_id)
        identity = [meta.title, meta.issuer or "", meta.place or "", meta.province or ""] if meta else []
        return " ".join([*identity, *chunk.heading_path, chunk.text])

    def answer(self, question: str, k: int = 5) -> Answer:
        """Answer one question (never raises on odd input: empty text is simply not found)."""
        question = normalize(question).strip()
        procedure = self.procedures.match(question) if self.procedures and question else None
        if procedure is not None:
            return self._procedure_answer(question, procedure)
        found = self.retriever.search(question, k=k) if question else []
        hits = [h for h in found if self._may_answer(question, h)]
        # The best match being a procedure the question does not name ("thủ tục ly hôn" →
        # "Đăng ký kết hôn") means the catalogue lacks the procedure asked for.
        if not hits or hits[0] is not found[0] or not self._in_scope(question, found):
            top = found[0].score if found else 0.0
            return Answer(question=question, found=False, answer=messages.NOT_FOUND, top_score=top)
        store = self.retriever.store
        top = [h for h in hits[: self.pool_size] if h.score >= self.pool_min_ratio * hits[0].score]
        if top[0].section and self._asks_section_only(question, top[0]):
            # "Mục đích của kế hoạch ... là gì": the section named is the whole answer; other
            # chunks of the plan only repeat its title (the preamble, a long content lead-in),
            # and the same section of another plan would spend the budget on the wrong list.
            doc = store.chunks[top[0].index].doc_id
            top = [h for h in top if h.section and store.chunks[h.index].doc_id == doc]
        pool = self._with_siblings(top)
        # Sentences are scored on the topic words only: the office's name, when the question
        # gives it, is in every sentence of the right document and in none of the others.
        tokens = self.scope.content_tokens(self.retriever.split_identity(question)[1]) or self.scope.content_tokens(question)
        passages = self._passages(question, pool)
        idf, pair = self._unit_idf(hits[0])
        picked = select(passages, tokens, idf, self.max_chars, pair)
        blocks, used = [], []
        last_heading: tuple[str, tuple[str, ...]] | None = None
        for (hit, _), lines in zip(pool, picked):
            if not lines:
                continue
            chunk = store.chunks[hit.index]
            heading = chunk.heading_path[-1] if chunk.heading_path else ""
            section = (chunk.doc_id, tuple(chunk.heading_path))
            if blocks and section == last_heading:
                blocks[-1] += "\n" + "\n".join(lines)  # the next piece of the same section
            else:
                blocks.append("\n".join([_lead_line(heading), *lines] if heading else lines))
            last_heading = section
            used.append(hit)
        cited = [self._source(h) for h in used]
        others = [self._source(h) for h in hits if h not in used][: max(0, 3 - len(cited))]
        chunks = [store.chunks[h.index] for h in used]
        text = "\n\n".join(blocks) + f"\n\n{messages.CITATION_PREFIX} {grouped_citation(store.documents, chunks)}."
        notes = [note for s in cited for note in ([s.note] if s.note else [])]
        for chunk, lines in zip(chunks, (lines for lines in picked if lines)):  # noqa: B905 - same length
            stale = stale_note(store.documents[chunk.doc_id], "\n".join(lines))
            notes.extend([stale] if stale else [])
        if notes:
            text += "\n" + "\n".join(dict.fromkeys(notes))
        return Answer(question=question, found=True, answer=text, sources=cited + others, top_score=hits[0].score)

    def _unit_idf(self, top: Hit) -> tuple[Callable[[str], float], Callable[[str, str], float]]:
        """IDF and bigram weight for choosing sentences, with the best document's title discounted.

        "Sở LĐTBXH Bình Phước tuyên truyền CCHC năm 2024 bằng hình thức nào" repeats the
        plan's title ("Thông tin, tuyên truyền cải cách hành chính năm 2024"): every unit of
        the plan is about that, so those words should not decide which unit answers; the
        remaining words ("hình thức") should.
        """
        meta = self.retriever.store.documents.get(self.retriever.store.chunks[top.index].doc_id)
        title = set(search_syllables(f"{meta.doc_type} {meta.title}")) if meta else set()
        share = self.title_word_share
        return (
            lambda token: self.scope.idf(token) * (share if token in title else 1.0),
            # A bigram of two title words restates the title just as its words do.
            lambda a, b: share if a in title and b in title else 1.0,
        )

    def _asks_section_only(self, question: str, top: Hit) -> bool:
        """Whether the question, beyond naming the document, only names ``top``'s section.

        Its topic words (office and place cut, stopwords dropped) minus the words of the
        document's title must all be words of the chunk's own heading, in that order.
        """
        store = self.retriever.store
        chunk = store.chunks[top.index]
        meta = store.documents.get(chunk.doc_id)
        title = set(search_syllables(fold(f"{meta.doc_type} {meta.title}"))) if meta else set()
        topic = self.scope.content_tokens(self.retriever.split_identity(question)[1])
        rest = [t for t in (fold(t) for t in topic) if t not in title]
        heading = search_syllables(fold(chunk.heading_path[-1])) if chunk.heading_path else []
        joined = " ".join(heading)
        return bool(rest) and f" {' '.join(rest)} " in f" {joined} "

    def _with_siblings(self, top: list[Hit]) -> list[tuple[Hit, float]]:
        """The answer pool: each top hit with its rank weight, followed by the other pieces of its section.

        A section's pieces are listed in document order at the place of its best hit.
        """
        pool: list[tuple[Hit, float]] = []
        seen: set[int] = set()
        for hit, weight in zip(top, self.pool_weights):
            if hit.index in seen:
                continue
            run = [j for j in self._section_run(hit.index) if j not in seen]
            near = sorted((j for j in run if j != hit.index), key=lambda j: abs(j - hit.index))[: self.max_siblings]
            for j in sorted([hit.index, *near]):
                seen.add(j)
                if j == hit.index:
                    pool.append((hit, weight))
                else:
                    pool.append((Hit(index=j, score=hit.score * self.sibling_share, section=hit.section), weight * self.sibling_share))
        return pool

    def _section_run(self, index: int) -> list[int]:
        """Indices of the contiguous chunks that share chunk ``index``'s document and heading path."""
        chunks = self.retriever.store.chunks
        key = (chunks[index].doc_id, chunks[index].heading_path)
        start = index
        while start > 0 and (chunks[start - 1].doc_id, chunks[start - 1].heading_path) == key:
            start -= 1
        end = index
        while end + 1 < len(chunks) and (chunks[end + 1].doc_id, chunks[end + 1].heading_path) == key:
            end += 1
        return list(range(start, end + 1))

    def _passages(self, question: str, pool: list[tuple[Hit, float]]) -> list[Passage]:
        """The pool's chunks as passages: heading, open list lead-in and unit cosines."""
        store = self.retriever.store
        query = self.retriever.dense.query_vector(question) if store.unit_vectors is not None else None
        passages = []
        for hit, weight in pool:
            chunk = store.chunks[hit.index]
            lead = ""
            for j in self._section_run(hit.index):
                if j >= hit.index:
                    break
                lead = trailing_lead(store.chunks[j].text, lead)
            vectors = store.chunk_unit_vectors(hit.index)
            dense = (vectors @ query).tolist() if vectors is not None and query is not None else None
            whole = chunk.heading_path == [HEADER_TITLE]
            weight *= 1.0 + self.section_boost if hit.section else 1.0
            passages.append(
                Passage(chunk.text, weight, " ".join(chunk.heading_path), lead, dense, whole, named=hit.section)
            )
        return passages

    def _procedure_answer(self, question: str, match: ProcedureMatch) -> Answer:
        """A procedure question answered field by field from the catalogue (cited there)."""
        store = self.retriever.store
        index = next(
            (i for i, c in enumerate(store.chunks) if procedure_id_of(c.chunk_id) == match.procedure.id), None
        )
        sources = [self._source(Hit(index=index, score=match.score / 100))] if index is not None else []
        return Answer(
            question=question, found=True, answer=format_procedure_answer(match, max_sources=2), sources=sources,
            top_score=match.score / 100,
        )

    def _may_answer(self, question: str, hit: Hit) -> bool:
        """False for a catalogue procedure the question does not name (see ``ProcedureMatcher.names``)."""
        store = self.retriever.store
        chunk = store.chunks[hit.index]
        meta = store.documents.get(chunk.doc_id)
        if self.procedures is None or meta is None or meta.doc_type != PROCEDURE_DOC_TYPE:
            return True
        return self.procedures.names(question, procedure_id_of(chunk.chunk_id))

    def _in_scope(self, question: str, hits: list[Hit]) -> bool:
        if any(h.ref for h in hits[:1]):
            return True
        t = self.thresholds
        top = hits[: t.candidates]
        coverage = self.scope.best_coverage(question, [h.index for h in top])
        dense = max(h.dense for h in top)
        if dense < t.min_dense:
            return False
        return coverage >= t.min_coverage or (coverage >= t.weak_coverage and dense >= t.strong_dense)

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
            note=replaced_note(meta),
        )


def _lead_line(heading: str) -> str:
    """A heading as the line above its quoted text: "Mục tiêu:", but "… là gì?" keeps its mark."""
    heading = heading.rstrip()
    return heading if heading.endswith(("?", ":", "!")) else f"{heading}:"


def section_reference(chunk: Chunk) -> str:
    """"mục II.2 (Nội dung tuyên truyền)" for numbered sections, "phần “Heading”" otherwise."""
    heading = _NUMBER_PREFIX.sub("", chunk.heading_path[-1]) if chunk.heading_path else ""
    if chunk.section and _NUMBERED.fullmatch(chunk.section):
        return f"{chunk.section_label()} ({heading})" if heading else chunk.section_label()
    return f"phần “{heading}”" if heading else ""


def citation(meta: DocumentMeta, chunk: Chunk) -> str:
    """"Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND huyện Ninh Giang, mục II.2 (Nội dung tuyên truyền)"."""
    reference = section_reference(chunk)
    return f"{meta.label()}, {reference}" if reference else meta.label()


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
