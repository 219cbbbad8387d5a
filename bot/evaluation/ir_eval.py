"""Retrieval quality on a benchmark folder (corpus.jsonl, queries.jsonl, qrels.tsv, splits.tsv).

Indexes the corpus as one store (embeddings cached like any others) and scores lexical-only,
dense-only and hybrid rankings side by side: nDCG@10, Recall@10, MRR@10.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.retrieval.hybrid import FusionConfig, HybridRetriever
from indexer.build import build_from_chunks
from indexer.embedding import Embedder
from indexer.errors import StoreError
from indexer.models import Chunk, DocumentMeta
from indexer.store import load_store, read_manifest
from indexer.textnorm import normalize

CUTOFF = 10


@dataclass
class Benchmark:
    """One benchmark folder, loaded."""

    name: str
    corpus: list[dict]
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    splits: dict[str, str]

    def query_ids(self, split: str | None) -> list[str]:
        """Queries of a split (all when ``split`` is None) that have at least one relevant document."""
        return [q for q in self.queries if q in self.qrels and (split is None or self.splits.get(q) == split)]


def load_benchmark(folder: Path) -> Benchmark:
    """Read the four files of a benchmark folder."""
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").read_text("utf-8").splitlines() if line.strip()]
    queries = {
        row["id"]: row["text"]
        for row in (json.loads(line) for line in (folder / "queries.jsonl").read_text("utf-8").splitlines() if line.strip())
    }
    qrels: dict[str, set[str]] = {}
    with (folder / "qrels.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if float(row.get("score", 1)) > 0:
                qrels.setdefault(row["query_id"], set()).add(row["corpus_id"])
    splits: dict[str, str] = {}
    split_file = folder / "splits.tsv"
    if split_file.exists():
        with split_file.open(encoding="utf-8") as fh:
            splits = {row["query_id"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}
    return Benchmark(name=folder.name, corpus=corpus, queries=queries, qrels=qrels, splits=splits)


def index_benchmark(bench: Benchmark, data_dir: Path, embedder: Embedder, show_progress: bool = True) -> Path:
    """Build (or reuse) the store of a benchmark corpus under ``<data>/bench/<name>``."""
    root = data_dir / "bench" / bench.name
    live = root / "index"
    signature = f"{len(bench.corpus)}:{bench.corpus[0]['id'] if bench.corpus else ''}"
    try:
        manifest = read_manifest(live)
        if manifest.get("model_id") == embedder.model_id and manifest.get("corpus_signature") == signature:
            return live
    except StoreError:
        pass
    chunks, documents = [], []
    for row in bench.corpus:
        text, title = normalize(row.get("text", "")), normalize(row.get("title", ""))
        chunks.append(Chunk(chunk_id=row["id"], doc_id=row["id"], heading_path=[], text=text))
        documents.append(DocumentMeta(doc_id=row["id"], title=title))
    build_from_chunks(
        root, live, embedder, chunks, documents, show_progress=show_progress,
        extra_manifest={"corpus_signature": signature},
    )
    return live


def _metrics(ranked: Sequence[str], relevant: set[str]) -> tuple[float, float, float]:
    top = list(ranked[:CUTOFF])
    dcg = sum(1 / math.log2(r + 2) for r, d in enumerate(top) if d in relevant)
    ideal = sum(1 / math.log2(r + 2) for r in range(min(len(relevant), CUTOFF)))
    recall = len(relevant.intersection(top)) / len(relevant)
    mrr = next((1 / (r + 1) for r, d in enumerate(top) if d in relevant), 0.0)
    return dcg / ideal, recall, mrr


def score(ranker: Callable[[str], list[str]], bench: Benchmark, query_ids: Sequence[str]) -> dict[str, float]:
    """Mean nDCG@10, Recall@10 and MRR@10 of a ranker (query text → ranked corpus ids)."""
    totals = [0.0, 0.0, 0.0]
    for qid in query_ids:
        for i, value in enumerate(_metrics(ranker(bench.queries[qid]), bench.qrels[qid])):
            totals[i] += value
    n = max(len(query_ids), 1)
    return {"ndcg@10": totals[0] / n, "recall@10": totals[1] / n, "mrr@10": totals[2] / n}


def evaluate(
    folder: Path, data_dir: Path, embedder: Embedder, split: str | None = "dev",
    config: FusionConfig | None = None, show_progress: bool = True,
) -> dict[str, dict[str, float]]:
    """Scores of lexical, dense and hybrid retrieval on one benchmark split."""
    bench = load_benchmark(folder)
    store = load_store(index_benchmark(bench, data_dir, embedder, show_progress), embedder.model_id)
    retriever = HybridRetriever(store, embedder, config)
    ids = [c.chunk_id for c in store.chunks]
    query_ids = bench.query_ids(split)
    rankers: dict[str, Callable[[str], list[str]]] = {
        "lexical": lambda q: [ids[i] for i, _ in retriever.lexical.scores(q, CUTOFF)],
        "dense": lambda q: [ids[i] for i, _ in retriever.dense.scores(q, CUTOFF)],
        "hybrid": lambda q: [ids[h.index] for h in retriever.search(q, CUTOFF)],
    }
    return {name: score(ranker, bench, query_ids) for name, ranker in rankers.items()}
