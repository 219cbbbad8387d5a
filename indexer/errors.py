"""Domain exceptions of the indexer: one module so callers can catch them by name."""

from __future__ import annotations

from pathlib import Path

from indexer.limits import LIMITS


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


class CatalogueError(DocumentReadError):
    """A procedure catalogue (``knowledge/procedures/*.yaml|csv``) is invalid.

    A subclass of `DocumentReadError` so that a knowledge build skips and reports a bad
    catalogue exactly like any unreadable file. The reason names the entry (its ``id``, or
    its position when the id itself is missing) so an office can find the line to fix.

    Attributes:
        entry: The entry's id or "#<position>" (1-based), or None for file-level errors.
    """

    def __init__(self, path: Path | str, reason: str, *, entry: str | None = None) -> None:
        self.entry = entry
        super().__init__(path, f"entry {entry}: {reason}" if entry else reason)


class DocumentLimitError(DocumentReadError):
    """A knowledge file is past one of the bounds of ``indexer.limits`` (too long, too many pages…).

    A subclass of `DocumentReadError`, so a build skips and reports it like any unreadable
    file; the fields let the bot word the refusal for people (``bot.messages``).

    Attributes:
        limit: Which bound: a key of ``indexer.limits.LIMITS``.
        found: The file's figure, when known (None: refused before it could be measured).
        maximum: The configured bound.
    """

    def __init__(self, path: Path | str, limit: str, found: float | None, maximum: float) -> None:
        self.limit = limit
        self.found = found
        self.maximum = maximum
        what, setting = LIMITS[limit]
        shown = f"{found:g}" if found is not None else "more"
        super().__init__(path, f"{what}: {shown} exceeds the limit of {maximum:g} ({setting})")
