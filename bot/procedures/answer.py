"""A matched procedure as a Vietnamese answer: the requested fields, then the citation.

Every line is copied from the catalogue entry; a requested field the catalogue left out
is named as missing, because the catalogue's rule is to leave out what was not checked and
a citizen must not read silence as "no fee" or "no documents needed".
"""

from __future__ import annotations

from bot import messages
from bot.procedures.matcher import ProcedureMatch
from indexer.procedures import FIELD_LABELS, Procedure, format_date


def format_procedure_answer(match: ProcedureMatch, *, max_sources: int | None = None) -> str:
    """Answer text for ``match``: heading, requested fields, notes (whole-procedure answers
    only), citation line and source pages.

    Args:
        match: From `ProcedureMatcher.match`.
        max_sources: Show at most this many source addresses (None: all); the rest are
            counted ("và 3 trang khác") so the reader knows there are more.

    Returns:
        Plain text, lines separated by "\\n"; lists are "- " bullets.
    """
    procedure = match.procedure
    lines = [messages.PROCEDURE_HEADING.format(name=procedure.name)]
    for field in match.fields:
        lines.extend(field_lines(procedure, field))
    if match.all_fields and procedure.notes:
        lines.append(messages.PROCEDURE_NOTES.format(notes=procedure.notes))
    lines.append(citation(match))
    if procedure.sources:
        shown = procedure.sources if max_sources is None else procedure.sources[:max_sources]
        more = len(procedure.sources) - len(shown)
        text = messages.PROCEDURE_SOURCES.format(urls="; ".join(shown))
        lines.append(text + (messages.PROCEDURE_MORE_SOURCES.format(count=more) if more else ""))
    return "\n".join(lines)


def citation(match: ProcedureMatch) -> str:
    """The citation line: catalogue, update date, legal basis of the entry."""
    procedure = match.procedure
    as_of = messages.PROCEDURE_CITATION_AS_OF.format(date=format_date(procedure.as_of)) if procedure.as_of else ""
    basis = "; ".join(procedure.legal_basis) or messages.PROCEDURE_CITATION_NO_BASIS
    return messages.PROCEDURE_CITATION.format(catalogue=match.catalogue, as_of=as_of, legal_basis=basis)


def field_lines(procedure: Procedure, field: str) -> list[str]:
    """One field: "Label: value", a bulleted list, or the plain "not checked" sentence."""
    label = FIELD_LABELS[field]
    raw = getattr(procedure, field)
    if not raw:
        return [messages.PROCEDURE_FIELD_MISSING.format(label=label, what=messages.PROCEDURE_FIELD_NOUNS[field])]
    if isinstance(raw, list):
        if len(raw) == 1:
            return [f"{label}: {raw[0]}"]
        return [f"{label}:", *(f"- {item}" for item in raw)]
    return [f"{label}: {raw}"]
