"""Quiz errors: what was found, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path


class QuizError(Exception):
    """Base class of quiz errors."""


class BankError(QuizError):
    """A question or unit file cannot be used; names the file and (when known) the question id."""

    def __init__(self, path: Path, reason: str, item: str | None = None) -> None:
        """Args:
        path: The YAML file.
        reason: What is wrong and how to fix it.
        item: The question id (or "#n" for an entry without one).
        """
        self.path = path
        self.item = item
        self.reason = reason
        where = f"{path.name}, {item}" if item else path.name
        super().__init__(f"{where}: {reason}")
