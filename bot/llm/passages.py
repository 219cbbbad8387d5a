"""The numbered passages a draft may cite, built from an extractive answer's sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.answer.models import Answer
from bot.answer.validity import stale_note
from indexer.models import DocumentMeta

# Characters of one passage sent to the model: a chunk is rarely longer, and five of them
# stay within the 4k-token context of the small models offices run (Vietnamese runs at
# about 3 characters per token in their tokenizers).
PASSAGE_CHARS = 1500


@dataclass(frozen=True)
class Passage:
    """Passage ``number`` (1-based, the order of ``Answer.sources``) as sent to the model.

    ``replaced`` is true when the passage's document has been replaced; ``notes`` are the
    validity lines (replaced document, a plan written before a later change).
    """

    number: int
    text: str
    citation: str
    notes: tuple[str, ...] = ()
    replaced: bool = False

    @property
    def checked_text(self) -> str:
        """What a draft's facts are looked up in: the text, its citation and its notes."""
        return "\n".join([self.citation, self.text, *self.notes])


def passages_of(answer: Answer, documents: Mapping[str, DocumentMeta] | None = None) -> list[Passage]:
    """One passage per source, in order; ``documents`` (the live store's) adds the stale-plan notes."""
    passages = []
    for number, source in enumerate(answer.sources, start=1):
        text = _trim(source.text.strip(), PASSAGE_CHARS)
        notes = [source.note] if source.note else []
        meta = documents.get(source.doc_id) if documents is not None else None
        stale = stale_note(meta, text) if meta is not None else None
        notes += [stale] if stale else []
        passages.append(Passage(number, text, source.citation, tuple(notes), replaced=bool(source.note)))
    return passages


def _trim(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at the last line break (else space) before the limit."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind("\n"), head.rfind(" "))
    return head[:cut] if cut > 0 else head
