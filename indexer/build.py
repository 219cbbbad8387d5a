"""The build pipeline: knowledge files → parsed chunks → embeddings → a new store, swapped in."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from indexer.embedding import Embedder, EmbeddingCache, embed_with_cache
from indexer.errors import DocumentLimitError, DocumentReadError, StoreError
from indexer.limits import DEFAULT_LIMITS, ReadLimits
from indexer.models import Chunk, DocumentMeta, ParsedDocument
from indexer.procedures import find_catalogues, parse_catalogue

from indexer.readers import SUPPORTED_EXTENSIONS
from indexer.store import activate, new_build_dir, write_store
from indexer.structure import text_units

log = logging.getLogger(__name__)
# Uploaded documents are indexed under this path, wherever their directory lies.
UPLOADS = "uploads"

# Build progress for a caller that shows it (the admin console): (stage, done, total), with
# stage "read" (files parsed), "embed" (texts embedded or found in the cache) or "write".
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did, for the CLI, the admin reply and the benchmark."""

    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    build_dir: Path | None = None
    # The skipped files that were past a bound of ``indexer.limits``, by the same name as in
    # ``skipped``: the bot words these refusals for people.
    refused: dict[str, DocumentLimitError] = field(default_factory=dict)

    @property
    def chunks_per_second(self) -> float:
        """Build rate over the whole pipeline."""
        return self.chunks / self.seconds if self.seconds else 0.0


def scan(knowledge_dir: Path) -> list[Path]:
    """Document files under ``knowledge_dir``, sorted; hidden files and READMEs are not knowledge."""
    return sorted(
        p
        for p in knowledge_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(knowledge_dir).parts)
        and not p.name.lower().startswith("readme")
    )


def passage_text(chunk: Chunk, meta: DocumentMeta | None) -> str:
    """The text embedded for a chunk: issuer, title and heading path give short chunks their topic."""
    identity = [meta.issuer or "", meta.title] if meta else []
    head = " > ".join(h for h in [*identity, *chunk.heading_path] if h)
    return f"{head}\n{chunk.text}" if head else chunk.text


def build_from_chunks(
    data_dir: Path,
    live: Path,
    embedder: Embedder,
    chunks: Sequence[Chunk],
    documents: Sequence[DocumentMeta],
    *,
    show_progress: bool = True,
    extra_manifest: dict | None = None,
    units: bool = False,
    prune: bool = True,
    keep: int = 3,
    progress: Progress | None = None,
) -> BuildReport:
    """Embed ``chunks`` (with the cache), write a new build and make it live.

    With ``units`` every answer unit (line or sentence, ``text_units``) is embedded too:
    the answerer uses them to pick the sentences that answer a question. Retrieval-only
    stores (benchmarks) leave them out. ``prune``/``keep`` go to :func:`indexer.store.activate`.
    """
    started = time.perf_counter()
    by_id = {d.doc_id: d for d in documents}
    texts = [passage_text(c, by_id.get(c.doc_id)) for c in chunks]
    unit_texts = [unit for c in chunks for unit in text_units(c.text)] if units else []
    cache = EmbeddingCache(data_dir / "cache" / "embeddings.sqlite")
    unit_vectors = None
    total = len(texts) + len(unit_texts)
    try:
        with tqdm(total=total, desc="Embedding", unit="đoạn", disable=not show_progress) as bar:

            def advance(count: int) -> None:
                bar.update(count)
                if progress is not None:
                    progress("embed", int(bar.n), total)

            vectors, embedded = embed_with_cache(embedder, texts, cache, progress=advance)
            if units:
                unit_vectors, unit_embedded = embed_with_cache(embedder, unit_texts, cache, progress=advance)
                embedded += unit_embedded
    finally:
        cache.close()
    if progress is not None:
        progress("write", 0, 1)
    build_dir = write_store(
        new_build_dir(data_dir),
        chunks=list(chunks),
        documents=list(documents),
        embeddings=vectors,
        model_id=embedder.model_id,
        extra=extra_manifest,
        unit_vectors=unit_vectors,
    )
    activate(build_dir, live, prune=prune, keep=keep)
    return BuildReport(
        documents=len(documents),
        chunks=len(chunks),
        embedded=embedded,
        seconds=time.perf_counter() - started,
        build_dir=build_dir,
    )


def build_knowledge(
    knowledge_dir: Path,
    data_dir: Path,
    embedder: Embedder,
    *,
    show_progress: bool = True,
    prune: bool = True,
    keep: int = 3,
    progress: Progress | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    preparsed: Mapping[str, ParsedDocument] | None = None,
    uploads_dir: Path | None = None,
) -> BuildReport:
    """Parse every document in ``knowledge_dir`` and swap in a new store at ``<data>/index``.

    Procedure catalogues (``procedures/*.yaml|yml|csv``) are documents too. A file that
    cannot be read, or is past one of ``limits``, is reported (name and reason) and
    skipped; the build goes on. If nothing at all can be indexed the live store is left
    untouched.

    Args:
        preparsed: Documents already parsed, by path relative to ``knowledge_dir`` (an
            upload validated just before): used as they are while the file on disk still
            has the parsed content and no sidecar, so an upload is parsed once.
        uploads_dir: Uploaded documents kept outside ``knowledge_dir`` (Docker keeps them
            on the data volume), indexed as ``uploads/<name>``; inside it, nothing changes.

    Raises:
        StoreError: the knowledge directory is missing or yields no chunk at all.
    """
    from indexer.parse import parse_file  # the parser stack is only needed for knowledge builds

    started = time.perf_counter()
    if not knowledge_dir.is_dir():
        raise StoreError(f"Knowledge directory {knowledge_dir} does not exist (set CCHC_KNOWLEDGE_DIR)")
    chunks: list[Chunk] = []
    documents: list[DocumentMeta] = []
    skipped: list[tuple[str, str]] = []
    refused: dict[str, DocumentLimitError] = {}
    known = preparsed or {}

    outside = uploads_dir is not None and uploads_dir.is_dir() and not _inside(uploads_dir, knowledge_dir)
    uploads = {path: f"{UPLOADS}/{path.relative_to(uploads_dir).as_posix()}"
               for path in (scan(uploads_dir) if outside and uploads_dir is not None else [])}

    def shown(path: Path) -> str:
        return uploads.get(path) or path.relative_to(knowledge_dir).as_posix()

    def read_document(path: Path, root: Path) -> ParsedDocument:
        validated = known.get(shown(path))
        if validated is not None and _still_parsed(path, validated):
            return validated
        return parse_file(path, root, limits, as_path=uploads.get(path))

    # Procedure catalogues (knowledge/procedures/*.yaml|csv) become documents too, so the
    # normal retriever finds them; a bad catalogue is skipped and reported like a bad file.
    readers = [(path, read_document) for path in [*scan(knowledge_dir), *uploads]]
    readers += [(path, parse_catalogue) for path in find_catalogues(knowledge_dir)]
    for done, (path, read) in enumerate(readers):
        if progress is not None:
            progress("read", done, len(readers))
        try:
            parsed = read(path, knowledge_dir)
        except DocumentReadError as exc:
            log.warning("Skipping %s: %s", path, exc.reason)
            name = shown(path)
            skipped.append((name, exc.reason))
            if isinstance(exc, DocumentLimitError):
                refused[name] = exc
            continue
        documents.append(parsed.meta)
        chunks.extend(parsed.chunks)
    if not chunks:
        reasons = "; ".join(f"{name}: {why}" for name, why in skipped) or "no .txt/.md/.docx/.pdf files"
        raise StoreError(f"Nothing to index in {knowledge_dir} ({reasons})")
    report = build_from_chunks(
        data_dir, data_dir / "index", embedder, chunks, documents, show_progress=show_progress, units=True,
        prune=prune, keep=keep,
        progress=progress,
    )
    report.skipped = skipped
    report.refused = refused
    report.seconds = time.perf_counter() - started
    return report


def _inside(path: Path, root: Path) -> bool:
    return path.resolve() == root.resolve() or root.resolve() in path.resolve().parents


def _still_parsed(path: Path, parsed: ParsedDocument) -> bool:
    """Whether ``parsed`` is what parsing ``path`` now would give (same bytes, no sidecar)."""
    from indexer.metadata import sidecar_path

    if sidecar_path(path).exists():
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == parsed.meta.source_hash
