"""Dense retrieval: FAISS inner product over unit-length embeddings."""

from __future__ import annotations

import faiss
import numpy as np

from bot.retrieval.base import Hit
from indexer.embedding import Embedder
from indexer.textnorm import normalize


class DenseRetriever:
    """Nearest chunks by cosine similarity of their embeddings to the query's."""

    def __init__(self, index: faiss.Index, embedder: Embedder) -> None:
        self._index = index
        self._embedder = embedder

    def query_vector(self, query: str) -> np.ndarray:
        """The unit-length embedding of a query (cached by :class:`indexer.embedding.QueryCache`)."""
        return self._embedder.embed_query(normalize(query))

    def scores(self, query: str, k: int) -> list[tuple[int, float]]:
        """``(chunk index, cosine)`` pairs, best first."""
        k = min(k, self._index.ntotal)
        if k <= 0 or not query.strip():
            return []
        vector = self.query_vector(query).reshape(1, -1).astype(np.float32)
        sims, ids = self._index.search(vector, k)
        return [(int(i), float(s)) for i, s in zip(ids[0], sims[0]) if i >= 0]

    def search(self, query: str, k: int = 10) -> list[Hit]:
        return [Hit(index=i, score=s, dense=s) for i, s in self.scores(query, k)]
