"""Catalogue procedures as structured answers: the field asked first, a version to pick, or a decline.

The lines come from ``bot.procedures`` (``ProcedureMatcher.answer_fields``: copied from the
entry or the portal record; a requested field the record leaves out is named as missing).
Here they are laid out short: the first requested field leads, the fields asked follow,
and the citation names the procedure, its portal code and address.
"""

from __future__ import annotations

from bot import messages
from bot.answer.extract import clip_words
from bot.answer.models import Answer, Choice, Citation, Subject
from bot.procedures import Absent, Ambiguous, Entry, ProcedureAnswer, TextHit

# A whole-procedure answer shows one line per field, cut to this many characters: the
# body stays under the answer budget and each field's opening says what it holds.
FIELD_LINE_CHARS = 110


def _clip(lines: list[str]) -> str:
    """A field's lines as one line of at most ``FIELD_LINE_CHARS`` characters."""
    text = " ".join(lines)
    return text if len(text) <= FIELD_LINE_CHARS else clip_words(text, FIELD_LINE_CHARS)


def entry_answer(
    question: str, parts: ProcedureAnswer, entry: Entry, *, max_lines: int, all_fields: bool, budget: int
) -> Answer:
    """The answer about a catalogue entry from its structured parts (``ProcedureMatcher.answer_fields``).

    The direct line answers the first field asked; the fields asked follow within ``budget``
    characters (the rest is on the portal page the citation links, and for a checked entry
    one "Xem thêm" away); a whole-procedure answer shows one short line per field. The citation names the procedure, its
    portal code and the catalogue, and links the portal page.
    """
    details: list[str] = []
    for part in parts.details:
        if part.missing or (len(part.lines) == 1 and part.lines[0] in parts.direct):
            continue
        if all_fields:
            details.append(_clip([f"{part.label}:", *part.lines]))
        else:
            details.extend([f"{part.label}:", *(f"- {line}" for line in part.lines)])
    used = len(parts.direct)
    kept: list[str] = []
    for line in details[:max_lines]:
        if used + len(line) + 1 > budget:
            break  # the rest is on the portal page, one "Xem thêm" / citation link away
        kept.append(line)
        used += len(line) + 1
    while kept and not all_fields and kept[-1].endswith(":"):
        kept.pop()  # a field's label whose lines did not fit ("Phí, lệ phí:" and nothing after it)
    details = kept
    citation = Citation(
        document=messages.PROCEDURE_SECTION.format(name=parts.citation.name)
        + (messages.PROCEDURE_CITE_CODE.format(code=parts.citation.code) if parts.citation.code else ""),
        section=parts.citation.catalogue
        + (messages.PROCEDURE_CITATION_AS_OF.format(date=parts.citation.as_of) if parts.citation.as_of else ""),
        url=parts.citation.url,
    )
    found = len(parts.missing) < len(parts.details) or not parts.details
    return Answer(
        question=question,
        found=found,
        kind="procedure",
        direct=parts.direct,
        details=details,
        citation=citation,
        subject=Subject(procedure_id=entry.id, topic=entry.name),
        top_score=1.0,
    )


def clarify_answer(question: str, ambiguous: Ambiguous) -> Answer:
    """A question back: which of these versions? (Buttons: short name + level or ministry.)"""
    choices = [Choice(label=c.label, question=question, procedure_id=c.entry.id) for c in ambiguous.candidates]
    return Answer(question=question, found=False, kind="clarify", direct=messages.CLARIFY_PROCEDURE, choices=choices)


def absent_answer(question: str, absent: Absent) -> Answer:
    """The catalogue lacks the procedure the question names: say so, and where to look."""
    named = absent.named.strip() or question
    return Answer(question=question, found=False, kind="not_found", direct=messages.PROCEDURE_ABSENT.format(named=named))


def body_matches_answer(question: str, hits: list[TextHit]) -> Answer:
    """Procedures whose records mention what the question asks about, one button each, each with its line."""
    details = []
    for hit in hits:
        line = " ".join(hit.snippet.split()).lstrip("-+* ")
        named = line.casefold() in {n.casefold() for n in [hit.entry.name, *hit.entry.aliases]}
        details.append(f"- {hit.entry.label()}" if named else f"- {hit.entry.label()}: “{_clip([line])}”")
    choices = [Choice(label=h.entry.label(), question=question, procedure_id=h.entry.id) for h in hits]
    return Answer(
        question=question, found=False, kind="clarify", direct=messages.BODY_MATCHES, details=details, choices=choices
    )
