"""Curated answers as YAML: what ``cchc curated export`` writes and ``import`` (or the console) reads.

An entry is the editable fields of :class:`~bot.curated.models.CuratedDraft` plus an
optional ``id``: an entry whose id exists updates that answer, any other is created. An
import is all or nothing: one bad entry refuses the file, with every reason listed, so a
half-imported file never has to be untangled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from bot import messages
from bot.curated.models import CuratedAnswer, CuratedDraft, draft_errors


class CuratedImportError(ValueError):
    """A YAML file that cannot be imported; ``reasons`` are Vietnamese, one per problem."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def dump_yaml(answers: Sequence[CuratedAnswer]) -> str:
    """The YAML of ``answers``: id first, then the fields an admin edits (empty ones left out)."""
    entries: list[dict[str, Any]] = []
    for answer in answers:
        fields = answer.draft().model_dump(mode="json", exclude_none=True)
        fields["questions"] = list(fields["questions"])
        entry = {"id": answer.id, **{k: v for k, v in fields.items() if v != ""}}
        entries.append(entry)
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def parse_yaml(text: str) -> list[tuple[int | None, CuratedDraft]]:
    """The (id or None, draft) entries of an exported or hand-written file.

    Raises:
        CuratedImportError: not YAML, not a list, or any entry invalid (all reasons listed).
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CuratedImportError([messages.CURATED_YAML_INVALID.format(reason=str(exc).splitlines()[0])]) from exc
    if not isinstance(data, list):
        raise CuratedImportError([messages.CURATED_YAML_NOT_LIST])
    items: list[tuple[int | None, CuratedDraft]] = []
    reasons: list[str] = []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            reasons.append(messages.CURATED_YAML_ENTRY.format(number=number, reason=messages.CURATED_YAML_NOT_LIST))
            continue
        fields = dict(entry)
        answer_id = fields.pop("id", None)
        if answer_id is not None and (not isinstance(answer_id, int) or isinstance(answer_id, bool) or answer_id < 1):
            reasons.append(messages.CURATED_YAML_ENTRY.format(number=number, reason=messages.CURATED_YAML_BAD_ID))
            continue
        try:
            items.append((answer_id, CuratedDraft.model_validate(fields)))
        except ValidationError as exc:
            reasons += [messages.CURATED_YAML_ENTRY.format(number=number, reason=r) for r in draft_errors(exc)]
    if reasons:
        raise CuratedImportError(reasons)
    return items
