"""The search store: writer and reader side by side (this module owns the format).

Layout of one build directory::

    manifest.json   format version, model id, dimension, counts, source hashes, build time
    vectors.faiss   FAISS inner-product index over unit-length chunk embeddings
    lexical/        bm25s index over ``indexer.lexical.lexical_tokens``
    chunks.jsonl    one Chunk per line, in vector order
    documents.jsonl one DocumentMeta per line
    unit_vectors.npy  optional: one unit-length embedding per answer unit
                    (``indexer.structure.text_units`` of each chunk, in chunk order);
                    knowledge builds have it, benchmark builds (retrieval only) do not

The live store is ``<data>/index``, a symlink to a build under ``<data>/builds/``. A new
build is written beside it and the symlink is replaced with ``os.replace`` (atomic on
POSIX), so readers see either the old or the new store, never a half-written one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.errors import ModelMismatchError, StoreError
from indexer.lexical import LEXICAL_VERSION, lexical_tokens
from indexer.models import Chunk, DocumentMeta
from indexer.structure import text_units

# 2: optional unit_vectors.npy (answer-unit embeddings) beside the chunk vectors.
FORMAT_VERSION = 2
_KEEP_BUILDS = 3  # the live build plus two older ones, for a quick manual rollback
# A build directory without a manifest that has not changed for this long was left by a
# crashed build (a cold build of the shipped knowledge takes about 30 s on 2 cores).
UNFINISHED_AFTER_S = 3600.0


@dataclass
class Store:
    """A loaded store: everything retrieval needs, read-only after loading."""

    path: Path
    manifest: dict
    chunks: list[Chunk]
    documents: dict[str, DocumentMeta]
    vectors: faiss.Index
    lexical: bm25s.BM25
    # Embeddings of every chunk's answer units (rows of chunk i: unit_offsets[i]..[i+1]),
    # or None for a store built without them.
    unit_vectors: np.ndarray | None = None
    unit_offsets: list[int] | None = None

    def chunk_unit_vectors(self, index: int) -> np.ndarray | None:
        """The unit embeddings of chunk ``index`` (aligned with ``text_units(chunk.text)``)."""
        if self.unit_vectors is None or self.unit_offsets is None:
            return None
        return self.unit_vectors[self.unit_offsets[index] : self.unit_offsets[index + 1]]

    @property
    def model_id(self) -> str:
        """The embedding model the vectors were made with."""
        return str(self.manifest["model_id"])


def write_store(
    build_dir: Path,
    *,
    chunks: list[Chunk],
    documents: list[DocumentMeta],
    embeddings: np.ndarray,
    model_id: str,
    extra: dict | None = None,
    unit_vectors: np.ndarray | None = None,
) -> Path:
    """Write a complete store into ``build_dir`` (which must not exist yet).

    ``unit_vectors``, when given, holds one row per ``text_units`` unit of every chunk.
    """
    if len(chunks) != embeddings.shape[0]:
        raise StoreError(f"{len(chunks)} chunks but {embeddings.shape[0]} vectors")
    units = sum(len(text_units(c.text)) for c in chunks)
    if unit_vectors is not None and unit_vectors.shape[0] != units:
        raise StoreError(f"{units} answer units but {unit_vectors.shape[0]} unit vectors")
    build_dir.mkdir(parents=True)
    dimension = int(embeddings.shape[1]) if embeddings.ndim == 2 else 0
    index = faiss.IndexFlatIP(dimension)
    if len(chunks):
        index.add(np.ascontiguousarray(embeddings, dtype=np.float32))
    faiss.write_index(index, str(build_dir / "vectors.faiss"))

    lexical = bm25s.BM25()
    corpus_tokens = [lexical_tokens(_lexical_text(c, _doc(documents, c.doc_id))) for c in chunks]
    lexical.index(corpus_tokens or [[""]], show_progress=False)
    lexical.save(str(build_dir / "lexical"))
    if unit_vectors is not None:
        np.save(build_dir / "unit_vectors.npy", np.ascontiguousarray(unit_vectors, dtype=np.float32), allow_pickle=False)

    with (build_dir / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(chunk.model_dump_json() + "\n")
    with (build_dir / "documents.jsonl").open("w", encoding="utf-8") as fh:
        for meta in documents:
            fh.write(meta.model_dump_json() + "\n")
    manifest = {
        "format_version": FORMAT_VERSION,
        "lexical_version": LEXICAL_VERSION,
        "model_id": model_id,
        "dimension": dimension,
        "counts": {"documents": len(documents), "chunks": len(chunks)},
        "unit_vectors": unit_vectors is not None,
        "sources": {m.path: m.source_hash for m in documents},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **(extra or {}),
    }
    # The manifest is written last, and atomically: a directory without one is an
    # unfinished build, and another worker polling the directory never reads half of one.
    pending = build_dir / "manifest.json.tmp"
    pending.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    os.replace(pending, build_dir / "manifest.json")
    return build_dir


def _doc(documents: list[DocumentMeta], doc_id: str) -> DocumentMeta | None:
    return next((d for d in documents if d.doc_id == doc_id), None)


def _lexical_text(chunk: Chunk, meta: DocumentMeta | None) -> str:
    """What BM25 sees: headings and text. The document's identity (issuer, place) is
    matched separately, at document level (``bot.retrieval.hybrid``): repeated in every
    chunk it would favour the shortest chunks of the named document over the relevant one.
    """
    del meta
    return " \n".join([*chunk.heading_path, chunk.text])


def new_build_dir(data_dir: Path) -> Path:
    """A fresh, unique directory name under ``<data>/builds``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return data_dir / "builds" / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"


def activate(build_dir: Path, live: Path, *, prune: bool = True, keep: int = _KEEP_BUILDS) -> None:
    """Point ``live`` at ``build_dir`` atomically and, with ``prune``, delete old builds.

    Several workers sharing the data directory pass ``prune=False``: the cleanup then
    waits until no worker uses a build (``bot.knowledge_sync``, :func:`prune_builds`).
    """
    if not (build_dir / "manifest.json").exists():
        raise StoreError(f"{build_dir} has no manifest.json: the build did not finish")
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = live.with_name(live.name + f".tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(build_dir.resolve(), live.parent.resolve()), tmp)
    if live.exists() and not live.is_symlink():
        shutil.rmtree(live)  # an old-style plain directory: replace it once
    os.replace(tmp, live)
    if prune:
        prune_builds(build_dir.parent, keep=keep, in_use={build_dir.name})


def prune_builds(
    builds: Path, *, keep: int = _KEEP_BUILDS, in_use: Collection[str] = (),
    unfinished_after: float = UNFINISHED_AFTER_S, now: float | None = None,
) -> list[Path]:
    """Delete old builds: all but the ``keep`` newest complete ones, the live one and ``in_use``.

    A build is complete once its ``manifest.json`` is written (``write_store`` writes it
    last); only complete builds count among the ``keep``, so a crashed or running build
    never pushes a good one out. A directory without a manifest is deleted only when it
    has not changed for ``unfinished_after`` seconds (a build running now is left alone).

    Args:
        builds: ``<data>/builds``.
        keep: complete builds to keep, newest first (by the time their manifest was written).
        in_use: build names (directory names) some worker still answers from.
        unfinished_after: age in seconds after which an unfinished build is abandoned.
        now: the current time (``time.time()``), injected by tests.

    Returns:
        The directories deleted.
    """
    if not builds.is_dir():
        return []
    moment = time.time() if now is None else now
    protected = set(in_use)
    live = builds.parent / "index"
    if live.is_symlink():
        protected.add(live.resolve().name)
    complete, unfinished = [], []
    for build in (d for d in builds.iterdir() if d.is_dir()):
        manifest = build / "manifest.json"
        if manifest.exists():
            complete.append((manifest.stat().st_mtime, build))
        else:
            unfinished.append(build)
    complete.sort(key=lambda item: item[0], reverse=True)
    doomed = [build for _, build in complete[keep:] if build.name not in protected]
    doomed += [b for b in unfinished if b.name not in protected and moment - _newest_change(b) > unfinished_after]
    for build in doomed:
        shutil.rmtree(build, ignore_errors=True)
    return doomed


def _newest_change(directory: Path) -> float:
    """The latest modification time in a directory tree (a running build keeps writing)."""
    times = [directory.stat().st_mtime]
    times += [p.stat().st_mtime for p in directory.rglob("*") if p.exists()]
    return max(times)


def read_manifest(path: Path) -> dict:
    """The manifest of a store directory."""
    manifest_path = path / "manifest.json"
    if not manifest_path.exists():
        raise StoreError(f"No search store at {path}. Build it first with: cchc index")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StoreError(
            f"Store {path} has format {manifest.get('format_version')}, this version reads {FORMAT_VERSION}."
            " Rebuild it with: cchc index"
        )
    if manifest.get("lexical_version") != LEXICAL_VERSION:
        raise StoreError(
            f"Store {path} was indexed with lexical tokens v{manifest.get('lexical_version')}, this version"
            f" uses v{LEXICAL_VERSION}. Rebuild it with: cchc index (embeddings are reused from the cache)"
        )
    return manifest


def load_store(path: Path, expected_model: str | None = None) -> Store:
    """Load the store at ``path`` (a build directory or the live symlink).

    Raises:
        StoreError: no store, or an unreadable one.
        ModelMismatchError: the store was built with another embedding model than
            ``expected_model``; its vectors would be meaningless for this model's queries.
    """
    path = path.resolve()
    manifest = read_manifest(path)
    if expected_model is not None and manifest["model_id"] != expected_model:
        raise ModelMismatchError(
            f"The store at {path} was built with the embedding model '{manifest['model_id']}', but this"
            f" process is configured with '{expected_model}'. Rebuild it (cchc index) or set"
            f" CCHC_EMBEDDING_MODEL={manifest['model_id']}."
        )
    chunks = [Chunk.model_validate_json(line) for line in _lines(path / "chunks.jsonl")]
    documents = {
        meta.doc_id: meta for meta in (DocumentMeta.model_validate_json(line) for line in _lines(path / "documents.jsonl"))
    }
    vectors = faiss.read_index(str(path / "vectors.faiss"))
    lexical = bm25s.BM25.load(str(path / "lexical"))
    if vectors.ntotal != len(chunks):
        raise StoreError(f"Store {path} is inconsistent: {vectors.ntotal} vectors for {len(chunks)} chunks")
    unit_vectors, offsets = _load_unit_vectors(path, chunks) if manifest.get("unit_vectors") else (None, None)
    return Store(
        path=path, manifest=manifest, chunks=chunks, documents=documents, vectors=vectors, lexical=lexical,
        unit_vectors=unit_vectors, unit_offsets=offsets,
    )


def _load_unit_vectors(path: Path, chunks: list[Chunk]) -> tuple[np.ndarray, list[int]]:
    """The unit embeddings and each chunk's first row (plus the end).

    Raises:
        StoreError: the file does not match the chunks' units (split by another version).
    """
    offsets = [0]
    for chunk in chunks:
        offsets.append(offsets[-1] + len(text_units(chunk.text)))
    vectors = np.load(path / "unit_vectors.npy", allow_pickle=False)
    if vectors.shape[0] != offsets[-1]:
        raise StoreError(
            f"Store {path} has {vectors.shape[0]} unit vectors for {offsets[-1]} answer units. Rebuild it with: cchc index"
        )
    return vectors, offsets


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]
