"""Domain exceptions of the indexer: one module so callers can catch them by name."""

from __future__ import annotations

from pathlib import Path


class IndexerError(Exception):
    """Base class of every error the indexer raises on purpose."""


class DocumentReadError(IndexerError):
    """A knowledge file could not be read or parsed into text.

    The message names the file and the reason, so that a knowledge reload can log which
    file was skipped and an admin can fix it without reading a traceback.

    Attributes:
        path: The file that failed.
        reason: Short human explanation ("empty file", "pdf has no extractable text").
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Cannot read document {self.path.name!r} ({self.path}): {reason}")


class StoreError(IndexerError):
    """The store is missing, unfinished or inconsistent."""


class ModelMismatchError(StoreError):
    """The store was built with a different embedding model than the reader's."""
