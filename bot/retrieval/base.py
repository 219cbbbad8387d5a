"""Retrieval interface and hit type shared by every retriever."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk: its position in the store and the evidence for it.

    ``dense`` and ``lexical`` are the raw per-retriever scores (0 when the chunk was not in
    that list); ``ref`` is true when the chunk holds a legal reference named in the query;
    ``section`` when the query names the chunk's own heading (or a topic it lists).
    """

    index: int
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    ref: bool = False
    # The query names this chunk's own section heading ("đối tượng" → "1. Đối tượng tuyên truyền").
    section: bool = False


class Retriever(Protocol):
    """Anything that ranks the store's chunks for a query."""

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The ``k`` best chunks, best first (fewer if the store is smaller)."""
        ...
