"""Lexical retrieval: BM25 (bm25s) over folded syllables, bigrams and abbreviation forms."""

from __future__ import annotations

import bm25s
import numpy as np

from bot.retrieval.base import Hit
from indexer.lexical import lexical_tokens


class LexicalRetriever:
    """BM25 ranking with the same tokeniser the store was built with."""

    def __init__(self, index: bm25s.BM25, size: int) -> None:
        self._index = index
        self._size = size

    def all_scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (zeros for an empty query)."""
        tokens = lexical_tokens(query)
        if not tokens or self._size == 0:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._index.get_scores(tokens), dtype=np.float32)

    def scores(self, query: str, k: int) -> list[tuple[int, float]]:
        """``(chunk index, BM25 score)`` pairs with a positive score, best first."""
        scores = self.all_scores(query)
        k = min(k, self._size)
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k] if k < self._size else np.arange(self._size)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def search(self, query: str, k: int = 10) -> list[Hit]:
        return [Hit(index=i, score=s, lexical=s) for i, s in self.scores(query, k)]
