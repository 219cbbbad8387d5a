"""Turn a knowledge file (.txt, .md, .docx, .pdf) into plain text.

Why one module: every format has its own library and its own ways to fail; callers get
one function and one exception type (`DocumentReadError`) whatever the format.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.errors import DocumentLimitError, DocumentReadError
from indexer.limits import DEFAULT_LIMITS, MAX_DOCX_MEMBERS, ReadLimits

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset({".txt", ".md", ".docx", ".pdf"})

# Windows-1258 is the legacy Vietnamese code page; old .txt exports still use it.
_TEXT_ENCODINGS: tuple[str, ...] = ("utf-8", "cp1258")
_UTF16_BOMS: tuple[bytes, ...] = (b"\xff\xfe", b"\xfe\xff")
# .docx members are inflated in pieces of this size when checked: memory stays at one piece.
_INFLATE_PIECE = 64 * 1024


def read_text(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """Read a supported knowledge file and return its raw text.

    Args:
        path: File to read; the extension (case-insensitive) picks the reader.
        limits: Bounds on its size and text, checked before and while reading.

    Returns:
        The text, not yet cleaned or normalised (that is `indexer.cleaning`'s job).

    Raises:
        DocumentLimitError: The file is past a bound (text length, PDF pages, .docx size).
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
    text = _READERS[suffix](path, limits)
    if len(text) > limits.max_chars:
        raise DocumentLimitError(path, "chars", len(text), limits.max_chars)
    if not text.strip():
        raise DocumentReadError(path, "empty file" if suffix in {".txt", ".md"} else f"{suffix[1:]} has no text")
    return text


def _read_plain(path: Path, limits: ReadLimits) -> str:
    """Decode a .txt/.md file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1258.

    A character takes at most 4 bytes in any of these encodings, so a file larger than four
    bytes per allowed character is refused before it is read.
    """
    if path.stat().st_size > 4 * limits.max_chars + len(b"\xef\xbb\xbf"):
        raise DocumentLimitError(path, "chars", None, limits.max_chars)
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


def _read_docx(path: Path, limits: ReadLimits) -> str:
    """Paragraphs and table cells of a .docx body, one per line, in document order.

    Table cells matter: official headers (issuer, number, place and date) usually sit in
    a two-column table. The archive's declared sizes are checked before python-docx
    inflates anything, and lines stop being collected once the text passes its bound.
    """
    if not zipfile.is_zipfile(path):
        raise DocumentReadError(path, "file is not a valid .docx (zip) archive")
    _check_docx_archive(path, limits)
    try:
        import docx  # local import: only .docx files pay for it

        document = docx.Document(str(path))
        return "\n".join(_bounded(_docx_lines(document), path, limits))
    except DocumentReadError:
        raise
    except Exception as exc:  # python-docx raises many types (KeyError, lxml, PackageNotFound)
        raise DocumentReadError(path, f"invalid .docx content: {type(exc).__name__}: {exc}") from exc


def _check_docx_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a zip bomb before python-docx inflates anything.

    First the declared sizes (the central directory): their total is bounded. Then every
    member is inflated once, in small pieces that are thrown away, checking its CRC:
    ``zipfile.read()`` inflates a member in one call however large it really is (a member
    may lie about its size), while reading in pieces never holds more than one piece and
    stops at the declared size. After this pass python-docx reads only members whose size
    is what they declare.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise DocumentReadError(path, f"zip archive has {len(members)} members; a .docx has far fewer")
            declared = sum(member.file_size for member in members)
            if declared > limits.max_docx_bytes:
                raise DocumentLimitError(path, "docx_bytes", declared, limits.max_docx_bytes)
            for member in members:
                with archive.open(member) as stream:
                    while stream.read(_INFLATE_PIECE):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
        raise DocumentReadError(path, f"file is not a valid .docx (zip) archive: {exc}") from exc
    except RuntimeError as exc:  # an encrypted member
        raise DocumentReadError(path, f"file is not a readable .docx: {exc}") from exc


def _bounded(lines: Iterator[str], path: Path, limits: ReadLimits) -> Iterator[str]:
    """``lines`` until their text passes ``limits.max_chars``, then `DocumentLimitError`."""
    total = 0
    for line in lines:
        total += len(line) + 1
        if total > limits.max_chars:
            raise DocumentLimitError(path, "chars", None, limits.max_chars)
        yield line


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


def _read_pdf(path: Path, limits: ReadLimits) -> str:
    """Text of every page of a PDF, pages separated by a blank line.

    The page count is checked before any text is extracted, and extraction stops once the
    text passes its bound.
    """
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentReadError(path, "pdf is encrypted")
        count = len(reader.pages)
        if count > limits.max_pdf_pages:
            raise DocumentLimitError(path, "pdf_pages", count, limits.max_pdf_pages)
        pages = list(_bounded((page.extract_text() or "" for page in reader.pages), path, limits))
    except DocumentReadError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, PdfStreamError, ValueError, ...
        raise DocumentReadError(path, f"file is not a valid PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentReadError(path, "pdf has no extractable text (scanned image? run OCR first)")
    return text


_READERS: dict[str, Callable[[Path, ReadLimits], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
