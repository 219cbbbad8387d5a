"""Hybrid retrieval: dense + lexical + exact legal references, fused."""

from __future__ import annotations

import re
from dataclasses import dataclass

import bm25s
import numpy as np

from bot.retrieval.base import Hit
from bot.retrieval.dense import DenseRetriever
from bot.retrieval.fusion import FusionMethod, fuse
from bot.retrieval.lexical import LexicalRetriever
from bot.retrieval.refs import formal_refs, query_refs
from indexer.embedding import Embedder
from indexer.lexical import expanded_bigrams, expanded_syllables, lexical_tokens
from indexer.store import Store
from indexer.structure import HEADER_TITLE, PREAMBLE_TITLE
from indexer.textnorm import fold

# Roman numerals of section headings ("II"), folded: numbering, not words.
_ROMAN = re.compile(r"[ivxlc]+")
# Questions about the legal basis are what the preamble answers.
_BASIS_WORDS = re.compile(r"\b(can cu|van ban nao|ban hanh ngay|co so phap ly)\b")
# Questions about a document's own identity (date, number, name) are what its header answers.
_IDENTITY_WORDS = re.compile(
    r"\b(ban hanh (ngay|khi|luc|nam|thang)|ngay (ban hanh|ky|nao)|ky ngay|khi nao|so hieu|so ky hieu|ky (vao )?(hom|ngay) nao"
    r"|ten (day du|van ban|ke hoach|cua ke hoach|cua van ban)|trich yeu)\b"
)


@dataclass(frozen=True)
class FusionConfig:
    """How the lists are combined. Defaults were tuned on the dev splits of the benchmarks.

    ``fetch`` candidates are taken from each side before fusing (over-fetching lets a chunk
    ranked low by one retriever be rescued by the other).
    """

    method: FusionMethod = "convex"
    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    ref_weight: float = 0.5
    # BM25 over the heading path alone: structured plans answer "mục đích", "đối tượng",
    # "kinh phí" questions in the section of that name.
    heading_weight: float = 0.2
    # Best answer-unit cosine of each chunk (stores built with unit embeddings): all
    # chunks of a plan get near-identical chunk cosines (their shared identity and
    # boilerplate dominate), while the one sentence that answers stands out.
    unit_weight: float = 0.3
    fetch: int = 100
    # Multipliers on the fused score. The preamble ("Căn cứ ...") names every legal basis
    # and the issuing office, so it matches many questions lexically while answering
    # few of them; content of a replaced document should lose to current content.
    preamble_prior: float = 0.6
    # The header chunk ("Số: 18/KH-UBND", "Ninh Giang, ngày 28 tháng 01 năm 2022", title)
    # repeats the plan's name, so it matches most questions about the plan while answering
    # only questions about its date, number or title: the same discount as the preamble.
    header_prior: float = 0.6
    replaced_prior: float = 0.85
    # Per identity bigram of a document named in the question ("Sở KH&CN", "Bình Phước"),
    # up to ``identity_max`` of them: the office a question names is the document it means.
    identity_boost: float = 0.2
    identity_max: int = 4
    # A chunk whose own (short) heading the question spells out in full ("mục tiêu",
    # "đối tượng tuyên truyền", "kinh phí") is the section asked for: score × (1 + this).
    leaf_boost: float = 0.6


# The words that head an office's name: a ministry ("bộ") and a department ("sở") may share the rest.
_OFFICE_HEADS = frozenset({"bo", "so"})


def _names_other_level(tokens: list[str], first: int, issuer: set[str] | frozenset[str]) -> bool:
    """Whether the issuer's name words found at ``first`` follow the head of another level of office."""
    head = tokens[first - 1] if first > 0 else ""
    return head in _OFFICE_HEADS and f"{head}_{tokens[first]}" not in issuer


class HybridRetriever:
    """The assistant's retriever over one loaded store."""

    def __init__(self, store: Store, embedder: Embedder, config: FusionConfig | None = None) -> None:
        self.store = store
        self.config = config or FusionConfig()
        self.dense = DenseRetriever(store.vectors, embedder)
        self.lexical = LexicalRetriever(store.lexical, len(store.chunks))
        self._refs: dict[str, list[int]] = {}
        self._identity = _identity_keys(store)
        self.headings = _heading_index(store)
        self._leaves = [_leaf_tokens(c.heading_path) for c in store.chunks]
        self._preamble = [c.heading_path[:1] == [PREAMBLE_TITLE] for c in store.chunks]
        self._header = [c.heading_path[:1] == [HEADER_TITLE] for c in store.chunks]
        self._replaced = [bool((m := store.documents.get(c.doc_id)) and m.replaced_by) for c in store.chunks]
        for i, chunk in enumerate(store.chunks):
            meta = store.documents.get(chunk.doc_id)
            keys = formal_refs(chunk.text) | (formal_refs(meta.number or "") if meta else set())
            for key in keys:
                self._refs.setdefault(key, []).append(i)

    def _prior(self, i: int, asks_basis: bool, identity: bool = False) -> float:
        """Score multiplier of chunk ``i`` (see :class:`FusionConfig`)."""
        prior = self.config.replaced_prior if self._replaced[i] else 1.0
        if self._preamble[i] and not asks_basis:
            prior *= self.config.preamble_prior
        if self._header[i] and not identity:
            prior *= self.config.header_prior
        return prior

    def split_identity(self, query: str) -> tuple[dict[str, float], str]:
        """Find the offices/places a query names; return document boosts and the topic query.

        The topic query is the (folded, abbreviation-expanded) question with the naming
        words cut out at the positions where they name a document: "Sở KH&CN Quảng Ngãi
        tuyên truyền gì về cải cách thể chế" → "tuyen truyen gi ve cai cach the che". Left
        in, the office's name would favour any chunk that happens to spell it out.
        """
        tokens = expanded_syllables(query)
        pairs = [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]
        cfg = self.config
        boosts: dict[str, float] = {}
        cut: set[int] = set()
        for doc_id, (places, issuer) in self._identity.items():
            matched = [i for i, pair in enumerate(pairs) if pair in places]
            by_issuer = [i for i, pair in enumerate(pairs) if pair in issuer]
            if by_issuer and _names_other_level(tokens, by_issuer[0], issuer):
                by_issuer = []  # "Bộ Lao động – Thương binh và Xã hội" is not the Sở of that name
            # One pair of the issuer's name is a common word ("tài chính công", "ứng dụng
            # công nghệ"); "Sở Tài chính" or "Sở KH&CN" give two or more, and beside the
            # place's name one is enough ("huyện Ninh Giang").
            if matched or len({pairs[i] for i in by_issuer}) >= ISSUER_MIN_PAIRS:
                matched += by_issuer
            if matched:
                boosts[doc_id] = 1.0 + cfg.identity_boost * min(len(set(pairs[i] for i in matched)), cfg.identity_max)
                cut.update(i for m in matched for i in (m, m + 1))
        return boosts, " ".join(t for i, t in enumerate(tokens) if i not in cut)

    def unit_scores(self, query: str) -> list[tuple[int, float]]:
        """``(chunk index, best unit cosine)`` best first; empty for a store without unit vectors."""
        store = self.store
        if store.unit_vectors is None or store.unit_offsets is None or not len(store.unit_vectors):
            return []
        sims = store.unit_vectors @ self.dense.query_vector(query)
        starts = np.asarray(store.unit_offsets[:-1])
        present = starts < np.asarray(store.unit_offsets[1:])
        best = np.full(len(store.chunks), -1.0, dtype=np.float32)
        best[present] = np.maximum.reduceat(sims, starts[present])
        order = np.argsort(-best, kind="stable")
        return [(int(i), float(best[i])) for i in order if present[i]]

    def ref_matches(self, query: str) -> set[int]:
        """Chunks that hold a legal reference the query names."""
        return {i for key in query_refs(query) for i in self._refs.get(key, [])}

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """Fused ranking; each hit keeps its raw dense and lexical scores."""
        if not query.strip() or not self.store.chunks:
            return []
        cfg = self.config
        named, topic = self.split_identity(query)
        dense = self.dense.scores(query, cfg.fetch)
        # The office's name has done its work in ``named``; left in the BM25 query it
        # would favour any chunk that happens to spell the name out.
        lexical = self.lexical.scores(topic, cfg.fetch)
        refs = self.ref_matches(query)
        lists = [lexical, dense]
        weights = [cfg.lexical_weight, cfg.dense_weight]
        units = self.unit_scores(query) if cfg.unit_weight > 0 else []
        if units:
            lists.append(units[: cfg.fetch])
            weights.append(cfg.unit_weight)
        if self.headings is not None and cfg.heading_weight > 0:
            lists.append(self.headings.scores(topic, cfg.fetch))
            weights.append(cfg.heading_weight)
        if refs:
            lex_rank = {i: r for r, (i, _) in enumerate(lexical)}
            ordered = sorted(refs, key=lambda i: lex_rank.get(i, len(lex_rank)))
            lists.append([(i, 1.0) for i in ordered])
            weights.append(cfg.ref_weight)
        fused = fuse(lists, weights, method=cfg.method)
        asks_basis = bool(refs) or _BASIS_WORDS.search(fold(query)) is not None
        identity = asks_identity(query)
        words = set(topic.split())
        leaf = {i: 1.0 + cfg.leaf_boost for i, _ in fused if any(t <= words for t in self._leaves[i])}
        fused = sorted(
            (
                (i, s * self._prior(i, asks_basis, identity) * named.get(self.store.chunks[i].doc_id, 1.0) * leaf.get(i, 1.0))
                for i, s in fused
            ),
            key=lambda x: x[1],
            reverse=True,
        )[:k]
        dense_of, lexical_of = dict(dense), dict(lexical)
        return [
            Hit(
                index=i, score=s, dense=dense_of.get(i, 0.0), lexical=lexical_of.get(i, 0.0), ref=i in refs,
                section=i in leaf,
            )
            for i, s in fused
        ]


# Leaf headings longer than this many syllables are items with content, not section names.
_MAX_LEAF_SYLLABLES = 5


# A heading often names several topics: "1. Phạm vi, đối tượng", "I. MỤC ĐÍCH, YÊU CẦU".
_TOPIC_SPLIT = re.compile(r"\s*(?:[,;/]|\bvà\b|\bVÀ\b)\s*")


def _leaf_tokens(path: list[str]) -> tuple[frozenset[str], ...]:
    """Folded syllables of a chunk's own heading without its numbering, and of each topic it lists.

    Empty when the heading is long (an item with content) or absent. A question that spells
    out the whole heading, or one of the topics it lists ("đối tượng" of "Phạm vi, đối
    tượng"), asks for that section.
    """
    if not path:
        return ()
    whole = _leaf_set(path[-1])
    if not whole:
        return ()
    topics = [_leaf_set(part) for part in _TOPIC_SPLIT.split(path[-1])]
    # A topic of one syllable ("Tổ chức thực hiện" splits into nothing that short) is too
    # ambiguous once folded; topics need two.
    return tuple(dict.fromkeys([whole, *(t for t in topics if len(t) >= 2)]))


def _leaf_set(text: str) -> frozenset[str]:
    tokens = [t for t in expanded_syllables(text) if not t.isdigit() and not _ROMAN.fullmatch(t)]
    return frozenset(tokens) if 0 < len(tokens) <= _MAX_LEAF_SYLLABLES else frozenset()


# An issuer's name must match this many of its bigrams to name the document.
ISSUER_MIN_PAIRS = 2


def asks_identity(query: str) -> bool:
    """Whether ``query`` asks for a document's own number, date or title ("ký ngày nào", "số hiệu")."""
    return _IDENTITY_WORDS.search(fold(query)) is not None


def _identity_keys(store: Store) -> dict[str, tuple[set[str], set[str]]]:
    """Distinctive bigrams of each document's place and of its issuer, apart.

    A place's name names its documents by itself ("Sóc Trăng"); an issuer's name only
    with two of its bigrams (see ``ISSUER_MIN_PAIRS``). Bigrams shared by more than half
    of the documents ("ủy ban", "nhân dân") identify nothing and are dropped.
    """
    places = {
        doc_id: expanded_bigrams(" ".join(filter(None, [m.place, m.province]))) for doc_id, m in store.documents.items()
    }
    issuers = {doc_id: expanded_bigrams(m.issuer or "") - places[doc_id] for doc_id, m in store.documents.items()}
    counts: dict[str, int] = {}
    for doc_id in store.documents:
        for key in places[doc_id] | issuers[doc_id]:
            counts[key] = counts.get(key, 0) + 1
    limit = max(1, len(store.documents) // 2)
    return {
        doc_id: ({k for k in places[doc_id] if counts[k] <= limit}, {k for k in issuers[doc_id] if counts[k] <= limit})
        for doc_id in store.documents
    }


def _heading_index(store: Store) -> LexicalRetriever | None:
    """A small BM25 index over each chunk's heading path (None when no chunk has headings)."""
    paths = [" ".join(c.heading_path) for c in store.chunks]
    if not any(paths):
        return None
    index = bm25s.BM25()
    index.index([lexical_tokens(p) or [""] for p in paths], show_progress=False)
    return LexicalRetriever(index, len(paths))
