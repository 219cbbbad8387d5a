"""Turn a knowledge file (.txt, .md, .docx, .pdf) into plain text.

Why one module: every format has its own library and its own ways to fail; callers get
one function and one exception type (`DocumentReadError`) whatever the format.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.errors import DocumentReadError

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset({".txt", ".md", ".docx", ".pdf"})

# Windows-1258 is the legacy Vietnamese code page; old .txt exports still use it.
_TEXT_ENCODINGS: tuple[str, ...] = ("utf-8", "cp1258")
_UTF16_BOMS: tuple[bytes, ...] = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: Path) -> str:
    """Read a supported knowledge file and return its raw text.

    Args:
        path: File to read; the extension (case-insensitive) picks the reader.

    Returns:
        The text, not yet cleaned or normalised (that is `indexer.cleaning`'s job).

    Raises:
        DocumentReadError: The file is missing, empty, of an unsupported type, corrupt,
            or holds no text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
        raise DocumentReadError(path, f"unsupported extension {suffix or '(none)'!r}; supported: {supported}")
    if not path.is_file():
        raise DocumentReadError(path, "file not found")
    if path.stat().st_size == 0:
        raise DocumentReadError(path, "empty file")
    text = _READERS[suffix](path)
    if not text.strip():
        raise DocumentReadError(path, "empty file" if suffix in {".txt", ".md"} else f"{suffix[1:]} has no text")
    return text


def _read_plain(path: Path) -> str:
    """Decode a .txt/.md file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1258."""
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        return _decode(path, data, "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(path, data, "utf-8-sig")
    if b"\x00" in data:
        raise DocumentReadError(path, "binary data in a text file (NUL bytes)")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentReadError(path, "text is neither UTF-8 nor Windows-1258 (cp1258); save it as UTF-8")


def _decode(path: Path, data: bytes, encoding: str) -> str:
    """Decode with one encoding, turning failure into a `DocumentReadError`."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentReadError(path, f"invalid {encoding} text: {exc.reason}") from exc


def _read_docx(path: Path) -> str:
    """Paragraphs and table cells of a .docx body, one per line, in document order.

    Table cells matter: official headers (issuer, number, place and date) usually sit in
    a two-column table.
    """
    if not zipfile.is_zipfile(path):
        raise DocumentReadError(path, "file is not a valid .docx (zip) archive")
    try:
        import docx  # local import: only .docx files pay for it

        document = docx.Document(str(path))
        return "\n".join(_docx_lines(document))
    except DocumentReadError:
        raise
    except Exception as exc:  # python-docx raises many types (KeyError, lxml, PackageNotFound)
        raise DocumentReadError(path, f"invalid .docx content: {type(exc).__name__}: {exc}") from exc


def _docx_lines(document: object) -> Iterator[str]:
    """Yield the text lines of a python-docx Document, tables flattened cell by cell."""
    from docx.table import Table

    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: object) -> Iterator[str]:
    """Yield each distinct cell's paragraphs once (merged cells repeat in `row.cells`)."""
    seen: set[int] = set()
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                if paragraph.text.strip():
                    yield paragraph.text
            yield ""


def _read_pdf(path: Path) -> str:
    """Text of every page of a PDF, pages separated by a blank line."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentReadError(path, "pdf is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentReadError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, PdfStreamError, ValueError, ...
        raise DocumentReadError(path, f"file is not a valid PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentReadError(path, "pdf has no extractable text (scanned image? run OCR first)")
    return text


_READERS: dict[str, Callable[[Path], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
