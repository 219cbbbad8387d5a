"""Structured procedure answers: match a citizen's question to a catalogue entry, answer by field.

The integration surface for the answerer is three names: `ProcedureMatcher.from_knowledge_dir`,
`ProcedureMatcher.match` and `format_procedure_answer`.
"""

from bot.procedures.answer import format_procedure_answer
from bot.procedures.matcher import ProcedureMatch, ProcedureMatcher

__all__ = ["ProcedureMatch", "ProcedureMatcher", "format_procedure_answer"]
