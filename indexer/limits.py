"""Bounds on the work one knowledge file may cause: text length, PDF pages, .docx size, time, memory.

Why: a file is untrusted input (an admin's upload, or whatever was copied into knowledge/).
A 10,000-page PDF cost 12,645 embeddings; a .docx that expands to 1 GB ran for minutes at
6.9 GB. Readers check these bounds as early as they can (declared sizes before reading,
counts while reading) and raise `DocumentLimitError`, which a build reports and skips.
The time and memory bounds apply to an upload's validation, which runs in a separate
process (``indexer.isolated``).
"""

from __future__ import annotations

from dataclasses import dataclass

# Every bound: what it measures (English, for logs and build reports) and its setting.
LIMITS: dict[str, tuple[str, str]] = {
    "chars": ("extracted text (characters)", "CCHC_MAX_DOCUMENT_CHARS"),
    "pdf_pages": ("PDF pages", "CCHC_MAX_PDF_PAGES"),
    "docx_bytes": (".docx uncompressed size (bytes)", "CCHC_MAX_DOCX_UNCOMPRESSED_BYTES"),
    "seconds": ("validation time (seconds)", "CCHC_VALIDATION_TIMEOUT_SECONDS"),
    "memory_mb": ("validation memory (MB)", "CCHC_VALIDATION_MEMORY_MB"),
}
# A Word document is a few dozen zip members (XML parts, a few images); thousands are not
# a document, and each member costs memory before any size is known.
MAX_DOCX_MEMBERS = 2000


@dataclass(frozen=True)
class ReadLimits:
    """The bounds readers enforce (defaults match ``bot.config.Settings``).

    Attributes:
        max_chars: Text one file may yield: about 400 printed pages, far above any plan
            (the largest shipped document has ~60,000 characters), while the embedding of
            1,000,000 characters (~4,000 answer units) stays within minutes on a CPU.
        max_pdf_pages: Pages of a PDF, counted before any text is extracted.
        max_docx_bytes: Sum of the uncompressed sizes a .docx declares; the zip reader
            never returns more than a member declares, so this bounds what is inflated.
    """

    max_chars: int = 1_000_000
    max_pdf_pages: int = 500
    max_docx_bytes: int = 50 * 1024 * 1024


DEFAULT_LIMITS = ReadLimits()
