"""A procedure answer in parts: the line that answers the field asked, the details, the citation.

`answer_fields(entry, fields)` builds a `ProcedureAnswer` from any catalogue entry (an
imported record or a checked entry). Channels render the parts as they like; `text()`
gives the plain rendering. Every line is the catalogue's own text ("as written"); a field
the record leaves empty is named as missing, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import messages
from bot.procedures.catalogue import Entry, way_line
from bot.procedures.fields import FIELDS, canonical_text
from bot.procedures.resolve import FILLER
from indexer.procedure_records import ProcedureRecord, Way
from indexer.procedures import Procedure, format_date

_SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# How many documents the direct line names before "và N giấy tờ khác".
DIRECT_DOCUMENTS = 3
# A long text field (conditions, steps) is cut at a sentence after about this many
# characters in the direct line; the details keep it whole.
DIRECT_CHARS = 300


@dataclass(frozen=True)
class FieldPart:
    """One field of the answer: its label, its lines (as written), or missing."""

    field: str
    label: str
    lines: tuple[str, ...]
    missing: bool = False


@dataclass(frozen=True)
class ProcedureCitation:
    """Where the answer comes from: the procedure's name, portal code and address, the catalogue."""

    name: str
    code: str | None
    url: str | None
    catalogue: str
    as_of: str | None = None

    def text(self) -> str:
        """The short citation line ("Nguồn: ... (mã 1.004222) — https://...")."""
        code = messages.PROCEDURE_CITE_CODE.format(code=self.code) if self.code else ""
        as_of = messages.PROCEDURE_CITATION_AS_OF.format(date=self.as_of) if self.as_of else ""
        line = messages.PROCEDURE_CITE.format(name=self.name, code=code, catalogue=self.catalogue, as_of=as_of)
        return f"{line} {self.url}" if self.url else line


@dataclass(frozen=True)
class ProcedureAnswer:
    """A structured procedure answer.

    Attributes:
        entry_id: The entry answered (remember it for follow-up questions).
        direct: The line that answers the first field asked (or the name, when none was).
        details: Every field asked, in full, in `FIELDS` order.
        citation: Name, code, portal address.
        missing: The asked fields the record leaves empty.
    """

    entry_id: str
    direct: str
    details: tuple[FieldPart, ...]
    citation: ProcedureCitation
    missing: tuple[str, ...]

    def text(self) -> str:
        """Plain text: direct line, then the details, then the citation."""
        lines = [self.direct]
        for part in self.details:
            if part.missing or (len(part.lines) == 1 and part.lines[0] in self.direct):
                continue
            lines.append(f"{part.label}:")
            lines.extend(f"- {line}" for line in part.lines)
        lines.append(self.citation.text())
        return "\n".join(lines)


def answer_fields(
    entry: Entry, fields: Sequence[str], *, fallback: Entry | None = None, question: str = ""
) -> ProcedureAnswer:
    """The parts of an answer about ``entry`` for ``fields`` (see the module docstring).

    Args:
        entry: From `Resolver.resolve` (``Matched.entry``) or `Catalogue.get`.
        fields: Keys of `bot.procedures.fields.FIELDS`; unknown keys are ignored.
        fallback: The portal record a checked entry summarises (same code): a field the
            checked entry leaves out is taken from it, and it gives the portal address.
        question: The question asked: within a field, the lines holding more of its words
            come first ("nhận kết quả qua bưu điện được không" leads with the line on the
            post), since a long field is cut to the answer budget.
    """
    asked = [f for f in FIELDS if f in set(fields)]
    found = {f: _part(entry, f, fallback) for f in asked}
    if asked and fields[0] in asked and not found[fields[0]].missing:
        # The field the question ends on leads (``bot.procedures.fields.requested``), when
        # the record has it.
        asked = [fields[0], *(f for f in asked if f != fields[0])]
    if "ways" in asked and "agency" not in asked and len(asked) > 1:
        # "làm online thì cần điều kiện gì": "online" says which way, the field asked is
        # the other one.
        asked = [f for f in asked if f != "ways"] + ["ways"]
    parts = tuple(found[f] for f in asked)
    if question:
        words = _asked_words(question, entry)
        parts = tuple(_relevant_first(part, words) for part in parts)
    missing = tuple(p.field for p in parts if p.missing)
    first = parts[0] if parts else None
    if first is None:
        direct = messages.PROCEDURE_HEADING.format(name=entry.name)
    elif first.missing:
        direct = messages.PROCEDURE_PART_MISSING.format(what=messages.PROCEDURE_PART_NOUNS[first.field], name=entry.name)
    else:
        direct = _direct_line(entry, first)
    procedure = entry.procedure
    citation = ProcedureCitation(
        name=entry.name,
        code=entry.code,
        url=(fallback.url if fallback is not None and fallback.url else entry.url),
        catalogue=entry.catalogue,
        as_of=format_date(procedure.as_of) if procedure is not None and procedure.as_of else None,
    )
    return ProcedureAnswer(entry_id=entry.id, direct=direct, details=parts, citation=citation, missing=missing)


def _asked_words(question: str, entry: Entry) -> frozenset[str]:
    """The question's subject words (canonical) that the procedure's own name does not have."""
    named = set(canonical_text(" ".join([entry.name, *entry.aliases])).split())
    return frozenset(w for w in canonical_text(question).split() if w not in FILLER and w not in named)


def _relevant_first(part: FieldPart, words: frozenset[str]) -> FieldPart:
    """``part`` with the lines holding more of ``words`` first (ties keep the record's order).

    A word counts by how few of the part's lines hold it: "người đi nộp phải mang giấy tờ gì
    của mình" is answered by the line on the declarant's own papers ("Người đi đăng ký xuất
    trình giấy tờ tùy thân"), not by any line saying "giấy tờ", as most of the list does.
    """
    if len(part.lines) < 2 or not words:
        return part
    line_words = [set(canonical_text(line).split()) & words for line in part.lines]
    count = len(part.lines)
    weight = {w: math.log(1 + count / sum(w in held for held in line_words)) for w in set().union(*line_words)}
    held = [sum(weight[w] for w in words_held) for words_held in line_words]
    order = sorted(range(len(part.lines)), key=lambda i: -held[i])
    return replace(part, lines=tuple(part.lines[i] for i in order))


def _direct_line(entry: Entry, part: FieldPart) -> str:
    """"<Label> của thủ tục <name>: <value>", short."""
    if part.field == "documents" and len(part.lines) > DIRECT_DOCUMENTS:
        shown = "; ".join(part.lines[:DIRECT_DOCUMENTS])
        value = messages.PROCEDURE_DOCUMENTS_MORE.format(shown=shown, count=len(part.lines) - DIRECT_DOCUMENTS)
    else:
        value = "; ".join(part.lines)
    if len(value) > DIRECT_CHARS:
        cut = value[:DIRECT_CHARS].rsplit(". ", 1)[0]
        value = (cut if len(cut) > DIRECT_CHARS // 3 else value[:DIRECT_CHARS].rsplit(" ", 1)[0]) + "…"
    return messages.PROCEDURE_DIRECT.format(label=part.label, name=entry.name, value=value)


def _part(entry: Entry, field: str, fallback: Entry | None = None) -> FieldPart:
    """One field of ``entry`` as lines (record or checked entry; then the fallback record)."""
    label = messages.PROCEDURE_PART_LABELS[field]
    lines = _record_lines(entry.record, field) if entry.record is not None else _checked_lines(entry.procedure, field)
    if not lines and fallback is not None and fallback.record is not None:
        lines = _record_lines(fallback.record, field)
    return FieldPart(field=field, label=label, lines=tuple(lines), missing=not lines)


def _record_lines(record: ProcedureRecord, field: str) -> list[str]:
    """A record's field as display lines."""
    if field == "time_limit":
        return _per_way_lines(record.ways, "time_limit")
    if field == "fee":
        return _fee_lines(record.ways)
    if field == "ways":
        return [way_line(w) for w in record.ways]
    if field == "documents":
        return [_document_line(group.case, item.name, item.form, item.count) for group in record.documents for item in group.items]
    if field == "agency":
        lines = [record.agency] if record.agency else []
        return lines + ([messages.PROCEDURE_ADDRESS.format(address=record.address)] if record.address else [])
    if field == "legal_basis":
        return [ref.display() for ref in record.legal_basis]
    if field == "result":
        return list(record.result)
    value = {"conditions": record.conditions, "applicants": record.applicants, "steps": record.steps}.get(field)
    return [line.strip() for line in value.splitlines() if line.strip()] if value else []


def _per_way_lines(ways: Sequence[Way], attribute: str) -> list[str]:
    """One value when every way has the same, else one "way: value" line per way."""
    values = [(w.channel, getattr(w, attribute)) for w in ways if getattr(w, attribute)]
    distinct = list(dict.fromkeys(v for _, v in values))
    if len(distinct) == 1:
        return distinct
    return [f"{channel}: {value}" for channel, value in values]


def _fee_lines(ways: Sequence[Way]) -> list[str]:
    """Fees per way, with the parenthesised detail the portal gives after the amount."""
    values = [(w.channel, w.fee + (f" ({w.fee_note})" if w.fee_note else "")) for w in ways if w.fee]
    distinct = list(dict.fromkeys(v for _, v in values))
    if len(distinct) == 1:
        return distinct
    return [f"{channel}: {value}" for channel, value in values]


def _document_line(case: str | None, name: str, form: str | None, count: str | None) -> str:
    """"[case:] name (form; count)"."""
    extra = "; ".join(x for x in (form and messages.PROCEDURE_FORM.format(form=form), count) if x)
    line = f"{name} ({extra})" if extra else name
    return f"{case.rstrip(' :')}: {line}" if case else line


def _checked_lines(procedure: Procedure | None, field: str) -> list[str]:
    """A checked entry's field as display lines (it has no result or steps).

    Its conditions are in its notes ("Điều kiện làm online: …"): the notes' sentences stand
    for them, the ones that hold the question's words first (see `answer_fields`).
    """
    if procedure is None:
        return []
    if field == "conditions":
        # Without their own stop: the lines are joined with "; " (never "tuổi;; tự nguyện").
        return [line for s in _SENTENCE_END.split(procedure.notes or "") if (line := s.strip().rstrip(".;"))]
    attribute = {"agency": "body"}.get(field, field)
    raw = getattr(procedure, attribute, None)
    if isinstance(raw, list):
        return list(raw)
    return [raw] if isinstance(raw, str) and raw else []
