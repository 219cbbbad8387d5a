"""The verifier: a draft is shown only if every sentence cites a passage that exists, every
fact it states is in the passages it cites, and no replaced rule is presented as current.

Checks, in order (the first failure is the verdict):

* ``unknown_passage`` – a citation ``[n]`` to a passage that was not sent;
* ``uncited_sentence`` – a sentence without a citation (a short lead-in ending in ":"
  with no facts, such as "Hồ sơ gồm:", is allowed);
* ``unverified_fact`` – a number, percentage, date, money amount, time limit or document
  number that is not in the passages the sentence cites (``bot.llm.facts`` normalises);
* ``replaced_as_current`` – a sentence that cites a passage of a replaced document (or a
  plan written before a later change), or names a replaced document, together with words
  that present it as in force ("hiện hành", "đang áp dụng") and no word that dates it
  ("đã được thay thế", "hết hiệu lực"). The validity notes themselves are added to every
  accepted answer by the composer, so the reader sees them whatever the draft says.

What it cannot see: a fact written in words ("bảy ngày"), a wrong claim with no number in
it, or a true fact attached to the wrong subject. It refuses too much rather than too little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.llm.facts import Fact, draft_facts, passage_keys
from bot.llm.passages import Passage
from indexer.textnorm import fold

VerdictOutcome = Literal["accepted", "unknown_passage", "uncited_sentence", "unverified_fact", "replaced_as_current"]

# "[1]", "[1, 2]", "[1; 3]", "[1-3]", "[1–3]".
CITATION = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\s*\]")
_LIST_MARKER = re.compile(r"^\s*(?:[-+*•]|\d{1,2}[.)]|[a-zđ]\))\s+")
_MARKDOWN = re.compile(r"[*_#`>]+")
# A sentence ends at ". ! ? …" followed by a space (its citations may come after the mark).
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# A fragment this short ("TP.", "Th.S.") is an abbreviation, not a sentence: it joins the next.
SHORT_FRAGMENT_WORDS = 2
# Folded words that present a rule as in force, and words that date it.
_CURRENT = re.compile(
    r"\b(hien hanh|hien nay|hien tai|dang ap dung|dang duoc ap dung|dang co hieu luc|con hieu luc|van ap dung|"
    r"van con ap dung|van duoc ap dung|moi nhat)\b"
)
_DATED = re.compile(r"\b(thay the|het hieu luc|khong con|truoc day|da thay doi|ap dung den|den het|khung cu)\b")


@dataclass(frozen=True)
class Verdict:
    """The verifier's decision; ``detail`` names the offending sentence or fact (for the log)."""

    outcome: VerdictOutcome
    detail: str = ""
    cited: tuple[int, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Whether the draft may be shown."""
        return self.outcome == "accepted"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a draft: its text without citations, and the passage numbers it cites."""

    text: str
    cites: tuple[int, ...]


def verify(draft: str, passages: list[Passage]) -> Verdict:
    """Check ``draft`` against the numbered ``passages`` (see the module doc)."""
    by_number = {p.number: p for p in passages}
    keys = {p.number: passage_keys(p.checked_text) for p in passages}
    replaced_refs = {f.key for p in passages if p.replaced for f in draft_facts(p.citation) if f.key.startswith("doc:")}
    cited: set[int] = set()
    for sentence in sentences(draft):
        unknown = [n for n in sentence.cites if n not in by_number]
        if unknown:
            return Verdict("unknown_passage", f"[{unknown[0]}] of {len(passages)} passages")
        facts = draft_facts(sentence.text)
        if not sentence.cites:
            if sentence.text.rstrip().endswith(":") and not facts:
                continue
            return Verdict("uncited_sentence", _short(sentence.text))
        allowed = set().union(*(keys[n] for n in sentence.cites))
        missing = _first_missing(facts, allowed)
        if missing is not None:
            return Verdict("unverified_fact", f"{missing.text!r} in {_short(sentence.text)}")
        if _presents_as_current(sentence, by_number, replaced_refs, facts):
            return Verdict("replaced_as_current", _short(sentence.text))
        cited.update(sentence.cites)
    if not cited:
        return Verdict("uncited_sentence", "no sentence cites a passage")
    return Verdict("accepted", cited=tuple(sorted(cited)))


def sentences(draft: str) -> list[Sentence]:
    """The draft's sentences: one per line or list item, split further at sentence ends.

    Citations written after the full stop ("… 80%. [1]") belong to the sentence before.
    """
    out: list[Sentence] = []
    for line in draft.splitlines():
        line = _MARKDOWN.sub("", _LIST_MARKER.sub("", line)).strip()
        if not line:
            continue
        pending = ""
        for part in _SENTENCE_END.split(line):
            lead = re.match(r"^(?:\s*\[[^\]]*\])+", part)
            if lead and out and not pending:  # citations after the previous sentence's full stop
                previous = out.pop()
                out.append(Sentence(previous.text, previous.cites + _numbers(lead.group(0))))
                part = part[lead.end():]
            part = (pending + " " + part).strip() if pending else part.strip()
            pending = ""
            if not part:
                continue
            if len(CITATION.sub("", part).split()) <= SHORT_FRAGMENT_WORDS and not CITATION.search(part):
                pending = part
                continue
            out.append(Sentence(CITATION.sub("", part).strip(), _numbers(part)))
        if pending:
            out.append(Sentence(pending, ()))
    return out


def _numbers(text: str) -> tuple[int, ...]:
    """The passage numbers of every citation in ``text`` ("[1-3]" is 1, 2, 3)."""
    numbers: list[int] = []
    for group in CITATION.findall(text):
        for item in re.split(r"\s*[,;]\s*", group):
            low, _, high = re.sub(r"\s*[–-]\s*", "-", item).partition("-")
            if high and int(high) >= int(low) and int(high) - int(low) < 20:
                numbers.extend(range(int(low), int(high) + 1))
            else:
                numbers.append(int(low))
    return tuple(dict.fromkeys(numbers))


def _first_missing(facts: list[Fact], allowed: set[str]) -> Fact | None:
    return next((fact for fact in facts if fact.key not in allowed), None)


def _presents_as_current(
    sentence: Sentence, passages: dict[int, Passage], replaced_refs: set[str], facts: list[Fact]
) -> bool:
    """A rule from a replaced or outdated passage, or a replaced document, stated as in force."""
    folded = fold(sentence.text)
    if not _CURRENT.search(folded) or _DATED.search(folded):
        return False
    outdated = any(passages[n].notes for n in sentence.cites)
    names_replaced = any(f.key in replaced_refs for f in facts)
    return outdated or names_replaced


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
