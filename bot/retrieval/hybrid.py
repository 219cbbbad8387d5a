"""Hybrid retrieval: dense + lexical + exact legal references, fused."""

from __future__ import annotations

from dataclasses import dataclass

from bot.retrieval.base import Hit
from bot.retrieval.dense import DenseRetriever
from bot.retrieval.fusion import FusionMethod, fuse
from bot.retrieval.lexical import LexicalRetriever
from bot.retrieval.refs import formal_refs, query_refs
from indexer.embedding import Embedder
from indexer.store import Store


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
    fetch: int = 100


class HybridRetriever:
    """The assistant's retriever over one loaded store."""

    def __init__(self, store: Store, embedder: Embedder, config: FusionConfig | None = None) -> None:
        self.store = store
        self.config = config or FusionConfig()
        self.dense = DenseRetriever(store.vectors, embedder)
        self.lexical = LexicalRetriever(store.lexical, len(store.chunks))
        self._refs: dict[str, list[int]] = {}
        for i, chunk in enumerate(store.chunks):
            meta = store.documents.get(chunk.doc_id)
            keys = formal_refs(chunk.text) | (formal_refs(meta.number or "") if meta else set())
            for key in keys:
                self._refs.setdefault(key, []).append(i)

    def ref_matches(self, query: str) -> set[int]:
        """Chunks that hold a legal reference the query names."""
        return {i for key in query_refs(query) for i in self._refs.get(key, [])}

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """Fused ranking; each hit keeps its raw dense and lexical scores."""
        if not query.strip() or not self.store.chunks:
            return []
        cfg = self.config
        dense = self.dense.scores(query, cfg.fetch)
        lexical = self.lexical.scores(query, cfg.fetch)
        refs = self.ref_matches(query)
        lists = [lexical, dense]
        weights = [cfg.lexical_weight, cfg.dense_weight]
        if refs:
            lex_rank = {i: r for r, (i, _) in enumerate(lexical)}
            ordered = sorted(refs, key=lambda i: lex_rank.get(i, len(lex_rank)))
            lists.append([(i, 1.0) for i in ordered])
            weights.append(cfg.ref_weight)
        fused = fuse(lists, [w for w in weights], method=cfg.method)[:k]
        dense_of, lexical_of = dict(dense), dict(lexical)
        return [
            Hit(index=i, score=s, dense=dense_of.get(i, 0.0), lexical=lexical_of.get(i, 0.0), ref=i in refs)
            for i, s in fused
        ]
