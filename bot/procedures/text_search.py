"""Search over the catalogue's text: conditions, documents, results, who may apply.

Why beside name matching: "giấy tờ nào phải có giấy khám sức khỏe" or "điều kiện có chứng
chỉ hành nghề 3 năm" name no procedure; the words are in a record's body. This index
answers "which procedures mention this", as a list to choose from, never as a confident
answer (a body word does not make the question about that procedure).

Built from the records once per catalogue (bm25s over the shared tokenizer's syllables),
a few seconds for the national catalogue, on the first search (`ProcedureMatcher.search_text`);
`resolve` never calls it, so the common case (a question naming a procedure) does not pay
for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from bot.procedures.catalogue import Catalogue, Entry
from bot.procedures.fields import canonical_text
from indexer.vntokens import syllables


@dataclass(frozen=True)
class TextHit:
    """A procedure whose text matches: the entry, the BM25 score, the best matching line."""

    entry: Entry
    score: float
    snippet: str


def _body_lines(entry: Entry) -> list[str]:
    """The searchable lines of an entry: name, conditions, documents, result, applicants."""
    lines = [entry.name, *entry.aliases]
    record = entry.record
    if record is not None:
        lines += [line for text in (record.conditions, record.applicants) if text for line in text.splitlines()]
        lines += [item.name for group in record.documents for item in group.items]
        lines += list(record.result)
    elif entry.procedure is not None:
        procedure = entry.procedure
        lines += [*procedure.documents, *procedure.ways, procedure.notes or ""]
    return [line.strip() for line in lines if line and line.strip()]


class CatalogueTextIndex:
    """BM25 over every entry's body lines."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._lines = [_body_lines(e) for e in catalogue.entries]
        self._line_tokens = [[frozenset(syllables(line)) for line in lines] for lines in self._lines]
        corpus = [[t for tokens in entry for t in tokens] or [""] for entry in self._line_tokens]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def search(self, question: str, k: int = 5) -> list[TextHit]:
        """The ``k`` entries whose text best matches ``question`` (score > 0), best first."""
        tokens = canonical_text(question).split()  # BM25's IDF already discounts common words
        if not tokens or not self.catalogue.entries:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens))
        order = np.argsort(-scores)[:k]
        hits = []
        wanted = set(tokens)
        for index in order:
            if scores[index] <= 0:
                break
            best = max(range(len(self._lines[index])), key=lambda i: len(wanted & self._line_tokens[index][i]))
            snippet = self._lines[index][best]
            hits.append(TextHit(self.catalogue.entries[index], float(scores[index]), snippet))
        return hits
