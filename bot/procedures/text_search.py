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

import math
import re
from collections import Counter
from dataclasses import dataclass

import bm25s
import numpy as np

from bot.procedures.catalogue import Catalogue, Entry
from bot.procedures.fields import canonical_text
from bot.procedures.resolve import subject_of
from indexer.vntokens import syllables


@dataclass(frozen=True)
class TextHit:
    """A procedure whose text matches: the entry, the BM25 score, the best matching line.

    ``coverage`` is the share of the question's word weight (IDF over the lines) that the
    line holds: 1.0 when every word asked is in it.
    """

    entry: Entry
    score: float
    snippet: str
    coverage: float = 0.0


# Words of a "which procedure needs …" question that are not what it asks about.
_ASKING = frozenset("can dung yeu cau nhung".split())
# Long cells (conditions, steps) are cut into sentences so a line holds one fact.
_SENTENCE_RE = re.compile(r"(?<=[.;:])\s+|\n+")


def _body_lines(entry: Entry) -> list[str]:
    """The searchable lines of an entry: name, conditions, documents, result, applicants."""
    lines = [entry.name, *entry.aliases]
    record = entry.record
    if record is not None:
        lines += [line for text in (record.conditions, record.applicants) if text for line in _SENTENCE_RE.split(text)]
        lines += [item.name for group in record.documents for item in group.items]
        lines += list(record.result)
    elif entry.procedure is not None:
        procedure = entry.procedure
        lines += [*procedure.documents, *procedure.ways, *_SENTENCE_RE.split(procedure.notes or "")]
    return list(dict.fromkeys(line.strip() for line in lines if line and line.strip()))


class CatalogueTextIndex:
    """BM25 over every line of every entry; an entry scores by its best line."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._lines: list[str] = []
        self._owner: list[int] = []
        tokens: list[list[str]] = []
        for index, entry in enumerate(catalogue.entries):
            for line in _body_lines(entry):
                self._lines.append(line)
                self._owner.append(index)
                tokens.append(list(dict.fromkeys(syllables(line))) or [""])
        self._tokens = [frozenset(t) for t in tokens]
        # Line frequencies weigh the coverage figure (BM25 keeps its own statistics).
        counts = Counter(token for line in self._tokens for token in line)
        total = max(len(self._tokens), 1)
        self._idf = {t: math.log(1 + total / c) for t, c in counts.items()}
        self._unknown_idf = math.log(1 + total)
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokens or [[""]], show_progress=False)

    def search(self, question: str, k: int = 5) -> list[TextHit]:
        """The ``k`` entries whose best line matches ``question`` best (score > 0), best first."""
        tokens = list(dict.fromkeys(canonical_text(question).split()))
        if not tokens or not self._lines:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens))
        subject = [t for t in subject_of(" ".join(tokens)) if t not in _ASKING] or tokens
        wanted = {t: self._idf.get(t, self._unknown_idf) for t in subject}
        total = sum(wanted.values())
        hits: list[TextHit] = []
        seen: set[int] = set()
        for line in np.argsort(-scores)[: k * 20]:
            if scores[line] <= 0 or len(hits) >= k:
                break
            owner = self._owner[line]
            if owner in seen:
                continue
            seen.add(owner)
            held = sum(w for t, w in wanted.items() if t in self._tokens[line])
            hits.append(TextHit(self.catalogue.entries[owner], float(scores[line]), self._lines[line], held / total))
        return hits
