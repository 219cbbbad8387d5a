"""Procedure answers: match a citizen's question to a catalogue procedure, answer by field.

The API the answerer wires in (one `ProcedureMatcher` per loaded knowledge base):

- ``ProcedureMatcher.from_knowledge_dir(dir)``: the whole catalogue (checked entries and
  imported records), cached per process while the files are unchanged;
- ``.resolve(question)`` → `Matched` (entry, fields asked) | `Ambiguous` (candidates with
  short labels) | `Absent` (the subject named, not in the catalogue) | None (no procedure
  question);
- ``.answer_fields(entry, fields)`` → `ProcedureAnswer` (direct line, details, citation);
- `asks_field_only(message)` → the fields a subject-less follow-up asks ("lệ phí?"), to
  answer about a remembered entry (``.get(entry_id)``);
- ``.search_text(question)`` → procedures whose body mentions the words;
- legacy, kept until the answerer switches over: ``.match``, ``.names``,
  `format_procedure_answer`.
"""

from bot.procedures.answer import format_procedure_answer
from bot.procedures.catalogue import Catalogue, Entry
from bot.procedures.fields import DEFAULT_FIELDS, FIELDS
from bot.procedures.matcher import ProcedureMatch, ProcedureMatcher
from bot.procedures.parts import FieldPart, ProcedureAnswer, ProcedureCitation, answer_fields
from bot.procedures.resolve import Absent, Ambiguous, Candidate, Matched, Resolution, Resolver, asks_field_only
from bot.procedures.text_search import TextHit

__all__ = [
    "DEFAULT_FIELDS", "FIELDS", "Absent", "Ambiguous", "Candidate", "Catalogue", "Entry", "FieldPart", "Matched",
    "ProcedureAnswer", "ProcedureCitation", "ProcedureMatch", "ProcedureMatcher", "Resolution", "Resolver", "TextHit",
    "answer_fields", "asks_field_only", "format_procedure_answer",
]
