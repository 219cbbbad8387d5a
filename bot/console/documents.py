"""The knowledge files as the console lists them, and deleting one without losing it.

A listed document is what the live store knows of it (title, number, date, validity,
chunks); files on disk that the store does not have (skipped at the last build, or added
since) are listed too, so an admin sees why a file is not answering. Deleting moves the
file (and its ``.meta.yaml`` sidecar) to ``<data_dir>/trash/`` and rebuilds; if the rebuild
fails the file is moved back, so the live store and the directory always agree. Uploads
kept outside knowledge/ (``CCHC_UPLOADS_DIR``: the data volume in Docker) are listed and
deleted under the path the store knows them by, ``uploads/<name>``.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from bot.answer.validity import replaced_note
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from indexer.build import UPLOADS, BuildReport, scan
from indexer.metadata import sidecar_path
from indexer.models import DocumentMeta
from indexer.procedures import find_catalogues

TRASH_DIR = "trash"


@dataclass(frozen=True)
class DocumentRow:
    """One knowledge file: its path under knowledge/ and, when indexed, its metadata."""

    path: str
    meta: DocumentMeta | None
    chunks: int
    size: int
    validity: str
    skipped: str | None = None


def _inside(path: Path, root: Path) -> bool:
    return path.resolve() == root.resolve() or root.resolve() in path.resolve().parents


def knowledge_files(settings: Settings) -> dict[str, Path]:
    """Every knowledge file by the path the store knows it under.

    The files under knowledge/ by their relative path and, when the uploads directory lies
    elsewhere, each upload as ``uploads/<name>`` (as the build indexes them).
    """
    root = settings.knowledge_dir
    files = {p.relative_to(root).as_posix(): p for p in [*scan(root), *find_catalogues(root)]} if root.is_dir() else {}
    uploads = settings.uploads_path
    if uploads.is_dir() and not _inside(uploads, root):
        files.update({f"{UPLOADS}/{p.relative_to(uploads).as_posix()}": p for p in scan(uploads)})
    return files


def list_documents(knowledge: KnowledgeBase, skipped: dict[str, str] | None = None) -> list[DocumentRow]:
    """Every knowledge file, indexed ones with their metadata, by path.

    Args:
        knowledge: the live knowledge base (its store may be missing: then only files are listed).
        skipped: path → reason from the last build report, for files the store lacks.
    """
    documents: dict[str, DocumentMeta] = {}
    counts: Counter[str] = Counter()
    if knowledge.loaded:
        store = knowledge.answerer.retriever.store
        documents = {meta.path: meta for meta in store.documents.values()}
        counts = Counter(chunk.doc_id for chunk in store.chunks)
    files = knowledge_files(knowledge.settings)
    rows = []
    for path in sorted(set(files) | set(documents)):
        meta = documents.get(path)
        file = files.get(path)
        rows.append(
            DocumentRow(
                path=path,
                meta=meta,
                chunks=counts.get(meta.doc_id, 0) if meta else 0,
                size=file.stat().st_size if file is not None and file.exists() else 0,
                validity=_validity(meta),
                skipped=(skipped or {}).get(path),
            )
        )
    return rows


def _validity(meta: DocumentMeta | None) -> str:
    """The replaced-by note the assistant adds to answers from it, else its effective date."""
    if meta is None:
        return ""
    note = replaced_note(meta)
    if note:
        return note
    return f"hiệu lực từ {meta.effective_from}" if meta.effective_from else ""


def resolve_document(settings: Settings, path: str) -> Path | None:
    """The file ``path`` names, or None when it is not a listed knowledge file.

    The path comes from a form: only the listed paths are looked up, so "../" or an absolute
    path never names a file.
    """
    file = knowledge_files(settings).get(path)
    return file.resolve() if file is not None and file.is_file() else None


def move_to_trash(settings: Settings, file: Path) -> list[tuple[Path, Path]]:
    """Move a document and its sidecar to ``<data_dir>/trash/<time>/``; the (from, to) moves made."""
    root = settings.knowledge_dir.resolve()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    moves = []
    for source in (file, sidecar_path(file)):
        if source.is_file():
            resolved = source.resolve()
            relative = (resolved.relative_to(root) if _inside(resolved, root)
                        else Path(UPLOADS) / resolved.relative_to(settings.uploads_path.resolve()))
            target = settings.data_dir / TRASH_DIR / stamp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            moves.append((source, target))
    return moves


def restore(moves: list[tuple[Path, Path]]) -> None:
    """Undo :func:`move_to_trash` (the rebuild after a delete failed)."""
    for source, target in moves:
        source.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(target, source)


def skipped_of(report: BuildReport | None) -> dict[str, str]:
    """path → reason of the files a build report skipped."""
    return dict(report.skipped) if report is not None else {}
