"""Admin document uploads: a safe file name, validation before anything touches knowledge/, atomic save.

Why a module of its own: an uploaded file is untrusted input that ends up on disk and in
the index. Its name must not escape ``knowledge/uploads`` and its content must parse
before the live knowledge directory sees it.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.knowledge import read_limits
from indexer.isolated import parse_isolated
from indexer.limits import DEFAULT_LIMITS, ReadLimits
from indexer.models import ParsedDocument
from indexer.textnorm import fold

UPLOAD_SUBDIR = "uploads"
DEFAULT_STEM = "tai-lieu"
# Long enough for a descriptive name, short enough for every file system and chat label.
MAX_STEM_CHARS = 80
_UNSAFE = re.compile(r"[^a-z0-9]+")


def safe_file_name(name: str) -> str:
    """A file name that is safe to create under ``knowledge/uploads``.

    Only the last path component is kept, diacritics are folded ("Kế hoạch.docx" →
    "ke-hoach.docx") and anything but ASCII letters and digits becomes "-", so no
    separator, "..", hidden-file dot or shell character survives. README names are
    prefixed because the indexer skips READMEs.

    Args:
        name: The name the user's client sent.

    Returns:
        "<stem>.<ext>" with a lower-case extension (the original one, possibly unsupported:
        the caller checks it).
    """
    base = re.split(r"[\\/]", name.strip())[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    safe_stem = _UNSAFE.sub("-", fold(stem)).strip("-")[:MAX_STEM_CHARS].strip("-") or DEFAULT_STEM
    if safe_stem.startswith("readme"):
        safe_stem = f"tl-{safe_stem}"
    safe_suffix = _UNSAFE.sub("", suffix.lower())
    return f"{safe_stem}.{safe_suffix}" if safe_suffix else safe_stem


@dataclass(frozen=True)
class ValidationBounds:
    """What validating one upload may cost: the readers' bounds, wall-clock time and memory."""

    limits: ReadLimits = DEFAULT_LIMITS
    timeout_s: float = 60.0
    memory_mb: int = 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> ValidationBounds:
        """``CCHC_MAX_*``, ``CCHC_VALIDATION_TIMEOUT_SECONDS`` and ``CCHC_VALIDATION_MEMORY_MB``."""
        return cls(limits=read_limits(settings), timeout_s=settings.validation_timeout_seconds,
                   memory_mb=settings.validation_memory_mb)


def upload_path(file_name: str) -> str:
    """Where an upload lives, relative to the knowledge directory (its document id derives from it)."""
    return f"{UPLOAD_SUBDIR}/{file_name}"


def validate_document(file_name: str, data: bytes, bounds: ValidationBounds = ValidationBounds()) -> ParsedDocument:
    """Parse the upload in a scratch directory exactly as the indexer will parse it.

    The parse runs in a separate process bounded in time and memory (``indexer.isolated``),
    so a file that would exhaust either is refused instead of taking the server down.

    Args:
        file_name: The safe name (its extension picks the reader).
        data: The file content.
        bounds: Size, text, time and memory bounds.

    Returns:
        The parsed document (metadata and chunks), as the rebuild will use it.

    Raises:
        DocumentLimitError: Past a bound (the refusal names it).
        DocumentReadError: The content is corrupt, empty or holds no text.
    """
    with tempfile.TemporaryDirectory(prefix="cchc-upload-") as scratch:
        root = Path(scratch)
        path = root / upload_path(file_name)
        path.parent.mkdir()
        path.write_bytes(data)
        return parse_isolated(path, root, bounds.limits, timeout_s=bounds.timeout_s, memory_mb=bounds.memory_mb)


def conflicting_document(upload_dir: Path, file_name: str) -> Path | None:
    """An existing upload with the same stem but another extension.

    Both would get the same document id ("uploads/<stem>") and so clashing chunk ids.
    """
    stem = Path(file_name).stem
    if not upload_dir.is_dir():
        return None
    return next(
        (p for p in sorted(upload_dir.iterdir()) if p.is_file() and p.stem == stem and p.name != file_name),
        None,
    )


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``target`` so that readers see the old file or the whole new one, never a part.

    The temporary file is hidden (leading dot), so a rebuild running meanwhile skips it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def install_document(target: Path, data: bytes) -> bytes | None:
    """Save an upload atomically.

    Returns:
        The previous content when the file existed (so a failed rebuild can restore it).
    """
    previous = target.read_bytes() if target.is_file() else None
    write_atomic(target, data)
    return previous


def restore_document(target: Path, previous: bytes | None) -> None:
    """Undo :func:`install_document`: put back the old content, or remove the new file."""
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        write_atomic(target, previous)
