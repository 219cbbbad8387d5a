"""Synthetic scale run: search latency and memory of a store of N chunks (default 100,000).

Why synthetic: embedding 100,000 real passages with e5-small would take over an hour on
2 cores, and what grows with the store is the search (FAISS inner product over every
vector, BM25 over every chunk, the fusion), not the model. The chunk texts are real
sentences from the national procedure records, repeated and shuffled, so BM25 sees
Vietnamese vocabulary; the vectors are random unit vectors of the model's dimension
(384), and queries get random unit vectors too, so the timings exclude the query
embedding (measured separately by ``cchc bench``).

Run in its own process (``python -m bot.evaluation.scale_bench``) so that its memory does
not mix with the main benchmark's peak; it prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bot.retrieval.hybrid import HybridRetriever
from indexer.models import Chunk, DocumentMeta
from indexer.store import load_store, write_store

DIMENSION = 384  # multilingual-e5-small
MODEL_ID = "synthetic-random-384"
# Sentences per synthetic chunk: about the length of a real knowledge chunk (~600 characters).
SENTENCES_PER_CHUNK = 4
QUERIES = 200


class RandomEmbedder:
    """Unit vectors derived from a text's hash: deterministic, no model (see the module docstring)."""

    model_id = MODEL_ID
    dimension = DIMENSION

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.embed_query(t) for t in texts]) if texts else np.zeros((0, DIMENSION), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(DIMENSION).astype(np.float32)
        return vector / np.linalg.norm(vector)


def _rss_mb() -> float:
    """Current resident memory (Linux /proc), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - non-Linux


def _sentences(knowledge_dir: Path) -> list[str]:
    """Real sentences to build chunks from: names, conditions and documents of the catalogue."""
    from bot.procedures.catalogue import Catalogue

    lines: list[str] = []
    for entry in Catalogue.load(knowledge_dir).entries:
        lines.append(entry.name)
        record = entry.record
        if record is not None:
            lines += [ln for ln in (record.conditions or "").splitlines() if len(ln) > 30]
            lines += [item.name for group in record.documents for item in group.items if len(item.name) > 30]
    return lines or ["Thủ tục hành chính mẫu cho phép đo tốc độ tìm kiếm."]


def run_scale(chunks: int, knowledge_dir: Path, queries: int = QUERIES) -> dict:
    """Build a synthetic store of ``chunks`` chunks, load it, time ``queries`` searches."""
    rng = random.Random(7)
    sentences = _sentences(knowledge_dir)
    started_rss = _rss_mb()
    texts = [" ".join(rng.choice(sentences) for _ in range(SENTENCES_PER_CHUNK)) for _ in range(chunks)]
    meta = DocumentMeta(doc_id="synthetic", path="synthetic.txt", title="Tài liệu tổng hợp", doc_type="Tài liệu")
    chunk_models = [Chunk(chunk_id=f"synthetic#{i}", doc_id="synthetic", heading_path=[], section="", text=t) for i, t in enumerate(texts)]
    vectors = np.random.default_rng(7).standard_normal((chunks, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build = write_store(Path(tmp) / "build", chunks=chunk_models, documents=[meta], embeddings=vectors, model_id=MODEL_ID)
        build_s = time.perf_counter() - t0
        del vectors, chunk_models
        t0 = time.perf_counter()
        store = load_store(build, expected_model=MODEL_ID)
        retriever = HybridRetriever(store, RandomEmbedder())
        load_s = time.perf_counter() - t0
        loaded_rss = _rss_mb()
        asked = [" ".join(rng.choice(sentences).split()[:8]) for _ in range(queries)]
        retriever.search(asked[0])  # first call pays one-off costs
        latencies = []
        for question in asked:
            t0 = time.perf_counter()
            retriever.search(question, k=10)
            latencies.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(latencies)
    return {
        "chunks": chunks,
        "build_s": round(build_s, 1),
        "load_s": round(load_s, 1),
        "search_p50_ms": round(statistics.median(latencies), 1),
        "search_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "store_rss_mb": round(loaded_rss - started_rss, 0),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
    }


def main() -> None:  # pragma: no cover - run by cchc bench in a subprocess
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--queries", type=int, default=QUERIES)
    args = parser.parse_args()
    print(json.dumps(run_scale(args.chunks, args.knowledge, args.queries)))


if __name__ == "__main__":  # pragma: no cover
    main()
