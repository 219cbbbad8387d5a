"""A matched catalogue procedure as a structured answer: the field asked first.

The lines are those of ``bot.procedures.answer`` (copied from the catalogue entry; a
requested field the catalogue left out is named as missing). Here they are laid out short:
the first requested field leads, a few more lines follow, and the whole record stays one
"Xem thêm" away (the procedure's chunk in the store).
"""

from __future__ import annotations

from bot import messages
from bot.answer.models import Answer, Citation, Source, Subject
from bot.procedures import ProcedureMatch
from bot.procedures.answer import field_lines
from indexer.procedures import format_date

# A whole-procedure answer shows one line per field, cut to this many characters: the
# body stays under the answer budget and each field's opening says what it holds.
FIELD_LINE_CHARS = 110


def procedure_answer(question: str, match: ProcedureMatch, source: Source | None, *, max_lines: int) -> Answer:
    """The answer to ``question`` from ``match``'s catalogue entry.

    Args:
        question: As asked (normalised).
        match: The procedure and the fields asked (all of them when none was named).
        source: The procedure's chunk in the live store, for "Xem thêm" (None if absent).
        max_lines: Supporting lines under the direct answer, at most.
    """
    procedure = match.procedure
    if match.all_fields:
        direct = messages.PROCEDURE_HEADING.format(name=procedure.name)
        details = [_clip(field_lines(procedure, field)) for field in match.fields]
    else:
        lines = [line for field in match.fields for line in field_lines(procedure, field)]
        direct, details = lines[0], lines[1:]
    as_of = messages.PROCEDURE_CITATION_AS_OF.format(date=format_date(procedure.as_of)) if procedure.as_of else ""
    citation = Citation(
        document=messages.PROCEDURE_CATALOGUE_CITATION.format(catalogue=match.catalogue, as_of=as_of),
        section=messages.PROCEDURE_SECTION.format(name=procedure.name),
        url=procedure.sources[0] if procedure.sources else None,
    )
    sources = [source] if source is not None else []
    return Answer(
        question=question,
        found=True,
        kind="procedure",
        direct=direct,
        details=details[:max_lines],
        citation=citation,
        sources=sources,
        more=[0] if sources else [],
        subject=Subject(procedure_id=procedure.id, topic=procedure.name),
        top_score=match.score / 100,
    )


def _clip(lines: list[str]) -> str:
    """A field's lines as one line of at most ``FIELD_LINE_CHARS`` characters."""
    text = " ".join(lines)
    return text if len(text) <= FIELD_LINE_CHARS else text[: FIELD_LINE_CHARS - 1].rsplit(" ", 1)[0] + "…"
