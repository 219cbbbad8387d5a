"""Entry point of the reading half of the indexer: file → `ParsedDocument`.

Pipeline: read (`readers`) → front matter (Markdown) → clean (`cleaning`) → header and
metadata (`metadata`) → sections and chunks (`structure`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from indexer.cleaning import clean_text, join_wrapped_lines
from indexer.errors import DocumentReadError
from indexer.limits import DEFAULT_LIMITS, ReadLimits
from indexer.metadata import build_meta, extract_fields, load_sidecar, locate_header, split_front_matter
from indexer.models import ParsedDocument
from indexer.readers import read_text
from indexer.structure import HEADER_TITLE, chunk_lines


def doc_id_for(path: Path, knowledge_dir: Path) -> str:
    """Stable id of a document: its path under the knowledge dir, no extension, "/" separators.

    Args:
        path: The document.
        knowledge_dir: Root of the knowledge base.

    Returns:
        For example "plans/002_4947905fca8f5130".

    Raises:
        DocumentReadError: The file is not inside ``knowledge_dir``.
    """
    return _relative(path, knowledge_dir).with_suffix("").as_posix()


def _relative(path: Path, knowledge_dir: Path) -> Path:
    """Path of ``path`` relative to ``knowledge_dir``."""
    try:
        return path.resolve().relative_to(knowledge_dir.resolve())
    except ValueError as exc:
        raise DocumentReadError(path, f"file is outside the knowledge directory {knowledge_dir}") from exc


def parse_file(
    path: Path, knowledge_dir: Path, limits: ReadLimits = DEFAULT_LIMITS, *, as_path: str | None = None
) -> ParsedDocument:
    """Read, clean and chunk one knowledge file, with its sidecar metadata if present.

    Args:
        path: The document (.txt, .md, .docx, .pdf).
        knowledge_dir: Root of the knowledge base (ids and paths are relative to it).
        limits: Bounds on the file's size and text (``indexer.limits``).
        as_path: The path to give the document instead of its place under ``knowledge_dir``
            (uploads kept elsewhere are indexed as ``uploads/<name>``).

    Returns:
        The document's metadata and chunks.

    Raises:
        DocumentLimitError: The file is past one of ``limits``.
        DocumentReadError: The file (or its sidecar) cannot be read, or holds no text.
    """
    path = Path(path)
    relative = Path(as_path) if as_path is not None else _relative(path, Path(knowledge_dir))
    text = read_text(path, limits)
    return parse_text(
        text,
        doc_id=relative.with_suffix("").as_posix(),
        path=relative.as_posix(),
        sidecar=load_sidecar(path),
        source_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def parse_text(
    text: str,
    *,
    doc_id: str,
    path: str,
    sidecar: dict[str, Any] | None = None,
    source_hash: str = "",
) -> ParsedDocument:
    """Parse already-read text; `parse_file` without the file system (handy in tests).

    Args:
        text: Raw document text.
        doc_id: Document id (chunk ids derive from it).
        path: Path relative to the knowledge directory; a ".md" suffix enables front
            matter and ``#`` headings.
        sidecar: Metadata overriding what the text says (and the front matter).
        source_hash: sha256 of the source file, if known.

    Returns:
        The document's metadata and chunks.

    Raises:
        DocumentReadError: No text is left after cleaning, or metadata is invalid.
    """
    markdown = path.lower().endswith(".md")
    front: dict[str, Any] = {}
    if markdown:
        front, text = split_front_matter(text, path=Path(path))
    cleaned = clean_text(text)
    lines = list(cleaned.lines)
    header = locate_header(lines, markdown=markdown)
    if path.lower().endswith(".pdf"):
        lines = lines[: header.end] + join_wrapped_lines(lines[header.end :])
    extracted = extract_fields(lines, header, cleaned.tail)
    # A Markdown note's header is its "# Title" line only: already the document's title,
    # and no number or date to quote. A plan's header is kept as its own chunk.
    kept_header = [] if markdown else lines[: header.end]
    chunks = chunk_lines(lines[header.end :], doc_id=doc_id, markdown=markdown, header=kept_header)
    if all(c.heading_path == [HEADER_TITLE] for c in chunks):
        raise DocumentReadError(Path(path), "no text found (only a header, or nothing at all, after cleaning)")
    overrides = [front] + ([sidecar] if sidecar else [])
    meta = build_meta(doc_id=doc_id, path=path, extracted=extracted, overrides=overrides, source_hash=source_hash)
    return ParsedDocument(meta=meta, chunks=chunks)
